// Worker-thread entry: parse node answers off the main thread (the app's main process must not
// freeze on a 40 MB JSON.parse, and several answers parse in parallel).
import { parentPort } from 'node:worker_threads';
import { type AnswerJob, parseAnswer, transferables } from './parse-answer';
import { errorText } from '../../../shared/error-text';

parentPort?.on('message', (msg: { id: number; job: AnswerJob }) => {
  let out;
  try {
    out = parseAnswer(msg.job);
  } catch (err) {
    out = { ok: false as const, error: `could not parse the answer: ${errorText(err)}`, bytes: msg.job.bytes };
  }
  parentPort!.postMessage({ id: msg.id, out }, transferables(out));
});
