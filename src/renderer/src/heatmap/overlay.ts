// Conflict overlay geometry, in raster pixels: per-cell hatching from `conflicts[]` (runs of
// adjacent conflicting pixels become one rectangle), whole-row hatching when a row only says
// `conflict`. A pixel that covers several cells is hatched if any of them conflicted.
import type { Geometry } from './buffer';

export interface RowConflicts {
  /** Per-cell flags (1 = conflict), or null. */
  cells: ArrayLike<number> | null;
  /** The row-level flag (elastickv's `conflict`). */
  row: boolean;
}

export interface Rect { x: number; y: number; w: number; h: number }

export function conflictRects(conflicts: ReadonlyArray<RowConflicts>, raster: Geometry): Rect[] {
  const rects: Rect[] = [];
  const marked = new Uint8Array(raster.width);
  for (let y = 0; y < raster.height; y++) {
    marked.fill(0);
    let whole = false;
    for (let r = raster.rowStart[y]!; r < raster.rowStart[y + 1]!; r++) {
      const c = conflicts[r];
      if (!c) continue;
      if (!c.cells) {
        if (c.row) whole = true;
        continue;
      }
      for (let x = 0; x < raster.width; x++) {
        if (marked[x]) continue;
        for (let k = raster.colStart[x]!; k < raster.colStart[x + 1]! && k < c.cells.length; k++) {
          if (c.cells[k]) { marked[x] = 1; break; }
        }
      }
    }
    if (whole) {
      rects.push({ x: 0, y, w: raster.width, h: 1 });
      continue;
    }
    for (let x = 0; x < raster.width; x++) {
      if (!marked[x]) continue;
      let end = x;
      while (end + 1 < raster.width && marked[end + 1]) end++;
      rects.push({ x, y, w: end - x + 1, h: 1 });
      x = end;
    }
  }
  return rects;
}
