// Worker-thread entry (out/cli/matrix-file-worker.js): reads and decodes one saved node answer per
// message, as matrix-files.ts does on the main thread, so several files decode at once.
import { parentPort } from 'node:worker_threads';
import { MatrixInputError } from '../main/core/merge';
import { errorText } from '../shared/error-text';
import type { FileJob, FileOutcome } from './file-workers';
import { decodeMatrixFile } from './matrix-files';
import { matrixBuffers } from '../main/core/merge/buffers';

parentPort?.on('message', (job: FileJob) => {
  decodeMatrixFile(job.file, job.index).then(
    (parsed): FileOutcome => ({ id: job.id, ok: true, parsed }),
    (err: unknown): FileOutcome => (err instanceof MatrixInputError
      ? { id: job.id, ok: false, source: err.source, detail: err.detail }
      : { id: job.id, ok: false, error: errorText(err) }),
  ).then((out) => parentPort!.postMessage(out, out.ok ? matrixBuffers(out.parsed.matrix) : []));
});
