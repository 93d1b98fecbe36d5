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
 * Downsample (max) to at most maxW × maxH, then map through `scale` and `lut`. One pass over the
 * cells fills the pixel grid and finds the maximum (the colour scale's top); colouring then
 * touches only the pixels.
 */
export function rasterize(view: MatrixView, maxW: number, maxH: number, lut: Uint32Array,
  scaleFor: (max: number) => (v: number) => number): Raster {
  const R = view.rows.length;
  const C = view.cols;
  const width = Math.max(0, Math.min(C, Math.floor(maxW)));
  const height = Math.max(0, Math.min(R, Math.floor(maxH)));
  const rowStart = blocks(R, height);
  const colStart = blocks(C, width);
  const grid = new Float64Array(width * height);
  const colOf = new Int32Array(C); // source column → output column
  for (let x = 0; x < width; x++) for (let c = colStart[x]!; c < colStart[x + 1]!; c++) colOf[c] = x;

  const sameCols = width === C; // one pixel per column: no index indirection
  for (let y = 0; y < height; y++) {
    const base = y * width;
    for (let r = rowStart[y]!; r < rowStart[y + 1]!; r++) {
      const row = view.rows[r]!;
      const n = Math.min(row.length, C);
      if (sameCols) for (let c = 0; c < n; c++) grid[base + c] = Math.max(grid[base + c]!, row[c]!);
      else for (let c = 0; c < n; c++) grid[base + colOf[c]!] = Math.max(grid[base + colOf[c]!]!, row[c]!);
    }
  }
  let max = 0;
  for (let i = 0; i < grid.length; i++) max = Math.max(max, grid[i]!);
  const scale = scaleFor(max);
  // Whole-number values up to the max: one packed colour per value, one load per pixel.
  const limit = max <= COLOR_TABLE_LIMIT ? Math.floor(max) : 0;
  const colorOf = new Uint32Array(limit + 1);
  for (let v = 1; v <= limit; v++) colorOf[v] = lut[scale(v)]!;
  const pixels = new Uint8ClampedArray(width * height * 4);
  const out = new Uint32Array(pixels.buffer);
  for (let i = 0; i < grid.length; i++) {
    const v = grid[i]!;
    if (v <= 0) continue;
    out[i] = v <= limit && (v >>> 0) === v ? colorOf[v]! : lut[scale(v)]!;
  }
  return { width, height, pixels, max, rowStart, colStart };
}
