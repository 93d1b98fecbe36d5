// The window's half of the heatmap's pictures: a matrix's values go to the level worker in slices
// (one postMessage of 200 MB would itself block the window: structured clone runs on this thread),
// a few per task, yielding between tasks; pictures come back drawn (ImageBitmaps, transferred), the
// last one kept. Only the latest job lives: a new matrix or colour scale drops the one before, and
// its late answers; only the latest picture asked for is waited for.
import type { ScaleSpec } from './color';
import type { FromWorker, ToWorker } from './level-builder';
import type { Viewport } from './pyramid';
import type { BlockSums } from './viewport-totals';

/** What the worker gets of a view matrix: its values and its cells' flags, row-major. */
export interface Cells {
  values: Float64Array;
  conflicts: Uint8Array;
  handovers: Uint8Array;
}

export interface Port<P> {
  postMessage(m: ToWorker, transfer: Transferable[]): void;
  onmessage: ((e: { data: FromWorker<P> }) => void) | null;
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

/** A picture the worker drew: width × height (frameSize's), drawn to a scale whose top is `max`. */
export interface Picture<P> {
  width: number;
  height: number;
  max: number;
  picture: P;
}

export interface Job<P> {
  readonly rows: number;
  readonly cols: number;
  /** The largest value, once known (from an earlier job on the matrix, or the worker's answer). */
  readonly max: number | null;
  /** Per row, whether a cell of it is flagged (conflicts, handovers): rowsFlagged's answers, once every slice is in. */
  readonly flagged: { conflicts: Uint8Array; handovers: Uint8Array } | null;
  /** The block sums of the marginal totals, once every slice is in (if asked for). */
  readonly sums: BlockSums | null;
  /** Settles once every slice is in and the worker has said so (true), or the job was dropped first (false). */
  readonly ready: Promise<boolean>;
  /** The canvas size the whole-matrix picture is gathered for (null: not asked for). */
  readonly raster: { width: number; height: number } | null;
  /** The picture of `vp` at width × height if it is the one that arrived last. */
  frame(vp: Viewport, width: number, height: number): Picture<P> | undefined;
  /** Ask for it: true once it has arrived; false if the job was dropped, or another picture asked for, first. */
  want(vp: Viewport, width: number, height: number): Promise<boolean>;
  readonly dropped: boolean;
}

/** The default slicing: 1 MB slices, 4 ms of them per task, a MessageChannel turn between tasks. */
export function browserScheduling(): Scheduling {
  const ch = new MessageChannel();
  const waiting: (() => void)[] = [];
  ch.port1.onmessage = () => waiting.shift()?.();
  return {
    sliceCells: 1 << 17,
    budgetMs: 4,
    now: () => performance.now(),
    yieldTask: () => new Promise<void>((r) => { waiting.push(r); ch.port2.postMessage(0); }),
  };
}

export class LevelClient<P> {
  private seq = 0;
  private current: JobState<P> | null = null;

  /** `release`: a picture no longer kept (an ImageBitmap is closed). */
  constructor(private readonly port: Port<P>, private readonly sched: Scheduling, private readonly release: (p: P) => void = () => {}) {
    port.onmessage = (e) => this.receive(e.data);
  }

  /** Start a job for these values (dropping the current one): slicing begins at once, in the background. */
  start(m: Cells, rows: number, cols: number, spec: ScaleSpec, max: number | null,
    raster: { width: number; height: number } | null = null, sums = false): Job<P> {
    if (this.current) this.drop(this.current);
    const id = ++this.seq;
    const job = new JobState<P>(id, rows, cols, max, raster, this.release,
      (seq, vp, width, height) => this.port.postMessage({ kind: 'frame', job: id, seq, vp, width, height }, []));
    this.current = job;
    this.port.postMessage({ kind: 'begin', job: id, rows, cols, spec: { scale: spec.scale, brightness: spec.brightness,
      diverging: spec.diverging ?? false }, max, raster, sums }, []);
    void this.send(job, m, rows, cols);
    return job;
  }

  /** The worker is gone: the current job ends, and its waiters are told to draw again (without it). */
  abandon(): void {
    const job = this.current;
    this.current = null;
    job?.drop(true);
  }

