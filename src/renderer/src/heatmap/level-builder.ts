// The worker's half of the heatmap's pictures (levels.worker.ts runs it; no DOM, so Node tests run
// it too): a matrix's values arrive in slices; while they do, the whole-matrix picture is gathered
// (rasterize's, piece by piece) and each cell is quantised once (when the largest value is known).
// Then the pyramid stands over the quantised cells, and every picture the window asks for is drawn
// here: the window only puts it on screen. Every pass over the cells is off the window's thread.
import { addCells, colourGrid, type RasterGrid, rasterGrid } from './buffer';
import { buildDivergingLut, buildLut, indexScale, type ScaleSpec } from './color';
import { flagRows } from './overlay';
import { addBlockRows, type BlockSums, emptyBlockSums } from './viewport-totals';
import { type Frame, maxOf, type Pyramid, pyramidOf, quantiseInto, quantiser, type Quantiser, renderViewport, type Viewport } from './pyramid';

/** Window → worker. One job is one matrix under one colour scale; a new `begin` replaces the job. */
export type ToWorker =
  /**
   * `max`: the matrix's largest value when the window knows it: slices are quantised as they arrive.
   * `raster`: the canvas's size, when the window wants the whole-matrix picture (rasterize's) from it.
   * `sums`: add up the marginal totals' block sums (viewport-totals.ts) too.
   */
  | { kind: 'begin'; job: number; rows: number; cols: number; spec: ScaleSpec; max: number | null;
    raster: { width: number; height: number } | null; sums: boolean }
  /**
   * values = cells [offset, offset + values.length) of the row-major matrix, whole rows; conflicts
   * and handovers the same cells' flags.
   */
  | { kind: 'slice'; job: number; offset: number; values: Float64Array; conflicts: Uint8Array; handovers: Uint8Array }
  | { kind: 'end'; job: number }
  /**
   * The picture of `vp` at width × height (frameSize's). Only the latest asked for is drawn: a
   * request the worker has not reached when a newer one comes is dropped.
   */
  | { kind: 'frame'; job: number; seq: number; vp: Viewport; width: number; height: number }
  | { kind: 'drop'; job: number };

/** Worker → window; P is the picture as it travels (an ImageBitmap in the browser). */
export type FromWorker<P> =
  /** Once every slice is in: the largest value, per row whether any cell is flagged (overlay.ts's rowsFlagged), the block sums if asked. */
  | { kind: 'ready'; job: number; max: number; conflictRows: Uint8Array; handoverRows: Uint8Array; sums: BlockSums | null }
  /** `max`: the top of the scale the picture was drawn to (what the legend shows). */
  | { kind: 'frame'; job: number; seq: number; width: number; height: number; max: number; picture: P };

export type Post<P> = (m: FromWorker<P>, transfer: Transferable[]) => void;
/** A frame's pixels as the picture that travels (and what to transfer with it). */
export type Paint<P> = (f: Frame) => { picture: P; transfer: Transferable[] };

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
  /** The whole-matrix picture being gathered (null: not asked for). */
  grid: RasterGrid | null;
  /** Per row: a cell of it flagged a conflict, a handover. */
  conflictRows: Uint8Array;
  handoverRows: Uint8Array;
  sums: BlockSums | null;
  /** Every slice has arrived. */
  ended: boolean;
  pyramid: Pyramid | null;
  /**
   * A viewport other than the whole matrix was asked for: from then on the whole matrix too is
   * drawn from the pyramid, as the window's own drawing does once a zoom has built its pyramid.
   */
  zoomed: boolean;
  /** The latest picture asked for and not drawn yet. */
  wanted: Extract<ToWorker, { kind: 'frame' }> | null;
}

const LUTS = { ramp: buildLut(), diverging: buildDivergingLut() };

/**
 * The worker's message handler; `post` sends to the window (transferring what it lists), `paint`
 * turns a frame into what is sent, `later` runs a function in a later task (so that requests
 * already queued behind the one in hand supersede it).
 */
