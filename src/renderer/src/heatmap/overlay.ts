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

const flaggedRows = new WeakMap<Uint8Array, Uint8Array>();

/**
 * Per row of a rows × cols flag matrix, 1 if any of its cells is flagged; cached per array. The
 * overlay then scans only those rows: a wide viewport's redraw does not read every cell's flag.
 */
export function rowsFlagged(flags: Uint8Array, rows: number, cols: number): Uint8Array {
  const hit = flaggedRows.get(flags);
  if (hit) return hit;
  const out = new Uint8Array(rows);
  flagRows(flags, Math.min(flags.length, rows * cols), 0, cols, out);
  flaggedRows.set(flags, out);
  return out;
}

/** rowsFlagged's answer for `flags`, found elsewhere (the level worker, from its slices). */
export function knownRowsFlagged(flags: Uint8Array, rows: Uint8Array): void {
  flaggedRows.set(flags, rows);
}

/**
 * Mark in `out` the rows of the cells flagged in flags[0..n), which are cells [offset, offset + n)
 * of a row-major matrix `cols` wide. Four flags per read (flags are rare: a word is almost always zero).
 */
export function flagRows(flags: Uint8Array, n: number, offset: number, cols: number, out: Uint8Array): void {
  const mark = (i: number): void => { if (flags[i]) out[Math.floor((offset + i) / cols)] = 1; };
  // Bytes up to a word boundary, then whole words, then the rest.
  const align = (4 - (flags.byteOffset % 4)) % 4;
  const head = Math.min(n, align);
  for (let i = 0; i < head; i++) mark(i);
  const words = head < align ? 0 : Math.floor((n - head) / 4);
  const w = words > 0 ? new Uint32Array(flags.buffer, flags.byteOffset + head, words) : new Uint32Array(0);
  for (let k = 0; k < words; k++) {
    if (w[k] === 0) continue;
    const i = head + 4 * k;
    mark(i); mark(i + 1); mark(i + 2); mark(i + 3);
  }
  for (let i = head + 4 * words; i < n; i++) mark(i);
}

/** A box in percent of the drawing. */
export interface Box { left: number; top: number; width: number; height: number }

/** The hovered cell's highlight: its box, and the crosshair through its middle (as TiDB's Key Visualizer draws it). */
export interface HoverMarks { row: number; col: number; cell: Box; centre: { x: number; y: number } }

/** Where the hovered cell is in viewport `vp`, in percent; null when it is not in view. */
export function hoverMarks(cell: { row: number; col: number } | null, vp: { r0: number; r1: number; c0: number; c1: number }): HoverMarks | null {
  if (!cell || cell.row < vp.r0 || cell.row >= vp.r1 || cell.col < vp.c0 || cell.col >= vp.c1) return null;
  const w = 100 / (vp.c1 - vp.c0);
  const h = 100 / (vp.r1 - vp.r0);
  const box = { left: (cell.col - vp.c0) * w, top: (cell.row - vp.r0) * h, width: w, height: h };
  return { row: cell.row, col: cell.col, cell: box, centre: { x: box.left + w / 2, y: box.top + h / 2 } };
}

/** The outline is at least this wide and tall (px): a cell narrower than a pixel is still seen. */
const OUTLINE_MIN_PX = 7;

/**
 * Draw `marks` on `layer`, whose children are the outline, the horizontal and the vertical line
 * (in that order), by setting their styles: the pointer moves without React rendering anything.
 */
export function drawHover(layer: HTMLElement, marks: HoverMarks | null): void {
  const [outline, across, down] = Array.from(layer.children) as HTMLElement[];
  if (!outline || !across || !down) return;
  layer.hidden = marks === null;
  if (!marks) {
    delete layer.dataset.row;
    delete layer.dataset.col;
    return;
  }
  layer.dataset.row = String(marks.row);
  layer.dataset.col = String(marks.col);
  const { cell, centre } = marks;
  const half = OUTLINE_MIN_PX / 2;
  Object.assign(outline.style, {
    left: `calc(${centre.x}% - max(${half}px, ${cell.width / 2}%))`, top: `calc(${centre.y}% - max(${half}px, ${cell.height / 2}%))`,
    width: `max(${OUTLINE_MIN_PX}px, ${cell.width}%)`, height: `max(${OUTLINE_MIN_PX}px, ${cell.height}%)`,
  });
  Object.assign(across.style, { left: '0', width: '100%', top: `${centre.y}%`, height: '1px' });
  Object.assign(down.style, { top: '0', height: '100%', left: `${centre.x}%`, width: '1px' });
}
