// Which cell is under the pointer: the cell whose value gave the pixel its colour (the maximum of
// the cells the pixel covers), so what is pointed at is what is shown.
import type { Raster } from './buffer';

export interface CellRef { row: number; col: number }

/** `fx`, `fy`: the pointer as fractions (0..1) of the drawing's width and height. */
export function hitTest(raster: Pick<Raster, 'width' | 'height' | 'rowStart' | 'colStart'>, values: ArrayLike<number>,
  cols: number, fx: number, fy: number): CellRef | null {
  if (raster.width === 0 || raster.height === 0 || fx < 0 || fy < 0 || fx >= 1 || fy >= 1) return null;
  const x = Math.floor(fx * raster.width);
  const y = Math.floor(fy * raster.height);
  let best: CellRef = { row: raster.rowStart[y]!, col: raster.colStart[x]! };
  let bestValue = -1;
  for (let r = raster.rowStart[y]!; r < raster.rowStart[y + 1]!; r++) {
    for (let c = raster.colStart[x]!; c < raster.colStart[x + 1]!; c++) {
      const v = values[r * cols + c]!;
      if (v > bestValue) { bestValue = v; best = { row: r, col: c }; }
    }
  }
  return best;
}
