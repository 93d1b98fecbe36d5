// Worker-thread entry: one file opened off the app's main thread (a 100 MB snapshot must not
// freeze every window). One job per worker, given as workerData with the port its result goes
// to in bounded chunks (graph-wire); then one answer on parentPort, and the worker ends.
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { encodeGraph } from './graph-wire';
import { errorData, type OpenAnswer, type OpenedFile, type OpenWorkerData, runOpen } from './open-job';
import { errorText } from '../../../shared/error-text';

async function main(parent: MessagePort, { job, port }: OpenWorkerData): Promise<void> {
  let file: OpenedFile;
  try {
    file = await runOpen(job);
  } catch (err) {
    parent.postMessage({ tag: 'failed', error: errorData(err) } satisfies OpenAnswer);
    return;
  }
  let answer: OpenAnswer;
  try {
    let chunks = 0;
    for (const { chunk, transfer } of encodeGraph(file)) { port.postMessage(chunk, transfer); chunks++; }
    answer = { tag: 'opened', chunks };
  } catch (err) {
    // Something in the result that cannot cross (a bug of ours): said, rather than a silent worker.
    answer = { tag: 'failed', error: { kind: 'other', message: `could not hand the opened file over: ${errorText(err)}` } };
  }
  // Posted chunks stay queued on the receiving port after this worker ends.
  parent.postMessage(answer);
}

if (parentPort) void main(parentPort, workerData as OpenWorkerData);
