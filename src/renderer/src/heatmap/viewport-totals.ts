// Marginal totals of the viewport (Google's Key Visualizer draws them along both axes): each
// visible row's sum over the visible columns (a bar chart at the right of the heatmap), each
// visible column's sum over the visible rows (along its top). A comparison's totals are of its
// differences, signed. Zoom and pan must not cost a pass over the matrix: per matrix, once, each
// row is summed in blocks of BLOCK columns and each column in blocks of BLOCK rows; a viewport's
// totals then add whole blocks and at most two partial blocks per row or column.
import type { Viewport } from './pyramid';

/** Cells per block along each axis: a viewport touches about 1/BLOCK of its cells. */
export const BLOCK = 64;

export interface Totals {
  /** Per visible row, its sum over the visible columns. */
  rows: Float64Array;
  /** Per visible column, its sum over the visible rows. */
  columns: Float64Array;
}

/** A row-major rows × cols matrix of values (the view matrix's `values`). */
export interface Values {
  values: Float64Array;
  rows: number;
  cols: number;
}

export interface BlockSums {
  /** rows × ceil(cols / BLOCK): row r's sum over column block b. */
  byRow: Float64Array;
  /** ceil(rows / BLOCK) × cols: column c's sum over row block b. */
  byColumn: Float64Array;
  colBlocks: number;
}

const cache = new WeakMap<Float64Array, BlockSums>();

/** Zero sums for a rows × cols matrix, to add rows into. */
export function emptyBlockSums(rows: number, cols: number): BlockSums {
  const colBlocks = Math.ceil(cols / BLOCK);
  return { byRow: new Float64Array(rows * colBlocks), byColumn: new Float64Array(Math.ceil(rows / BLOCK) * cols), colBlocks };
}

/**
 * Add whole rows [r0, r1) of a `cols`-wide matrix into the sums, in order (the level worker adds
 * them slice by slice; the additions are the same, in the same order, as one pass's). `values`
 * holds them from index `at`.
 */
export function addBlockRows(s: BlockSums, values: Float64Array, at: number, r0: number, r1: number, cols: number): void {
  const { byRow, byColumn, colBlocks } = s;
  const C = cols;
  for (let r = r0; r < r1; r++) {
    const base = at + (r - r0) * C;
    const rb = r * colBlocks;
    const cb = Math.floor(r / BLOCK) * C;
    for (let b = 0; b < colBlocks; b++) {
      const end = Math.min(C, (b + 1) * BLOCK);
      // Two running sums: each add waits on the one before it, so one sum alone is slower.
      let s0 = 0;
      let s1 = 0;
      let c = b * BLOCK;
      for (; c + 1 < end; c += 2) {
        const v0 = values[base + c]!;
        const v1 = values[base + c + 1]!;
        s0 += v0;
        s1 += v1;
        byColumn[cb + c]! += v0;
        byColumn[cb + c + 1]! += v1;
      }
      if (c < end) {
        const v = values[base + c]!;
        s0 += v;
        byColumn[cb + c]! += v;
      }
      byRow[rb + b] = s0 + s1;
    }
  }
}

/** One pass over the cells; cached per values array (a new matrix is a new array). */
export function blockSums(m: Values): BlockSums {
  const hit = cache.get(m.values);
  if (hit) return hit;
  const sums = emptyBlockSums(m.rows, m.cols);
  addBlockRows(sums, m.values, 0, 0, m.rows, m.cols);
  cache.set(m.values, sums);
  return sums;
}

/** Sums for `values` from elsewhere (the level worker): viewportTotals then needs no pass over the cells. */
export function knownBlockSums(values: Float64Array, sums: BlockSums): void {
  cache.set(values, sums);
  release(values); // whoever waited finds them in the cache
}

/** Sums on their way (the level worker adds them up from its slices): a promise that settles when they are here, or will not come. */
const coming = new WeakMap<Float64Array, { promise: Promise<void>; resolve: () => void }>();

/** The level worker will add up `values`' sums. */
export function blockSumsComing(values: Float64Array): void {
  if (cache.has(values) || coming.has(values)) return;
  let resolve = (): void => {};
  const promise = new Promise<void>((r) => { resolve = r; });
  coming.set(values, { promise, resolve });
}

/** They will not come after all (the job was dropped, the worker failed): whoever waits adds them up itself. */
export function blockSumsNotComing(values: Float64Array): void {
  release(values);
}

/** Whoever waits for `values`' sums is let go (they are here, or will not come). */
function release(values: Float64Array): void {
  const w = coming.get(values);
  coming.delete(values);
  w?.resolve();
}

/** Whether viewportTotals can answer at once for `values`; if not and the sums are on their way, when they are here. */
export function blockSumsState(values: Float64Array): 'here' | 'none' | Promise<void> {
  if (cache.has(values)) return 'here';
  return coming.get(values)?.promise ?? 'none';
}

/**
 * The viewport's totals. Exact for whole-number counts (every partial sum stays below 2^53), so
 * the order of the additions does not matter: they equal a plain sum over the visible cells.
 */
export function viewportTotals(m: Values, vp: Viewport): Totals {
  const { values, cols: C } = m;
  const vr = vp.r1 - vp.r0;
  const vc = vp.c1 - vp.c0;
  const rows = new Float64Array(Math.max(0, vr));
  const columns = new Float64Array(Math.max(0, vc));
  if (vr <= 0 || vc <= 0) return { rows, columns };
  const s = blockSums(m);
  // Whole blocks inside [c0, c1): [b0, b1); the cells outside them are added one by one.
  const b0 = Math.ceil(vp.c0 / BLOCK);
  const b1 = Math.floor(vp.c1 / BLOCK);
  for (let i = 0; i < vr; i++) {
    const r = vp.r0 + i;
    const base = r * C;
    let sum = 0;
    if (b0 < b1) {
      for (let c = vp.c0; c < b0 * BLOCK; c++) sum += values[base + c]!;
      for (let b = b0; b < b1; b++) sum += s.byRow[r * s.colBlocks + b]!;
      for (let c = b1 * BLOCK; c < vp.c1; c++) sum += values[base + c]!;
    } else {
      for (let c = vp.c0; c < vp.c1; c++) sum += values[base + c]!;
    }
    rows[i] = sum;
  }
  const addRow = (r: number): void => {
    const base = r * C + vp.c0;
    for (let j = 0; j < vc; j++) columns[j]! += values[base + j]!;
  };
  const rb0 = Math.ceil(vp.r0 / BLOCK);
  const rb1 = Math.floor(vp.r1 / BLOCK);
  if (rb0 < rb1) {
    for (let r = vp.r0; r < rb0 * BLOCK; r++) addRow(r);
    for (let b = rb0; b < rb1; b++) {
      const base = b * C + vp.c0;
      for (let j = 0; j < vc; j++) columns[j]! += s.byColumn[base + j]!;
    }
    for (let r = rb1 * BLOCK; r < vp.r1; r++) addRow(r);
  } else {
    for (let r = vp.r0; r < vp.r1; r++) addRow(r);
  }
  return { rows, columns };
}
