// Worker-thread entry: decode node answers off the main thread (the app's main process must not
// freeze on a 40 MB answer, and several answers decode in parallel).
import { parentPort } from 'node:worker_threads';
import { type AnswerJob, transferables } from './parse-answer';
import { decodeAnswer } from './stream-answer';
import { errorText } from '../../../shared/error-text';

parentPort?.on('message', (msg: { id: number; job: AnswerJob }) => {
  let out;
  try {
    out = decodeAnswer(msg.job);
  } catch (err) {
    out = { ok: false as const, error: `could not parse the answer: ${errorText(err)}`, bytes: msg.job.bytes };
  }
  parentPort!.postMessage({ id: msg.id, out }, transferables(out));
});
