// Node answers saved as files (what `merge` and `balance` read): each read as a regular file
// within the matrix file limit and decoded as its chunks are read (the streaming decoder: no
// whole-file string, numbers straight into typed arrays), errors naming the file. With the built
// tool's worker script, files decode on this thread and in worker threads at once.
import { describeRefusal, FileReadError, jsonLimitWhy, openRegularFile, type OpenedFile, readRegularText } from '../main/core/files/read-file';
import { MatrixInputError, type MergeWarning, type NodeMatrix } from '../main/core/merge';
import type { Parsed } from '../main/core/merge/parse';
import { createMatrixDecoder } from '../main/core/merge/stream';
import { MAX_MATRIX_FILE_BYTES } from '../shared/limits';
import { errorText } from '../shared/error-text';
import { type FileWorker, startFileWorkers, takeFileWorkers } from './file-workers';

/** Why a file was not read, as a MatrixInputError naming it (`whole`: it was to be one string, and said why a limit). */
function refused(file: string, err: unknown, whole = true): never {
  if (!(err instanceof FileReadError)) throw err;
  const r = err.refusal;
  throw new MatrixInputError(file, r.kind === 'too-large' && whole ? `${describeRefusal(r)}${jsonLimitWhy(r.limit)}` : describeRefusal(r));
}

/** A regular file's text within `limit`, or a MatrixInputError naming it and why not. */
export async function readInputText(file: string, limit: number): Promise<string> {
  try {
    return await readRegularText(file, limit);
  } catch (err) {
    return refused(file, err);
  }
}

/**
 * One FILE as node answer `index`: read in chunks, each pushed to the decoder as it arrives (the
 * next chunk is being read meanwhile); a refusal stops the reading at once.
 */
export async function decodeMatrixFile(file: string, index: number): Promise<Parsed> {
  let f: OpenedFile;
  try {
    f = await openRegularFile(file, MAX_MATRIX_FILE_BYTES);
  } catch (err) {
    return refused(file, err, false);
  }
  const decoder = createMatrixDecoder(file, index);
  const chunks = f.stream();
  try {
    for await (const chunk of chunks) decoder.push(chunk as Buffer);
    return decoder.end();
  } catch (err) {
    if (err instanceof MatrixInputError) throw err;
    if (err instanceof FileReadError) return refused(file, err, false);
    // Anything else (out of memory, a read error) still names the file, and is not retried.
    throw new MatrixInputError(file, `cannot be read (${errorText(err)})`);
  } finally {
    chunks.destroy(); // stopped early (a refusal): close the file
  }
}

/** A worker's outcome as this thread's: the matrix, or the error class it threw there. */
async function fromWorker(w: FileWorker, file: string, index: number): Promise<Parsed> {
  const out = await w.run(file, index);
  if (out.ok) return out.parsed;
  throw 'detail' in out ? new MatrixInputError(out.source, out.detail) : new Error(out.error);
}

/**
 * Each FILE as one node's answer, in order (`index` = its position, for warnings). `workerScript`:
 * the built tool's matrix-file-worker.js; when it exists, files are taken in order by this thread
 * and by worker threads alike (file-workers.ts: one per further core). The error is the one reading them in order
 * would give: once a file is refused no other is started, and the first refused file is named.
 */
export async function readMatrixFiles(files: readonly string[], workerScript?: string): Promise<{ inputs: NodeMatrix[]; warnings: MergeWarning[] }> {
  const results: Array<{ ok: true; parsed: Parsed } | { ok: false; err: unknown }> = [];
  let next = 0;
  let refused = false;
  const take = (): number | null => (refused || next >= files.length ? null : next++);
  const settle = (i: number, p: Promise<Parsed>): Promise<void> => p.then(
    (parsed) => { results[i] = { ok: true, parsed }; },
    (err: unknown) => { results[i] = { ok: false, err }; refused = true; },
  );
  const here = async (): Promise<void> => {
    for (let i = take(); i !== null; i = take()) await settle(i, decodeMatrixFile(files[i]!, i));
  };
  startFileWorkers(workerScript, files.length); // unless the command started them already
  const workers = takeFileWorkers();
  const there = async (w: FileWorker): Promise<void> => {
    for (let i = take(); i !== null; i = take()) {
      const file = files[i]!;
      // A worker that cannot run (crashed, out of memory) leaves its file to this thread.
      await settle(i, fromWorker(w, file, i).catch((err: unknown) => {
        if (err instanceof MatrixInputError) throw err;
        return decodeMatrixFile(file, i);
      }));
    }
  };
  try {
    await Promise.all([here(), ...workers.map(there)]);
  } finally {
    for (const w of workers) w.close();
  }
  const inputs: NodeMatrix[] = [];
  const warnings: MergeWarning[] = [];
  // In order: files are taken in order, so every file before a refused one was read.
  for (const r of results) {
    if (!r.ok) throw r.err;
    inputs.push(r.parsed.matrix);
    warnings.push(...r.parsed.warnings);
  }
  return { inputs, warnings };
}
