// parseAnswer's outcome from the streaming decoder (src/main/core/merge/stream): no whole-body
// string, numbers straight into typed arrays. createAnswerStream takes a body chunk by chunk as it
// arrives (the fan-out's parse sessions, parse-pool.ts); decodeAnswer a whole body. parseAnswer
// (JSON.parse + validation) is the reference the differential tests hold it to.
import { createMatrixDecoder, MatrixSyntaxError } from '../merge/stream';
import { ownActivity } from '../merge/leadership';
import { type AnswerJob, type AnswerOutcome, answerOutcome, emptyAnswerBytes, notJson, type SessionJob } from './parse-answer';

export interface AnswerStream {
  /** One body chunk; never throws (a refusal is kept for end()). */
  push(chunk: Uint8Array): void;
  /** The body's bytes may be dropped from here: the answer is refused whatever follows. */
  readonly failed: boolean;
  /** `bytes`: the whole body as received (kept for snapshots, as parseAnswer keeps it). */
  end(bytes: Uint8Array): AnswerOutcome;
}

export function createAnswerStream(job: SessionJob): AnswerStream {
  const d = createMatrixDecoder(job.source, job.index, job.limits, job.series);
  return {
    push(chunk) {
      if (d.failed) return;
      try {
        d.push(chunk);
      } catch {
        // kept by the decoder: end() throws it again
      }
    },
    get failed() {
      return d.failed;
    },
    end(bytes) {
      try {
        const parsed = d.end();
        const kept = d.emptyAnswer ? emptyAnswerBytes(job.series) : bytes;
        const out = answerOutcome(() => parsed, job.series, kept);
        // Worked out here, beside the decoding (a worker's, as other answers arrive), not in the merge.
        return out.ok ? { ...out, activity: ownActivity(out.matrix) } : out;
      } catch (err) {
        if (err instanceof MatrixSyntaxError) return notJson(err.reason, bytes);
        return answerOutcome(() => { throw err; }, job.series, bytes);
      }
    },
  };
}

/** A whole body at once. */
export function decodeAnswer(job: AnswerJob): AnswerOutcome {
  const s = createAnswerStream(job);
  s.push(job.bytes);
  return s.end(job.bytes);
}
