// Worker threads that read and decode saved node answers (matrix-file-worker.ts), one file per
// message. Light on purpose (no decoder, no zod here): `merge` starts them before its own code
// loads, so their start-up overlaps this thread's.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Parsed } from '../main/core/merge/parse';
import { MAX_DECODE_THREADS } from '../shared/limits';

/** A file for a worker: decode FILE as answer `index`. */
export interface FileJob { id: number; file: string; index: number }

/** A worker's answer: the decoded file, its MatrixInputError's parts, or any other failure's text. */
export type FileOutcome =
  | { id: number; ok: true; parsed: Parsed }
  | { id: number; ok: false; source: string; detail: string }
  | { id: number; ok: false; error: string };

/** One worker thread decoding files one at a time. */
export class FileWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve(o: FileOutcome): void; reject(e: Error): void }>();
  private nextId = 0;
  /** Why it stopped (crashed, exited): what it held and anything asked later fail with it. */
  private dead: Error | null = null;

  constructor(script: string) {
    this.worker = new Worker(script);
    this.worker.on('message', (out: FileOutcome) => {
      this.pending.get(out.id)?.resolve(out);
      this.pending.delete(out.id);
      if (this.pending.size === 0) this.worker.unref();
    });
    const stop = (err: Error): void => {
      this.dead ??= err;
      for (const p of this.pending.values()) p.reject(this.dead);
      this.pending.clear();
    };
    this.worker.on('error', stop);
    this.worker.on('exit', (code) => stop(new Error(`the file worker exited (${code})`)));
    // Held only while it has a file: a command that stops before reading (bad usage) leaves at
    // once, and one waiting for a file's answer waits. (Last: adding a listener refs it again.)
    this.worker.unref();
  }

  run(file: string, index: number): Promise<FileOutcome> {
    return new Promise<FileOutcome>((resolve, reject) => {
      if (this.dead) { reject(this.dead); return; }
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ id, file, index } satisfies FileJob);
    });
  }

  close(): void {
    void this.worker.terminate();
  }
}

let started: FileWorker[] = [];

/**
 * Start the workers `files` files would use (one per further core, fewer than the files) if the
 * script exists; readMatrixFiles takes them. Calling it again adds none beyond that.
 */
export function startFileWorkers(script: string | undefined, files: number): void {
  if (!script || !existsSync(script)) return;
  const want = Math.max(0, Math.min(availableParallelism() - 1, files - 1, MAX_DECODE_THREADS - 1));
  while (started.length < want) started.push(new FileWorker(script));
}

/** The started workers, handed over (the caller closes them). */
export function takeFileWorkers(): FileWorker[] {
  const w = started;
  started = [];
  return w;
}
