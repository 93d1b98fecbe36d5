// Where node answers are decoded: in a small pool of worker threads when the caller ships the
// worker script (the built CLI and app do; tests of TS sources decode in this thread). Either way
// a body is decoded as it arrives, in a session fed chunk by chunk, so decoding overlaps the
// transfer and little is left to do once the last byte is in.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { KIB, MAX_DECODE_THREADS } from '../../../shared/limits';
import type { AnswerJob, AnswerOutcome, SessionJob } from './parse-answer';
import type { FromWorker, ToWorker } from './parse-messages';
import { type AnswerStream, createAnswerStream } from './stream-answer';

/** One answer's decoding, opened before its body arrives. */
export interface AnswerSession {
  /** Body bytes as received, in order. The caller keeps `chunk`: it is read (or copied) here, never kept. */
  push(chunk: Uint8Array): void;
  /** The decoder has refused: the answer is refused whatever follows (later chunks are ignored, and need not be kept). */
  readonly failed: boolean;
  /** The body is complete; `whole`: its bytes as received (the outcome keeps them, for snapshots). Rejects if its worker died. */
  end(whole: Uint8Array): Promise<AnswerOutcome>;
  /** Drop the session (a cap passed, the deadline, a transport error): its decoder's state is freed. */
  abort(): void;
  /**
   * Null while the decoder keeps up; else it is behind by more than SESSION_BACKLOG bytes, and the
   * caller should stop reading until this resolves (the copies in flight stay bounded).
   */
  wait(): Promise<void> | null;
}

export interface AnswerParser {
  open(job: SessionJob): AnswerSession;
  /** Sessions held now (by the workers, as they count them): aborted and ended ones are not. */
  sessions(): Promise<number>;
  close(): Promise<void>;
}

/** A whole body at once. */
export function parseWhole(parser: AnswerParser, job: AnswerJob): Promise<AnswerOutcome> {
  const s = parser.open(job);
  s.push(job.bytes);
  return s.end(job.bytes);
}

const aborted = (): Error => new Error('the decoding session was aborted');

/** Decodes in this thread, each chunk as it is pushed. */
class InlineParser implements AnswerParser {
  private live = 0;

  open(job: SessionJob): AnswerSession {
    let stream: AnswerStream | null = createAnswerStream(job);
    this.live++;
    const drop = (): void => {
      if (stream === null) return;
      stream = null;
      this.live--;
    };
    return {
      push: (chunk) => stream?.push(chunk),
      get failed() {
        return stream?.failed ?? false;
      },
      end: (whole) => new Promise<AnswerOutcome>((resolve) => {
        if (stream === null) throw aborted();
        try {
          resolve(stream.end(whole));
        } finally {
          drop();
        }
      }),
      abort: drop,
      wait: () => null, // decoded as pushed
    };
  }

  sessions(): Promise<number> {
    return Promise.resolve(this.live);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

export const inlineParser: AnswerParser = new InlineParser();

/**
 * Bytes per message to a worker. undici's chunks are views of pooled read buffers (and the caller
 * keeps them for the snapshot), so they are copied, never transferred; copying them into batches
 * this size costs one postMessage (and one worker wake-up) per batch instead of per 64 KiB read.
 */
export const SESSION_BATCH = 256 * KIB;

/**
 * Bytes sent to a worker and not yet read there past which the reader waits: a body arriving
 * faster than it decodes would otherwise be held twice (kept, and queued for the worker).
 */
export const SESSION_BACKLOG = 16 * SESSION_BATCH;

/** Batch buffers back from the workers, for the next batches (a few: the backlog bounds how many are out). */
class SpareBuffers {
  private readonly free: ArrayBuffer[] = [];

  take(): Uint8Array {
    const b = this.free.pop();
    return b ? new Uint8Array(b) : new Uint8Array(SESSION_BATCH);
  }

  give(b: ArrayBuffer): void {
    if (b.byteLength === SESSION_BATCH && this.free.length < 2 * SESSION_BACKLOG / SESSION_BATCH) this.free.push(b);
  }
}

interface Slot {
  worker: Worker;
  sessions: Map<number, WorkerSession>;
  /** Replies awaited to `count`. */
  counts: Map<number, (n: number) => void>;
}

class WorkerSession implements AnswerSession {
  failed = false;
  private batch: Uint8Array | null = null;
  private used = 0;
  private closed = false;
  private lostWith: Error | null = null;
  private whole: Uint8Array | null = null;
  private waiting: { resolve(o: AnswerOutcome): void; reject(e: Error): void } | null = null;
  /** Bytes posted and not yet read by the worker. */
  private inFlight = 0;
  private drained: { promise: Promise<void>; resolve(): void } | null = null;

  constructor(private readonly id: number, private readonly slot: Slot, private readonly spare: SpareBuffers) {}

  private post(msg: ToWorker, transfer: ArrayBuffer[] = []): void {
    if (msg.op === 'push') this.inFlight += msg.chunk.byteLength;
    this.slot.worker.postMessage(msg, transfer);
  }

  wait(): Promise<void> | null {
    if (this.inFlight <= SESSION_BACKLOG || this.closed || this.lostWith) return null;
    if (this.drained === null) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => { resolve = r; });
      this.drained = { promise, resolve };
    }
    return this.drained.promise;
  }

  /** Whoever waits may read on (the backlog is down to half, or there is nothing left to wait for). */
  private release(): void {
    this.drained?.resolve();
    this.drained = null;
  }