  private drop(job: JobState<P>): void {
    job.drop();
    this.port.postMessage({ kind: 'drop', job: job.id }, []);
    if (this.current === job) this.current = null;
  }

  private async send(job: JobState<P>, m: Cells, rows: number, cols: number): Promise<void> {
    const { sliceCells, budgetMs, now, yieldTask } = this.sched;
    const cells = rows * cols;
    // Whole rows (the block sums add a row at a time), about sliceCells of them.
    const step = Math.max(1, Math.floor(sliceCells / Math.max(1, cols))) * Math.max(1, cols);
    let t0 = now();
    for (let at = 0; at < cells; at += step) {
      if (now() - t0 > budgetMs) {
        await yieldTask();
        t0 = now();
      }
      if (job.dropped) return;
      // A copy the worker then owns (a view would clone its whole buffer).
      const end = Math.min(cells, at + step);
      const slice = m.values.slice(at, end);
      const conflicts = m.conflicts.slice(at, end);
      const handovers = m.handovers.slice(at, end);
      this.port.postMessage({ kind: 'slice', job: job.id, offset: at, values: slice, conflicts, handovers },
        [slice.buffer, conflicts.buffer, handovers.buffer]);
    }
    if (!job.dropped) this.port.postMessage({ kind: 'end', job: job.id }, []);
  }

  private receive(m: FromWorker<P>): void {
    const job = this.current;
    if (!job || job.id !== m.job) { // a dropped job's late answer
      if (m.kind === 'frame') this.release(m.picture);
      return;
    }
    if (m.kind === 'ready') {
      job.max = m.max;
      job.flagged = { conflicts: m.conflictRows, handovers: m.handoverRows };
      job.sums = m.sums;
      job.settle(true);
    }
    else job.arrive(m.seq, { width: m.width, height: m.height, max: m.max, picture: m.picture });
  }
}

const keyOf = (vp: Viewport, width: number, height: number): string => `${vp.r0},${vp.r1},${vp.c0},${vp.c1}@${width}x${height}`;

class JobState<P> implements Job<P> {
  dropped = false;
  flagged: { conflicts: Uint8Array; handovers: Uint8Array } | null = null;
  sums: BlockSums | null = null;
  settle: (ready: boolean) => void = () => {};
  readonly ready = new Promise<boolean>((r) => { this.settle = r; });
  private seq = 0;
  private latest: { key: string; picture: Picture<P> } | null = null;
  private asking: { key: string; seq: number; waiters: ((arrived: boolean) => void)[] } | null = null;

  constructor(readonly id: number, readonly rows: number, readonly cols: number, public max: number | null,
    readonly raster: { width: number; height: number } | null, private readonly release: (p: P) => void,
    private readonly ask: (seq: number, vp: Viewport, width: number, height: number) => void) {}

  frame(vp: Viewport, width: number, height: number): Picture<P> | undefined {
    return this.latest?.key === keyOf(vp, width, height) ? this.latest.picture : undefined;
  }

  want(vp: Viewport, width: number, height: number): Promise<boolean> {
    const key = keyOf(vp, width, height);
    if (this.latest?.key === key) return Promise.resolve(true);
    if (this.dropped) return Promise.resolve(false);
    return new Promise((resolve) => {
      if (this.asking?.key === key) { this.asking.waiters.push(resolve); return; }
      // Another picture is wanted now: whoever waited for the one before draws no more.
      for (const r of this.asking?.waiters ?? []) r(false);
      this.asking = { key, seq: ++this.seq, waiters: [resolve] };
      this.ask(this.seq, vp, width, height);
    });
  }

  arrive(seq: number, picture: Picture<P>): void {
    const a = this.asking;
    if (a?.seq !== seq) { this.release(picture.picture); return; } // asked for, then superseded
    if (this.latest) this.release(this.latest.picture.picture);
    this.latest = { key: a.key, picture };
    this.asking = null;
    for (const r of a.waiters) r(true);
  }

  /** `redraw`: the waiters should draw again (another way) rather than give up. */
  drop(redraw = false): void {
    this.dropped = true;
    this.settle(false);
    for (const r of this.asking?.waiters ?? []) r(redraw);
    this.asking = null;
    if (this.latest) this.release(this.latest.picture.picture);
    this.latest = null;
  }
}
