// Where node answers are parsed: in this thread, or in a small pool of worker threads when the
// caller ships the worker script (the built CLI and app do; tests of TS sources parse inline).
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { AnswerJob, AnswerOutcome } from './parse-answer';
import { decodeAnswer } from './stream-answer';

export interface AnswerParser {
  parse(job: AnswerJob): Promise<AnswerOutcome>;
  close(): Promise<void>;
}

export const inlineParser: AnswerParser = {
  parse: (job) => Promise.resolve(decodeAnswer(job)),
  close: () => Promise.resolve(),
};

/** A buffer that can be handed to a worker whole (its own ArrayBuffer, exactly its size). */
function ownBuffer(b: Uint8Array): Uint8Array {
  return b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b : new Uint8Array(b);
}

interface Pending { resolve(o: AnswerOutcome): void; reject(e: Error): void }

export class WorkerParser implements AnswerParser {
  private readonly workers: Worker[] = [];
  private readonly busy = new Map<Worker, number>();
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  constructor(private readonly script: string, private readonly size = Math.max(1, Math.min(availableParallelism(), 8))) {}

  private worker(): Worker {
    // The least busy worker; start another while under the pool size.
    let best: Worker | undefined;
    for (const w of this.workers) if (!best || this.busy.get(w)! < this.busy.get(best)!) best = w;
    if (best && (this.busy.get(best) === 0 || this.workers.length >= this.size)) return best;
    const w = new Worker(this.script);
    w.unref();
    w.on('message', (msg: { id: number; out: AnswerOutcome }) => {
      this.busy.set(w, this.busy.get(w)! - 1);
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      p?.resolve(msg.out);
    });
    w.on('error', (err) => {
      // A crashed worker fails what it held; the next job starts a fresh one.
      this.workers.splice(this.workers.indexOf(w), 1);
      this.busy.delete(w);
      for (const [id, p] of this.pending) { this.pending.delete(id); p.reject(err); }
    });
    this.workers.push(w);
    this.busy.set(w, 0);
    return w;
  }

  parse(job: AnswerJob): Promise<AnswerOutcome> {
    const bytes = ownBuffer(job.bytes);
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      const w = this.worker();
      this.busy.set(w, this.busy.get(w)! + 1);
      w.postMessage({ id, job: { ...job, bytes } }, [bytes.buffer as ArrayBuffer]);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.splice(0).map((w) => w.terminate()));
  }
}

/** Workers when the script exists next to the caller's bundle, else this thread. */
export function answerParser(workerScript?: string): AnswerParser {
  return workerScript && existsSync(workerScript) ? new WorkerParser(workerScript) : inlineParser;
}
