// Zoom without refetching: every cell is quantised once to its colour index (the scale is
// monotonic, so the maximum of indexes is the index of the maximum), then halved by 2 × 2 max
// into a pyramid. Any viewport is drawn from the level whose cells are closest to the screen's
// pixels, so a redraw costs about one pass over the pixels, not over the matrix, and a hot
// cell still survives every level.

export interface Level {
  rows: number;
  cols: number;
  /** rows × cols colour indexes (0 = zero = background). */
  idx: Uint8Array;
}

export interface Pyramid {
  rows: number;
  cols: number;
  max: number;
  /** Level (lr, lc): rows halved lr times and columns lc times by max; built when first needed. */
  level(lr: number, lc: number): Level;
  /** The most halvings that still leave a cell along each axis. */
  maxRow: number;
  maxCol: number;
}

/** The part of the matrix on screen, in cells: rows [r0, r1), columns [c0, c1). */
export interface Viewport { r0: number; r1: number; c0: number; c1: number }

export function fullViewport(p: { rows: number; cols: number }): Viewport {
  return { r0: 0, r1: p.rows, c0: 0, c1: p.cols };
}

export function halveCols(l: Level): Level {
  const cc = Math.ceil(l.cols / 2);
  const idx = new Uint8Array(l.rows * cc);
  for (let r = 0; r < l.rows; r++) {
    const src = r * l.cols;
    const dst = r * cc;
    for (let c = 0; c < cc; c++) {
      const a = l.idx[src + 2 * c]!;
      const b = 2 * c + 1 < l.cols ? l.idx[src + 2 * c + 1]! : 0;
      idx[dst + c] = a > b ? a : b;
    }
  }
  return { rows: l.rows, cols: cc, idx };
}

export function halveRows(l: Level): Level {
  const rr = Math.ceil(l.rows / 2);
  const idx = new Uint8Array(rr * l.cols);
  for (let r = 0; r < rr; r++) {
    const a = 2 * r * l.cols;
    const b = (2 * r + 1) * l.cols;
    const dst = r * l.cols;
    const second = 2 * r + 1 < l.rows;
    for (let c = 0; c < l.cols; c++) {
      const x = l.idx[a + c]!;
      const y = second ? l.idx[b + c]! : 0;
      idx[dst + c] = x > y ? x : y;
    }
  }
  return { rows: rr, cols: l.cols, idx };
}

/** The value → colour index map of a matrix whose largest value is `max`. */
export interface Quantiser { index: (v: number) => number; table: Uint8Array; limit: number }

export function quantiser(max: number, indexFor: (max: number) => (v: number) => number): Quantiser {
  const index = indexFor(max);
  // Whole-number values up to 1 Mi: one table lookup per cell instead of a log.
  const limit = max <= 1 << 20 ? Math.floor(max) : 0;
  const table = new Uint8Array(limit + 1);
  for (let v = 1; v <= limit; v++) table[v] = index(v);
  return { index, table, limit };
}

/** Colour indexes of src[0..n) into idx[at..at + n) (zero cells stay 0). */
export function quantiseInto(src: ArrayLike<number>, n: number, idx: Uint8Array, at: number, q: Quantiser): void {
  const { index, table, limit } = q;
  for (let c = 0; c < n; c++) {
    const v = src[c]!;
    if (v > 0) idx[at + c] = v <= limit && (v >>> 0) === v ? table[v]! : index(v);
  }
}

/** The largest of src[0..n), at least 0. */
export function maxOf(src: ArrayLike<number>, n: number, start = 0): number {
  let max = start;
  for (let c = 0; c < n; c++) max = Math.max(max, src[c]!);
  return max;
}

/** The most halvings that still leave a cell along an axis of n cells. */
export const halvings = (n: number): number => Math.max(0, Math.ceil(Math.log2(Math.max(1, n))));

/** A pyramid over a quantised level 0, coarser levels halved from it when first asked for. */
export function pyramidOf(level0: Level, max: number): Pyramid {
  const built = new Map<string, Level>([['0,0', level0]]);
  const level = (lr: number, lc: number): Level => {
    const key = `${lr},${lc}`;
    const hit = built.get(key);
    if (hit) return hit;
    // From the finer neighbour: halve columns first (rows are usually the longer axis).
    const l = lc > 0 ? halveCols(level(lr, lc - 1)) : halveRows(level(lr - 1, lc));
    built.set(key, l);
    return l;
  };
  return { rows: level0.rows, cols: level0.cols, max, level, maxRow: halvings(level0.rows), maxCol: halvings(level0.cols) };
}

/** Level 0 from row arrays; `indexFor` maps a value to its colour index (built for `max`). */
export function buildPyramid(rows: ReadonlyArray<ArrayLike<number>>, cols: number,
  indexFor: (max: number) => (v: number) => number): Pyramid {
  const R = rows.length;
  let max = 0;
  for (const row of rows) max = maxOf(row, Math.min(cols, row.length), max);
  const q = quantiser(max, indexFor);
  const idx = new Uint8Array(R * cols);
  for (let r = 0; r < R; r++) quantiseInto(rows[r]!, Math.min(cols, rows[r]!.length), idx, r * cols, q);
  return pyramidOf({ rows: R, cols, idx }, max);
}

export interface Frame {
  width: number;
  height: number;
  pixels: Uint8ClampedArray;
}

/** Per output pixel, the level cell under its centre along one axis. */
function centres(start: number, end: number, pixels: number, size: number): Int32Array {
  const out = new Int32Array(pixels);
  const per = (end - start) / pixels;
  for (let i = 0; i < pixels; i++) out[i] = Math.min(size - 1, Math.floor(start + (i + 0.5) * per));
  return out;
}

