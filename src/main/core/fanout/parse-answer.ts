// A node's 200 answer, bytes → validated matrix. Pure, so it runs the same in a worker thread.
import type { Series } from '../../../shared/elastickv/wire';
import { MatrixInputError, type NodeMatrix, parseNodeMatrix } from '../merge';
import { emptyMatrixJson } from '../merge/parse';
import { matrixBuffers } from '../merge/buffers';
import type { AnswerLimits, Parsed } from '../merge/parse';
import type { OwnActivity } from '../merge/leadership';
import { nodeText } from '../../../shared/node-text';
import { errorText } from '../../../shared/error-text';

/** What a decode needs besides the bytes (a session is opened with it before the body arrives). */
export interface SessionJob {
  source: string;
  index: number;
  series: Series;
  /** What the request allowed (rows asked, its window): a larger answer is refused before the merge. */
  limits?: AnswerLimits;
}

export interface AnswerJob extends SessionJob {
  bytes: Uint8Array;
}

export type AnswerOutcome =
  /** `activity`: the matrix's group activity, worked out where it was decoded (see ownActivity). */
  | { ok: true; matrix: NodeMatrix; warnings: string[]; bytes: Uint8Array; activity?: OwnActivity }
  | { ok: false; error: string; bytes: Uint8Array };

const decoder = new TextDecoder();

/** Bytes that are not JSON. `reason` quotes the node's bytes: escaped, as all node text is. */
export const notJson = (reason: string, bytes: Uint8Array): AnswerOutcome =>
  ({ ok: false, error: `the answer is not valid JSON (${nodeText(reason)})`, bytes });

/** What is kept (for snapshots) of a `{}` or `null` answer: the empty matrix it stands for. */
export const emptyAnswerBytes = (series: Series): Uint8Array => new TextEncoder().encode(JSON.stringify(emptyMatrixJson(series)));

export function parseAnswer(job: AnswerJob): AnswerOutcome {
  let json: unknown;
  try {
    json = JSON.parse(decoder.decode(job.bytes));
  } catch (err) {
    return notJson(errorText(err), job.bytes);
  }
  let bytes = job.bytes;
  if (json === null || (typeof json === 'object' && !Array.isArray(json) && Object.keys(json).length === 0)) {
    json = emptyMatrixJson(job.series);
    bytes = emptyAnswerBytes(job.series);
  }
  return answerOutcome(() => parseNodeMatrix(json, job.source, job.index, job.limits), job.series, bytes);
}

/** A decoded answer, or the decoder's refusal, in the fan-out's words (shared with stream-answer.ts). */
export function answerOutcome(decode: () => Parsed, series: Series, bytes: Uint8Array): AnswerOutcome {
  try {
    const parsed = decode();
    if (parsed.matrix.series !== series) {
      return { ok: false, error: `the node answered series ${parsed.matrix.series}, not ${series}`, bytes };
    }
    return { ok: true, matrix: parsed.matrix, warnings: parsed.warnings.map((w) => w.message), bytes };
  } catch (err) {
    if (!(err instanceof MatrixInputError)) throw err;
    return {
      ok: false, bytes,
      error: err.detail.includes('"fanout" block')
        ? 'the answer is already merged across nodes (it carries a fanout block: the node ignored X-Admin-Fanout-Peer); '
          + 'excluded so nothing is counted twice'
        : `the answer is not a KeyViz matrix: ${err.detail}`,
    };
  }
}

/** Every ArrayBuffer in an outcome, for a zero-copy postMessage. */
export function transferables(o: AnswerOutcome): ArrayBuffer[] {
  const activity = o.ok && o.activity ? [o.activity.groups, o.activity.starts, o.activity.slots, o.activity.terms].map((a) => a.buffer as ArrayBuffer) : [];
  return [...new Set([o.bytes.buffer as ArrayBuffer, ...(o.ok ? matrixBuffers(o.matrix) : []), ...activity])];
}
