// Which cell is under the pointer: the cell whose value gave the pixel its colour (the maximum of
// the cells the pixel covers), so what is pointed at is what is shown.
import type { Geometry } from './buffer';
import type { Viewport } from './pyramid';

export interface CellRef { row: number; col: number }

/**
 * `fx`, `fy`: the pointer as fractions (0..1) of the drawing; `raster` maps the drawing onto the
 * viewport `vp` of a matrix with `cols` columns whose values are row-major in `values`.
 */
export function hitTest(raster: Geometry, values: ArrayLike<number>, cols: number, fx: number, fy: number,
  vp: Pick<Viewport, 'r0' | 'c0'> = { r0: 0, c0: 0 }): CellRef | null {
  if (raster.width === 0 || raster.height === 0 || fx < 0 || fy < 0 || fx >= 1 || fy >= 1) return null;
  const x = Math.floor(fx * raster.width);
  const y = Math.floor(fy * raster.height);
  let best: CellRef = { row: vp.r0 + raster.rowStart[y]!, col: vp.c0 + raster.colStart[x]! };
  let bestValue = -1;
  for (let r = vp.r0 + raster.rowStart[y]!; r < vp.r0 + raster.rowStart[y + 1]!; r++) {
    for (let c = vp.c0 + raster.colStart[x]!; c < vp.c0 + raster.colStart[x + 1]!; c++) {
      const v = values[r * cols + c]!;
      if (v > bestValue) { bestValue = v; best = { row: r, col: c }; }
    }
  }
  return best;
}
