// Which cell is under the pointer. A pixel may cover several cells (at default zoom one pixel
// holds two or more columns): the pointer takes the one an operator is most likely after, the
// same one the drawing shows there. First a marked cell (hatched: the nodes disagreed; framed: a
// leadership change), then the latest column (the only one with hot keys), then the cell whose
// value gave the pixel its colour (the maximum of the cells it covers).
import type { Geometry } from './buffer';
import type { Viewport } from './pyramid';

export interface CellRef { row: number; col: number }

/** What hit-testing prefers besides the value; `marked(i)`: the cell at row-major index i is drawn marked. */
export interface HitPreference {
  marked?: (index: number) => boolean;
}

/**
 * `fx`, `fy`: the pointer as fractions (0..1) of the drawing; `raster` maps the drawing onto the
 * viewport `vp` of a matrix with `cols` columns whose values are row-major in `values`.
 */
export function hitTest(raster: Geometry, values: ArrayLike<number>, cols: number, fx: number, fy: number,
  vp: Pick<Viewport, 'r0' | 'c0'> = { r0: 0, c0: 0 }, prefer: HitPreference = {}): CellRef | null {
  if (raster.width === 0 || raster.height === 0 || fx < 0 || fy < 0 || fx >= 1 || fy >= 1) return null;
  const x = Math.floor(fx * raster.width);
  const y = Math.floor(fy * raster.height);
  const latest = cols - 1;
  let best: CellRef = { row: vp.r0 + raster.rowStart[y]!, col: vp.c0 + raster.colStart[x]! };
  let bestRank = -1;
  let bestValue = -1;
  for (let r = vp.r0 + raster.rowStart[y]!; r < vp.r0 + raster.rowStart[y + 1]!; r++) {
    for (let c = vp.c0 + raster.colStart[x]!; c < vp.c0 + raster.colStart[x + 1]!; c++) {
      const i = r * cols + c;
      const rank = prefer.marked?.(i) ? 2 : c === latest ? 1 : 0;
      const v = values[i]!;
      if (rank > bestRank || (rank === bestRank && v > bestValue)) { bestRank = rank; bestValue = v; best = { row: r, col: c }; }
    }
  }
  return best;
}
