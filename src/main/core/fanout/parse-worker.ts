// Worker-thread entry: decode node answers off the main thread as their bodies arrive (the app's
// main process must not freeze on a 40 MB answer, and several answers decode in parallel). One
// session per answer (parse-messages.ts); a refusal is told at once so the sender stops feeding it.
import { parentPort } from 'node:worker_threads';
import { type AnswerOutcome, transferables } from './parse-answer';
import type { FromWorker, ToWorker } from './parse-messages';
import { type AnswerStream, createAnswerStream } from './stream-answer';
import { errorText } from '../../../shared/error-text';

const sessions = new Map<number, AnswerStream>();
/** Stands for the body, which the sender kept: its identity tells whether the outcome kept it. */
const BODY = new Uint8Array(0);

const post = (m: FromWorker, transfer: ArrayBuffer[] = []): void => parentPort!.postMessage(m, transfer);

function end(id: number, s: AnswerStream): void {
  let out: AnswerOutcome;
  try {
    out = s.end(BODY);
  } catch (err) {
    out = { ok: false, error: `could not parse the answer (${errorText(err)})`, bytes: BODY };
  }
  const body = out.bytes === BODY;
  if (body) out = { ...out, bytes: new Uint8Array(0) };
  post({ op: 'done', id, out, body }, transferables(out));
}

parentPort?.on('message', (m: ToWorker) => {
  switch (m.op) {
    case 'open':
      sessions.set(m.id, createAnswerStream(m.job));
      break;
    case 'push': {
      const s = sessions.get(m.id);
      if (s !== undefined && !s.failed) {
        s.push(m.chunk);
        if (s.failed) post({ op: 'failed', id: m.id });
      }
      const buffer = m.chunk.buffer as ArrayBuffer; // the decoder keeps nothing of a chunk once pushed
      post({ op: 'took', id: m.id, bytes: m.chunk.byteLength, buffer }, [buffer]);
      break;
    }
    case 'end': {
      const s = sessions.get(m.id);
      sessions.delete(m.id);
      if (s !== undefined) end(m.id, s);
      break;
    }
    case 'abort':
      sessions.delete(m.id);
      break;
    case 'count':
      post({ op: 'count', id: m.id, sessions: sessions.size });
      break;
  }
});