  push(chunk: Uint8Array): void {
    if (this.failed || this.closed || this.lostWith) return;
    if (this.used + chunk.length > SESSION_BATCH) this.flush();
    if (chunk.length >= SESSION_BATCH) {
      const own = new Uint8Array(chunk); // a copy
      this.post({ op: 'push', id: this.id, chunk: own }, [own.buffer]);
      return;
    }
    this.batch ??= this.spare.take();
    this.batch.set(chunk, this.used);
    this.used += chunk.length;
    if (this.used === SESSION_BATCH) this.flush();
  }

  private flush(): void {
    if (this.batch === null || this.used === 0) return;
    const chunk = this.batch.subarray(0, this.used);
    this.batch = null;
    this.used = 0;
    this.post({ op: 'push', id: this.id, chunk }, [chunk.buffer as ArrayBuffer]);
  }

  end(whole: Uint8Array): Promise<AnswerOutcome> {
    if (this.lostWith) return Promise.reject(this.lostWith);
    if (this.closed) return Promise.reject(aborted());
    this.flush();
    this.closed = true;
    this.whole = whole;
    this.post({ op: 'end', id: this.id });
    const p = new Promise<AnswerOutcome>((resolve, reject) => { this.waiting = { resolve, reject }; });
    p.catch(() => {}); // an abort after a lost race rejects it with nobody left to hear
    return p;
  }

  abort(): void {
    if (this.lostWith || !this.slot.sessions.has(this.id)) return;
    this.closed = true;
    this.batch = null;
    this.whole = null;
    this.slot.sessions.delete(this.id);
    this.post({ op: 'abort', id: this.id });
    this.waiting?.reject(aborted());
    this.waiting = null;
    this.release();
  }

  hear(m: FromWorker): void {
    if (m.op === 'took') {
      this.spare.give(m.buffer);
      this.inFlight -= m.bytes;
      if (this.inFlight <= SESSION_BACKLOG / 2) this.release();
    } else if (m.op === 'failed') {
      this.failed = true;
      this.batch = null;
      this.used = 0;
    } else if (m.op === 'done') {
      this.slot.sessions.delete(this.id);
      const out = m.body ? { ...m.out, bytes: this.whole! } : m.out;
      this.whole = null;
      this.waiting?.resolve(out);
      this.waiting = null;
    }
  }

  /** Its worker died: what was asked fails with why. */
  lost(err: Error): void {
    this.lostWith = err;
    this.failed = true; // the answer cannot be decoded now: the body need not be kept
    this.batch = null;
    this.whole = null;
    this.waiting?.reject(err);
    this.waiting = null;
    this.release();
  }
}

/**
 * Workers started at most (on demand): a few more than the cores. Answers arrive together, so with
 * as many workers as cores a third answer on two cores shares a worker with another and the pair
 * decode one after the other while the other core idles: the round waits for twice one decode.
 * One worker per answer lets the cores share all of them (1.5 decodes for three on two cores).
 */
export function defaultPoolSize(cores = availableParallelism()): number {
  return Math.min(MAX_DECODE_THREADS, Math.max(1, cores) + 2);
}

export class WorkerParser implements AnswerParser {
  private readonly slots: Slot[] = [];
  private readonly spare = new SpareBuffers();
  private nextId = 0;

  constructor(private readonly script: string, private readonly size = defaultPoolSize()) {}

  /** The worker with the fewest sessions; another is started while under the pool size. */
  private slot(): Slot {
    let best: Slot | undefined;
    for (const s of this.slots) if (!best || s.sessions.size < best.sessions.size) best = s;
    if (best && (best.sessions.size === 0 || this.slots.length >= this.size)) return best;
    return this.start();
  }

  private start(): Slot {
    const worker = new Worker(this.script);
    worker.unref();
    const slot: Slot = { worker, sessions: new Map(), counts: new Map() };
    worker.on('message', (m: FromWorker) => {
      if (m.op === 'count') {
        slot.counts.get(m.id)?.(m.sessions);
        slot.counts.delete(m.id);
      } else {
        const s = slot.sessions.get(m.id);
        if (s) s.hear(m);
        else if (m.op === 'took') this.spare.give(m.buffer);
      }
    });
    // A crashed worker fails the sessions it held (only those); the next session starts a fresh one.
    worker.on('error', (err) => this.lose(slot, err));
    worker.on('exit', (code) => this.lose(slot, new Error(`the parse worker stopped (exit code ${code})`)));
    this.slots.push(slot);
    return slot;
  }

  private lose(slot: Slot, err: Error): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.slots.splice(i, 1);
    for (const s of slot.sessions.values()) s.lost(err);
    slot.sessions.clear();
    for (const reply of slot.counts.values()) reply(0);
    slot.counts.clear();
  }

  open(job: SessionJob): AnswerSession {
    const slot = this.slot();
    const id = this.nextId++;
    const session = new WorkerSession(id, slot, this.spare);
    slot.sessions.set(id, session);
    slot.worker.postMessage({ op: 'open', id, job } satisfies ToWorker);
    return session;
  }

  async sessions(): Promise<number> {
    const counts = await Promise.all(this.slots.map((slot) => new Promise<number>((resolve) => {
      const id = this.nextId++;
      slot.counts.set(id, resolve);
      slot.worker.postMessage({ op: 'count', id } satisfies ToWorker);
    })));
    return counts.reduce((a, b) => a + b, 0);
  }

  async close(): Promise<void> {
    const slots = [...this.slots];
    for (const s of slots) this.lose(s, new Error('the parse workers were closed'));
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}

/** Workers when the script exists next to the caller's bundle, else this thread. */
export function answerParser(workerScript?: string): AnswerParser {
  return workerScript && existsSync(workerScript) ? new WorkerParser(workerScript) : inlineParser;
}
