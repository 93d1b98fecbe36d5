// Marginal totals of the viewport (Google's Key Visualizer draws them along both axes): each
// visible row's sum over the visible columns (a bar chart at the right of the heatmap), each
// visible column's sum over the visible rows (along its top). A comparison's totals are of its
// differences, signed. Zoom and pan must not cost a pass over the matrix: per matrix, once, each
// row is summed in blocks of BLOCK columns and each column in blocks of BLOCK rows; a viewport's
// totals then add whole blocks and at most two partial blocks per row or column.
import { blocks } from './buffer';
import { buildDivergingLut, DIVERGING_LEVELS, unpack } from './color';
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

interface BlockSums {
  /** rows × ceil(cols / BLOCK): row r's sum over column block b. */
  byRow: Float64Array;
  /** ceil(rows / BLOCK) × cols: column c's sum over row block b. */
  byColumn: Float64Array;
  colBlocks: number;
}

const cache = new WeakMap<Float64Array, BlockSums>();

/** One pass over the cells; cached per values array (a new matrix is a new array). */
function blockSums(m: Values): BlockSums {
  const hit = cache.get(m.values);
  if (hit) return hit;
  const { values, rows: R, cols: C } = m;
  const colBlocks = Math.ceil(C / BLOCK);
  const byRow = new Float64Array(R * colBlocks);
  const byColumn = new Float64Array(Math.ceil(R / BLOCK) * C);
  for (let r = 0; r < R; r++) {
    const base = r * C;
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
  const sums = { byRow, byColumn, colBlocks };
  cache.set(values, sums);
  return sums;
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

/** How a totals strip's pixels map onto its totals, and the scale its bars were drawn to. */
export interface Strip {
  /** Bar i stands for the total at index shown[i] (of the viewport's totals). */
  shown: Int32Array;
  /** The largest magnitude drawn (a full-length bar). */
  top: number;
}

export interface StripStyle {
  /** Bars grow away from the heatmap: rightwards from its right edge, upwards from its top edge. */
  axis: 'rows' | 'columns';
  /** Signed totals (a comparison's): bars either side of a middle line, each sign its own colour. */
  diverging: boolean;
  colour: string;
  /** A diverging strip's colours for increases (B more) and decreases. */
  up: string;
  down: string;
}

/**
 * Pixel i's total when several totals share it: the one with the largest magnitude, sign kept,
 * as the heatmap keeps the hottest cell (a busy row never disappears from its strip).
 */
export function stripValues(totals: Float64Array, pixels: number): { shown: Int32Array; values: Float64Array } {
  const n = totals.length;
  const px = Math.max(0, Math.min(n, Math.floor(pixels)));
  const start = blocks(n, px);
  const values = new Float64Array(px);
  const shown = new Int32Array(px);
  for (let i = 0; i < px; i++) {
    let at = start[i]!;
    for (let k = at + 1; k < start[i + 1]!; k++) if (Math.abs(totals[k]!) > Math.abs(totals[at]!)) at = k;
    shown[i] = at;
    values[i] = totals[at]!;
  }
  return { shown, values };
}

/** Draw `totals` as bars on `canvas` (its own pixels: the caller sizes it); one fillRect per bar. */
export function drawTotals(canvas: HTMLCanvasElement, totals: Float64Array, style: StripStyle): Strip | null {
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  const along = style.axis === 'rows' ? canvas.height : canvas.width;
  const across = style.axis === 'rows' ? canvas.width : canvas.height;
  const { shown, values } = stripValues(totals, along);
  let top = 0;
  for (let i = 0; i < values.length; i++) top = Math.max(top, Math.abs(values[i]!));
  if (values.length === 0 || !(top > 0)) return { shown, top };
  const px = along / values.length;
  const half = across / 2;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === 0) continue;
    // At least a pixel: a small total is still there, as a zero cell is not.
    const len = Math.max(1, (Math.abs(v) / top) * (style.diverging ? half : across));
    ctx.fillStyle = style.diverging ? (v > 0 ? style.up : style.down) : style.colour;
    const a = i * px;
    const w = Math.max(1, px - (px >= 4 ? 1 : 0)); // a gap between wide bars, none between thin ones
    if (style.axis === 'rows') {
      const x = style.diverging ? (v > 0 ? half : half - len) : 0;
      ctx.fillRect(x, a, len, w);
    } else {
      const y = style.diverging ? (v > 0 ? half - len : half) : across - len;
      ctx.fillRect(a, y, w, len);
    }
  }
  if (style.diverging) {
    ctx.fillStyle = 'rgba(128,128,128,0.6)';
    if (style.axis === 'rows') ctx.fillRect(Math.floor(half), 0, 1, canvas.height);
    else ctx.fillRect(0, Math.floor(half), canvas.width, 1);
  }
  return { shown, top };
}

/** The total (index into the viewport's) whose bar lies at fraction `f` along the strip: the one drawn there. */
export function totalAt(strip: Strip, f: number): number | null {
  const n = strip.shown.length;
  if (n === 0 || !(f >= 0) || f >= 1) return null;
  return strip.shown[Math.min(n - 1, Math.floor(f * n))]!;
}

const lut = buildDivergingLut();
const css = (c: number): string => { const [r, g, b, a] = unpack(c); return `rgba(${r},${g},${b},${(a / 255).toFixed(3)})`; };

/** The strips' colours: the ramp's blue; a comparison's strongest red (more in B) and blue (fewer), as its legend. */
export const TOTALS_COLOURS = {
  colour: 'rgba(56,88,222,0.8)',
  up: css(lut[2 * DIVERGING_LEVELS - 1]!),
  down: css(lut[2 * DIVERGING_LEVELS]!),
} as const;
