// How a drawn viewport maps onto its cells: output row y covers viewport rows
// [rowStart[y], rowStart[y + 1]); the same for columns. Shared by hit-testing and the overlay.

export interface Geometry {
  width: number;
  height: number;
  rowStart: Int32Array;
  colStart: Int32Array;
}

/** Block boundaries: n source items onto m ≤ n slots, as evenly as integers allow. */
export function blocks(n: number, m: number): Int32Array {
  const out = new Int32Array(m + 1);
  for (let i = 0; i <= m; i++) out[i] = Math.floor((i * n) / m);
  return out;
}

export function geometry(rows: number, cols: number, width: number, height: number): Geometry {
  return { width, height, rowStart: blocks(rows, height), colStart: blocks(cols, width) };
}

export interface MatrixView {
  /** One array per row, each `cols` long (shorter arrays: the missing cells are zero). */
  rows: ReadonlyArray<ArrayLike<number>>;
  cols: number;
}

export interface Raster extends Geometry {
  /** width × height RGBA, straight into ImageData. */
  pixels: Uint8ClampedArray;
  /** The largest value in the matrix (the scale's top). */
  max: number;
}

/** Up to this value, colours come from a per-value table (4 MiB at most). */
const COLOR_TABLE_LIMIT = 1 << 20;

/**
 * A whole-matrix picture being gathered: per output pixel the largest value of the cells it
 * covers. Cells may arrive in any pieces (the level worker gets the matrix in slices); the
 * picture is the same whatever the pieces.
 */
export interface RasterGrid extends Geometry {
  rows: number;
  cols: number;
  /** width × height maxima (0 where no positive value fell). */
  grid: Float64Array;
  /** source row → output row; source column → output column. */
  rowOf: Int32Array;
  colOf: Int32Array;
}

/** An empty grid for a rows × cols matrix drawn in at most maxW × maxH pixels. */
export function rasterGrid(rows: number, cols: number, maxW: number, maxH: number): RasterGrid {
  const width = Math.max(0, Math.min(cols, Math.floor(maxW)));
  const height = Math.max(0, Math.min(rows, Math.floor(maxH)));
  const rowStart = blocks(rows, height);
  const colStart = blocks(cols, width);
  const rowOf = new Int32Array(height > 0 ? rows : 0);
  for (let y = 0; y < height; y++) for (let r = rowStart[y]!; r < rowStart[y + 1]!; r++) rowOf[r] = y;
  const colOf = new Int32Array(width > 0 ? cols : 0);
  for (let x = 0; x < width; x++) for (let c = colStart[x]!; c < colStart[x + 1]!; c++) colOf[c] = x;
  return { width, height, rowStart, colStart, rows, cols, grid: new Float64Array(width * height), rowOf, colOf };
}

/** Cells src[0..n) of row r, columns c0..c0 + n, into the grid. */
export function addRowCells(g: RasterGrid, r: number, src: ArrayLike<number>, c0: number, n: number): void {
  if (g.width === 0 || g.height === 0) return;
  const { grid, colOf } = g;
  const base = g.rowOf[r]! * g.width;
  if (g.width === g.cols) { // one pixel per column: no index indirection
    const at = base + c0;
    for (let c = 0; c < n; c++) grid[at + c] = Math.max(grid[at + c]!, src[c]!);
  } else {
    for (let c = 0; c < n; c++) grid[base + colOf[c0 + c]!] = Math.max(grid[base + colOf[c0 + c]!]!, src[c]!);
  }
}

/** Cells [offset, offset + n) of the row-major matrix (values[0..n)) into the grid. */
export function addCells(g: RasterGrid, values: Float64Array, n: number, offset: number): void {
  const C = g.cols;
  for (let i = 0; i < n;) {
    const r = Math.floor((offset + i) / C);
    const c0 = (offset + i) - r * C;
    const len = Math.min(n - i, C - c0);
    addRowCells(g, r, values.subarray(i, i + len), c0, len);
    i += len;
  }
}

/** The gathered grid coloured: through `scale` (made for the grid's largest value) and `lut`. */
export function colourGrid(g: RasterGrid, lut: Uint32Array, scaleFor: (max: number) => (v: number) => number): Raster {
  const { grid } = g;
  let max = 0;
  for (let i = 0; i < grid.length; i++) max = Math.max(max, grid[i]!);
  const scale = scaleFor(max);
  // Whole-number values up to the max: one packed colour per value, one load per pixel.
  const limit = max <= COLOR_TABLE_LIMIT ? Math.floor(max) : 0;
  const colorOf = new Uint32Array(limit + 1);
  for (let v = 1; v <= limit; v++) colorOf[v] = lut[scale(v)]!;
  const pixels = new Uint8ClampedArray(g.width * g.height * 4);
  const out = new Uint32Array(pixels.buffer);
  for (let i = 0; i < grid.length; i++) {
    const v = grid[i]!;
    if (v <= 0) continue;
    out[i] = v <= limit && (v >>> 0) === v ? colorOf[v]! : lut[scale(v)]!;
  }
  return { width: g.width, height: g.height, pixels, max, rowStart: g.rowStart, colStart: g.colStart };
}

/**
 * Downsample (max) to at most maxW × maxH, then map through `scale` and `lut`. One pass over the
 * cells fills the pixel grid and finds the maximum (the colour scale's top); colouring then
 * touches only the pixels.
 */
export function rasterize(view: MatrixView, maxW: number, maxH: number, lut: Uint32Array,
  scaleFor: (max: number) => (v: number) => number): Raster {
  const g = rasterGrid(view.rows.length, view.cols, maxW, maxH);
  for (let r = 0; r < g.rows; r++) {
    const row = view.rows[r]!;
    addRowCells(g, r, row, 0, Math.min(row.length, g.cols));
  }
  return colourGrid(g, lut, scaleFor);
}
