// Where files are opened for viewing: in a worker thread when the caller ships the built worker
// script (the app does), else in this thread (tests of the TS sources, and any caller without it).
//
// One worker per open, terminated once it has answered, rather than a kept one: the heap a big
// (or hostile) file grew goes away with it, a crash or a cancel ends that one open only, and two
// files opened at once are read in parallel. Starting a worker costs tens of milliseconds,
// nothing next to reading the file. It is not unref()ed: someone awaits its answer, and close()
// ends whatever still runs. The result comes back in bounded chunks (graph-wire.ts), rebuilt
// here a few milliseconds per turn of the event loop.
import { existsSync } from 'node:fs';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { DEFAULT_MAX_SNAPSHOT_BYTES } from '../snapshot';
import { GraphDecoder } from './graph-wire';
import { errorFrom, isOpenAnswer, isOpenedFile, type OpenedFile, type OpenWorkerData, runOpen } from './open-job';
import { errorText } from '../../../shared/error-text';

export interface OpenOptions {
  maxBytes?: number;
  /** Cancels the open: the worker is stopped and the open rejects. */
  signal?: AbortSignal;
}

export interface FileOpener {
  open(path: string, opts?: OpenOptions): Promise<OpenedFile>;
  /** Stops every open still running; each rejects. */
  close(): Promise<void>;
}

/** An open that ended without the reader's own answer: cancelled, too slow, or its worker failed. */
export class FileOpenError extends Error {
  constructor(readonly path: string, detail: string) {
    super(`${path}: ${detail}`);
  }
}

const cancelled = (path: string): FileOpenError => new FileOpenError(path, 'the open was cancelled');

export const inlineOpener: FileOpener = {
  open(path, opts = {}) {
    const { signal } = opts;
    if (signal?.aborted) return Promise.reject(cancelled(path));
    const work = runOpen({ path, maxBytes: opts.maxBytes ?? DEFAULT_MAX_SNAPSHOT_BYTES });
    if (!signal) return work;
    // This thread cannot be interrupted: a cancel only stops waiting for the result.
    return new Promise((resolve, reject) => {
      const onAbort = (): void => reject(cancelled(path));
      signal.addEventListener('abort', onAbort, { once: true });
      work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  },
  close: () => Promise.resolve(),
};

// No `resourceLimits` on the worker: past its limit, depending on how the memory was asked for
// (JSON.parse's large arrays are one such way), V8 aborts the whole process rather than the
// worker (nodejs/node#47224; seen here). Bounds on what a file may hold belong in the readers.
export interface WorkerOpenerOptions {
  /** An open still running after this long is stopped (a file must not keep the app waiting forever). */
  timeoutMs?: number;
}

function workerFailure(err: unknown): string {
  if ((err as { code?: unknown })?.code === 'ERR_WORKER_OUT_OF_MEMORY') return 'ran out of memory while opening it';
  return `the file opener failed (${errorText(err)})`;
}

/** The longest this thread spends rebuilding the result before it lets timers and I/O run. */
const SLICE_MS = 3;

/** One open in its worker: settles exactly once, whichever comes first (result, failure, deadline, cancel, close). */
class WorkerOpen {
  readonly done: Promise<OpenedFile>;
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private settled = false;
  /** The worker has handed everything over: its exit is no longer a failure. */
  private handedOver = false;
  private timer: NodeJS.Timeout | undefined;
  private resolve!: (f: OpenedFile) => void;
  private reject!: (e: Error) => void;

  constructor(private readonly path: string, script: string, maxBytes: number, o: WorkerOpenerOptions,
    private readonly signal: AbortSignal | undefined, private readonly ended: () => void) {
    this.done = new Promise((res, rej) => { this.resolve = res; this.reject = rej; });
    const { port1, port2 } = new MessageChannel();
    this.port = port2;
    const data: OpenWorkerData = { job: { path, maxBytes }, port: port1 };
    this.worker = new Worker(script, { workerData: data, transferList: [port1] });
    this.worker.on('message', (m: unknown) => this.answered(m));
    this.worker.once('error', (err) => { if (!this.handedOver) this.fail(workerFailure(err)); });
    this.worker.once('exit', (code) => { if (!this.handedOver) this.fail(`the file opener stopped (exit code ${code}) before it answered`); });
    if (o.timeoutMs !== undefined) {
      const after = o.timeoutMs < 10_000 ? `${o.timeoutMs} ms` : `${Math.round(o.timeoutMs / 1000)} s`;
      this.timer = setTimeout(() => this.fail(`still not open after ${after}: stopped`), o.timeoutMs);
    }
    signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  private readonly onAbort = (): void => this.settle(() => this.reject(cancelled(this.path)));

  stop(): Promise<number> {
    this.fail('the app is closing: the open was stopped');
    return this.worker.terminate();
  }

  private fail(detail: string): void {
    this.settle(() => this.reject(new FileOpenError(this.path, detail)));
  }

  private settle(end: () => void): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    this.signal?.removeEventListener('abort', this.onAbort);
    this.port.close();
    void this.worker.terminate();
    this.ended();
    end();
  }

  private answered(m: unknown): void {
    if (this.handedOver || this.settled) return;
    if (!isOpenAnswer(m)) { this.fail('the file opener answered something unexpected'); return; }
    if (m.tag === 'failed') { const err = errorFrom(m.error); this.settle(() => this.reject(err)); return; }
    this.handedOver = true;
    // Its chunks stay queued on our port. Rebuilt once the worker is gone: the collection of
    // its heap no longer competes with this thread's (measured: it halves the longest stall).
    void this.worker.terminate().then(() => setImmediate(() => this.receive(new GraphDecoder(), m.chunks)));
  }

  /** A few milliseconds of chunks per turn of the event loop, till the whole graph is here. */
  private receive(decoder: GraphDecoder, left: number): void {
    if (this.settled) return;
    const t0 = performance.now();
    try {
      do {
        const m = receiveMessageOnPort(this.port);
        if (!m) throw new Error('a part of the result went missing');
        decoder.add(m.message);
        left--;
      } while (left > 0 && performance.now() - t0 < SLICE_MS);
      if (left > 0) { setImmediate(() => this.receive(decoder, left)); return; }
      const file = decoder.result();
      if (isOpenedFile(file)) this.settle(() => this.resolve(file));
      else this.fail('the file opener answered something unexpected');
    } catch (err) {
      this.fail(`could not take the opened file over (${errorText(err)})`);
    }
  }
}

export class WorkerOpener implements FileOpener {
  /** Opens in flight. */
  private readonly running = new Set<WorkerOpen>();

  constructor(private readonly script: string, private readonly o: WorkerOpenerOptions = {}) {}

  open(path: string, opts: OpenOptions = {}): Promise<OpenedFile> {
    if (opts.signal?.aborted) return Promise.reject(cancelled(path));
    const one: WorkerOpen = new WorkerOpen(path, this.script, opts.maxBytes ?? DEFAULT_MAX_SNAPSHOT_BYTES, this.o, opts.signal,
      () => this.running.delete(one));
    this.running.add(one);
    return one.done;
  }

  async close(): Promise<void> {
    await Promise.all([...this.running].map((one) => one.stop()));
  }
}

/** A worker per open when the script exists, else this thread. */
export function fileOpener(workerScript?: string, o: WorkerOpenerOptions = {}): FileOpener {
  return workerScript && existsSync(workerScript) ? new WorkerOpener(workerScript, o) : inlineOpener;
}