/** The picture's size for `vp` in at most maxW × maxH pixels: a pixel never spans less than a cell. */
export function frameSize(vp: Viewport, maxW: number, maxH: number): { width: number; height: number } {
  return { width: Math.max(0, Math.min(vp.c1 - vp.c0, Math.floor(maxW))), height: Math.max(0, Math.min(vp.r1 - vp.r0, Math.floor(maxH))) };
}

/** The level (row halvings, column halvings) that draws `vp` at width × height: at most one cell per pixel. */
export function levelFor(p: Pick<Pyramid, 'maxRow' | 'maxCol'>, vp: Viewport, width: number, height: number): [number, number] {
  const lr = Math.min(p.maxRow, Math.max(0, Math.ceil(Math.log2((vp.r1 - vp.r0) / height) - 1e-9)));
  const lc = Math.min(p.maxCol, Math.max(0, Math.ceil(Math.log2((vp.c1 - vp.c0) / width) - 1e-9)));
  return [lr, lc];
}

/**
 * Draw `vp` into at most maxW × maxH pixels from the level with at most one cell per pixel along
 * each axis: one lookup per pixel. A level cell is the max of the cells it stands for, so
 * nothing hot is lost; the picture is at most 2× coarser than the pixel grid per axis.
 */
export function renderViewport(p: Pyramid, vp: Viewport, maxW: number, maxH: number, lut: Uint32Array,
  reuse?: Uint8ClampedArray): Frame {
  const { width, height } = frameSize(vp, maxW, maxH);
  if (width === 0 || height === 0) return { width, height, pixels: new Uint8ClampedArray(0) };
  const [lr, lc] = levelFor(p, vp, width, height);
  return renderLevel(p.level(lr, lc), lr, lc, vp, width, height, lut, reuse);
}

/** Draw `vp` at width × height from level (lr, lc) (a coarser one than levelFor's gives a coarser picture). */
export function renderLevel(level: Level, lr: number, lc: number, vp: Viewport, width: number, height: number, lut: Uint32Array,
  reuse?: Uint8ClampedArray): Frame {
  // A caller redrawing at one size passes its buffer back in: no 6 MB allocation per frame.
  const pixels = reuse?.length === width * height * 4 ? reuse.fill(0) : new Uint8ClampedArray(width * height * 4);
  if (width === 0 || height === 0) return { width, height, pixels };
  const rowAt = centres(vp.r0 / 2 ** lr, vp.r1 / 2 ** lr, height, level.rows);
  const colAt = centres(vp.c0 / 2 ** lc, vp.c1 / 2 ** lc, width, level.cols);
  const out = new Uint32Array(pixels.buffer, pixels.byteOffset, width * height);
  const idx = level.idx;
  for (let y = 0; y < height; y++) {
    const base = rowAt[y]! * level.cols;
    const o = y * width;
    for (let x = 0; x < width; x++) {
      const m = idx[base + colAt[x]!]!;
      if (m > 0) out[o + x] = lut[m]!;
    }
  }
  return { width, height, pixels };
}

/**
 * Zoom by `factor` (< 1 zooms in) around a point given as fractions of the viewport. `pivot` is
 * the matrix point (row, column) to keep there, when the caller knows it from the steps before:
 * each step is in whole cells, and recomputing the point from a rounded viewport would let it drift.
 */
export function zoomAround(vp: Viewport, fx: number, fy: number, factor: number, bounds: { rows: number; cols: number },
  pivot?: { row: number; col: number }): Viewport {
  // Whole cells chosen here, rounded to the nearest (snapping outwards would add a cell each step:
  // at a few cells a step in would give back the span it started with, and the zoom would stall).
  const scale = (a0: number, a1: number, at: number, size: number, point?: number): [number, number] => {
    const span = a1 - a0;
    let next = Math.min(size, Math.max(1, Math.round(span * factor)));
    if (factor < 1 && span > 1) next = Math.min(next, span - 1); // a step in is always a step
    if (factor > 1 && span < size) next = Math.max(next, span + 1);
    const s = Math.min(Math.max(0, Math.round((point ?? a0 + at * span) - at * next)), size - next);
    return [s, s + next];
  };
  const [c0, c1] = scale(vp.c0, vp.c1, fx, bounds.cols, pivot?.col);
  const [r0, r1] = scale(vp.r0, vp.r1, fy, bounds.rows, pivot?.row);
  return snap({ r0, r1, c0, c1 }, bounds);
}

/** A brushed rectangle (fractions of the viewport, in any corner order) as the new viewport. */
export function brush(vp: Viewport, ax: number, ay: number, bx: number, by: number, bounds: { rows: number; cols: number }): Viewport {
  const x0 = Math.min(ax, bx);
  const x1 = Math.max(ax, bx);
  const y0 = Math.min(ay, by);
  const y1 = Math.max(ay, by);
  const cw = vp.c1 - vp.c0;
  const rh = vp.r1 - vp.r0;
  return snap({ c0: vp.c0 + x0 * cw, c1: vp.c0 + x1 * cw, r0: vp.r0 + y0 * rh, r1: vp.r0 + y1 * rh }, bounds);
}

/** Whole cells, at least one, inside the matrix. */
export function snap(vp: Viewport, bounds: { rows: number; cols: number }): Viewport {
  const fit = (a: number, b: number, size: number): [number, number] => {
    let s = Math.max(0, Math.min(size - 1, Math.floor(a)));
    let e = Math.max(s + 1, Math.min(size, Math.ceil(b)));
    if (e - s < 1) e = s + 1;
    if (e > size) { e = size; s = Math.max(0, e - 1); }
    return [s, e];
  };
  const [r0, r1] = fit(vp.r0, vp.r1, bounds.rows);
  const [c0, c1] = fit(vp.c0, vp.c1, bounds.cols);
  return { r0, r1, c0, c1 };
}
