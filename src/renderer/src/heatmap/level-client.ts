// The window's half of a zoom: a matrix's values go to the level worker in slices (one
// postMessage of 200 MB would itself block the window: structured clone runs on this thread), a
// few per task, yielding between tasks; levels come back transferred and are kept per job. Only
// the latest job lives: a new matrix or colour scale drops the one before, and its late answers.
import type { ScaleSpec } from './color';
import type { FromWorker, ToWorker } from './level-builder';
import { halvings, type Level } from './pyramid';

export interface Port {
  postMessage(m: ToWorker, transfer: Transferable[]): void;
  onmessage: ((e: { data: FromWorker }) => void) | null;
}

export interface Scheduling {
  /** Cells per slice (a copy of this many doubles, then a transfer). */
  sliceCells: number;
  /** Slicing stops for a turn of the event loop after this long in one task. */
  budgetMs: number;
  now: () => number;
  /** Resolves in a later task (the window paints and answers input in between). */
  yieldTask: () => Promise<void>;
}

export interface Job {
  readonly rows: number;
  readonly cols: number;
  readonly maxRow: number;
  readonly maxCol: number;
  /** The largest value, once known (from the window's first paint, or the worker's answer). */
  readonly max: number | null;
  /** Level (lr, lc) if it has arrived. */
  have(lr: number, lc: number): Level | undefined;
  /** The finest level that has arrived at least as coarse as (lr, lc) along both axes. */
  coarser(lr: number, lc: number): { level: Level; lr: number; lc: number } | undefined;
  /** Ask for level (lr, lc): true once it has arrived, false if the job was dropped first. */
  want(lr: number, lc: number): Promise<boolean>;
  readonly dropped: boolean;
}

/** The default slicing: 2 MB slices, 6 ms of them per task, a MessageChannel turn between tasks. */
export function browserScheduling(): Scheduling {
  const ch = new MessageChannel();
  const waiting: (() => void)[] = [];
  ch.port1.onmessage = () => waiting.shift()?.();
  return {
    sliceCells: 1 << 18,
    budgetMs: 6,
    now: () => performance.now(),
    yieldTask: () => new Promise<void>((r) => { waiting.push(r); ch.port2.postMessage(0); }),
  };
}

export class LevelClient {
  private seq = 0;
  private current: JobState | null = null;

  constructor(private readonly port: Port, private readonly sched: Scheduling) {
    port.onmessage = (e) => this.receive(e.data);
  }

  /** Start a job for these values (dropping the current one): slicing begins at once, in the background. */
  start(values: Float64Array, rows: number, cols: number, spec: ScaleSpec, max: number | null): Job {
    if (this.current) this.drop(this.current);
    const job = new JobState(++this.seq, rows, cols, max, (lr, lc) => this.port.postMessage({ kind: 'level', job: job.id, lr, lc }, []));
    this.current = job;
    this.port.postMessage({ kind: 'begin', job: job.id, rows, cols, spec: { scale: spec.scale, brightness: spec.brightness,
      diverging: spec.diverging ?? false }, max }, []);
    void this.send(job, values, rows * cols);
    return job;
  }

  /** The worker is gone: the current job ends, and its waiters are told to draw again (without it). */
  abandon(): void {
    const job = this.current;
    this.current = null;
    job?.drop(true);
  }

  private drop(job: JobState): void {
    job.drop();
    this.port.postMessage({ kind: 'drop', job: job.id }, []);
    if (this.current === job) this.current = null;
  }

  private async send(job: JobState, values: Float64Array, cells: number): Promise<void> {
    const { sliceCells, budgetMs, now, yieldTask } = this.sched;
    let t0 = now();
    for (let at = 0; at < cells; at += sliceCells) {
      if (now() - t0 > budgetMs) {
        await yieldTask();
        t0 = now();
      }
      if (job.dropped) return;
      // A copy the worker then owns (a view would clone its whole buffer).
      const slice = values.slice(at, Math.min(cells, at + sliceCells));
      this.port.postMessage({ kind: 'slice', job: job.id, offset: at, values: slice }, [slice.buffer]);
    }
    if (!job.dropped) this.port.postMessage({ kind: 'end', job: job.id }, []);
  }

  private receive(m: FromWorker): void {
    const job = this.current;
    if (!job || job.id !== m.job) return; // a dropped job's late answer
    if (m.kind === 'ready') job.max = m.max;
    else job.arrive(m.lr, m.lc, m.level);
  }
}

class JobState implements Job {
  readonly maxRow: number;
  readonly maxCol: number;
  dropped = false;
  private readonly levels = new Map<string, Level>();
  private readonly waiting = new Map<string, ((arrived: boolean) => void)[]>();

  constructor(readonly id: number, readonly rows: number, readonly cols: number, public max: number | null,
    private readonly ask: (lr: number, lc: number) => void) {
    this.maxRow = halvings(rows);
    this.maxCol = halvings(cols);
  }

  have(lr: number, lc: number): Level | undefined { return this.levels.get(`${lr},${lc}`); }

  coarser(lr: number, lc: number): { level: Level; lr: number; lc: number } | undefined {
    let best: { level: Level; lr: number; lc: number } | undefined;
    for (const [key, level] of this.levels) {
      const [r, c] = key.split(',').map(Number) as [number, number];
      if (r >= lr && c >= lc && (!best || level.idx.length > best.level.idx.length)) best = { level, lr: r, lc: c };
    }
    return best;
  }

  want(lr: number, lc: number): Promise<boolean> {
    if (this.have(lr, lc)) return Promise.resolve(true);
    if (this.dropped) return Promise.resolve(false);
    const key = `${lr},${lc}`;
    return new Promise((resolve) => {
      const list = this.waiting.get(key);
      if (list) { list.push(resolve); return; }
      this.waiting.set(key, [resolve]);
      this.ask(lr, lc);
    });
  }

  arrive(lr: number, lc: number, level: Level): void {
    const key = `${lr},${lc}`;
    this.levels.set(key, level);
    for (const r of this.waiting.get(key) ?? []) r(true);
    this.waiting.delete(key);
  }

  /** `redraw`: the waiters should draw again (another way) rather than give up. */
  drop(redraw = false): void {
    this.dropped = true;
    for (const list of this.waiting.values()) for (const r of list) r(redraw);
    this.waiting.clear();
  }
}
