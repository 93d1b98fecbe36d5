// The worker's half of a zoom (levels.worker.ts runs it; no DOM, so Node tests run it too): a
// matrix's values arrive in slices, are quantised to level 0 once, and the pyramid levels the
// window asks for are halved from it and sent back as copies the window owns.
import { indexScale, type ScaleSpec } from './color';
import { type Level, maxOf, type Pyramid, pyramidOf, quantiseInto, quantiser, type Quantiser } from './pyramid';

/** Window → worker. One job is one matrix under one colour scale; a new `begin` replaces the job. */
export type ToWorker =
  /** `max`: the matrix's largest value when the window knows it (its first paint found it): slices are quantised as they arrive. */
  | { kind: 'begin'; job: number; rows: number; cols: number; spec: ScaleSpec; max: number | null }
  /** values = cells [offset, offset + values.length) of the row-major matrix. */
  | { kind: 'slice'; job: number; offset: number; values: Float64Array }
  | { kind: 'end'; job: number }
  | { kind: 'level'; job: number; lr: number; lc: number }
  | { kind: 'drop'; job: number };

/** Worker → window. */
export type FromWorker =
  | { kind: 'ready'; job: number; max: number }
  | { kind: 'level'; job: number; lr: number; lc: number; level: Level };

export type Post = (m: FromWorker, transfer: Transferable[]) => void;

interface Current {
  job: number;
  rows: number;
  cols: number;
  spec: ScaleSpec;
  idx: Uint8Array;
  q: Quantiser | null;
  /** Slices kept until the largest value is known (only when the window did not know it). */
  kept: { offset: number; values: Float64Array }[];
  max: number;
  pyramid: Pyramid | null;
  /** Levels asked for before the last slice. */
  asked: [number, number][];
}

/** The worker's message handler; `post` sends to the window (transferring what it lists). */
export function levelHost(post: Post): (m: ToWorker) => void {
  let cur: Current | null = null;
  const send = (c: Current, lr: number, lc: number): void => {
    const p = c.pyramid!;
    const l = p.level(Math.min(Math.max(0, lr), p.maxRow), Math.min(Math.max(0, lc), p.maxCol));
    // A copy: the worker keeps its own to halve further.
    const idx = l.idx.slice();
    post({ kind: 'level', job: c.job, lr, lc, level: { rows: l.rows, cols: l.cols, idx } }, [idx.buffer]);
  };
  return (m) => {
    if (m.kind === 'begin') {
      const q = m.max === null ? null : quantiser(m.max, indexScale(m.spec));
      cur = { job: m.job, rows: m.rows, cols: m.cols, spec: m.spec, idx: new Uint8Array(m.rows * m.cols), q, kept: [], max: m.max ?? 0,
        pyramid: null, asked: [] };
      return;
    }
    const c = cur;
    if (!c || c.job !== m.job) return; // a job the window has since replaced
    if (m.kind === 'drop') { cur = null; return; }
    if (m.kind === 'slice') {
      const n = Math.min(m.values.length, c.idx.length - m.offset);
      if (m.offset < 0 || n <= 0) return;
      if (c.q) quantiseInto(m.values, n, c.idx, m.offset, c.q);
      else { c.max = maxOf(m.values, n, c.max); c.kept.push({ offset: m.offset, values: m.values }); }
      return;
    }
    if (m.kind === 'end') {
      if (!c.q) {
        const q = quantiser(c.max, indexScale(c.spec));
        for (const k of c.kept) quantiseInto(k.values, Math.min(k.values.length, c.idx.length - k.offset), c.idx, k.offset, q);
        c.kept = [];
        c.q = q;
      }
      c.pyramid = pyramidOf({ rows: c.rows, cols: c.cols, idx: c.idx }, c.max);
      post({ kind: 'ready', job: c.job, max: c.max }, []);
      for (const [lr, lc] of c.asked) send(c, lr, lc);
      c.asked = [];
      return;
    }
    if (c.pyramid) send(c, m.lr, m.lc); else c.asked.push([m.lr, m.lc]);
  };
}