export function levelHost<P>(post: Post<P>, paint: Paint<P>, later: (f: () => void) => void): (m: ToWorker) => void {
  let cur: Current | null = null;
  let scheduled = false;
  const isWhole = (c: Current, vp: Viewport): boolean => vp.r0 === 0 && vp.c0 === 0 && vp.r1 === c.rows && vp.c1 === c.cols;
  /** The gathered whole-matrix picture, if it is what this request is drawn from. */
  const rasterFor = (c: Current, w: Extract<ToWorker, { kind: 'frame' }>): RasterGrid | null =>
    isWhole(c, w.vp) && !c.zoomed && c.grid?.width === w.width && c.grid.height === w.height ? c.grid : null;
  const serve = (): void => {
    scheduled = false;
    const c = cur;
    const w = c?.wanted;
    if (!c || !w || !c.ended) return;
    const raster = rasterFor(c, w);
    if (!raster && !c.pyramid) return; // drawn once the pyramid stands
    c.wanted = null;
    if (!isWhole(c, w.vp)) c.zoomed = true;
    const lut = c.spec.diverging ? LUTS.diverging : LUTS.ramp;
    const r = raster ? colourGrid(raster, lut, indexScale(c.spec)) : null;
    const frame = r ?? renderViewport(c.pyramid!, w.vp, w.width, w.height, lut);
    const max = r ? r.max : c.max;
    const { picture, transfer } = paint(frame);
    post({ kind: 'frame', job: c.job, seq: w.seq, width: frame.width, height: frame.height, max, picture }, transfer);
  };
  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    later(serve);
  };
  return (m) => {
    if (m.kind === 'begin') {
      const q = m.max === null ? null : quantiser(m.max, indexScale(m.spec));
      cur = { job: m.job, rows: m.rows, cols: m.cols, spec: m.spec, idx: new Uint8Array(m.rows * m.cols), q, kept: [], max: m.max ?? 0,
        grid: m.raster ? rasterGrid(m.rows, m.cols, m.raster.width, m.raster.height) : null, conflictRows: new Uint8Array(m.rows), handoverRows: new Uint8Array(m.rows),
        sums: m.sums ? emptyBlockSums(m.rows, m.cols) : null, ended: false, pyramid: null, zoomed: false, wanted: null };
      return;
    }
    const c = cur;
    if (!c || c.job !== m.job) return; // a job the window has since replaced
    if (m.kind === 'drop') { cur = null; return; }
    if (m.kind === 'slice') {
      const n = Math.min(m.values.length, c.idx.length - m.offset);
      if (m.offset < 0 || n <= 0) return;
      if (c.grid) addCells(c.grid, m.values, n, m.offset);
      if (c.sums && c.cols > 0) addBlockRows(c.sums, m.values, 0, m.offset / c.cols, (m.offset + n) / c.cols, c.cols);
      flagRows(m.conflicts, Math.min(n, m.conflicts.length), m.offset, c.cols, c.conflictRows);
      flagRows(m.handovers, Math.min(n, m.handovers.length), m.offset, c.cols, c.handoverRows);
      if (c.q) quantiseInto(m.values, n, c.idx, m.offset, c.q);
      else { c.max = maxOf(m.values, n, c.max); c.kept.push({ offset: m.offset, values: m.values }); }
      return;
    }
    if (m.kind === 'end') {
      c.ended = true;
      // Before any picture: the window draws a picture's overlay from these.
      const rows = { conflictRows: c.conflictRows, handoverRows: c.handoverRows };
      const sums = c.sums;
      c.sums = null;
      post({ kind: 'ready', job: c.job, max: c.max, ...rows, sums },
        [rows.conflictRows.buffer, rows.handoverRows.buffer, ...(sums ? [sums.byRow.buffer, sums.byColumn.buffer] : [])]);
      // The opening picture first: it needs no quantised cell.
      if (c.wanted && rasterFor(c, c.wanted)) serve();
      if (!c.q) {
        const q = quantiser(c.max, indexScale(c.spec));
        for (const k of c.kept) quantiseInto(k.values, Math.min(k.values.length, c.idx.length - k.offset), c.idx, k.offset, q);
        c.kept = [];
        c.q = q;
      }
      c.pyramid = pyramidOf({ rows: c.rows, cols: c.cols, idx: c.idx }, c.max);
      if (c.wanted) schedule();
      return;
    }
    c.wanted = m;
    if (c.ended) schedule();
  };
}
