// A pinned cell is a place in the cluster (a row's bucket_id and a column's time), not a pair of
// indexes: every refresh may re-order rows and shifts the columns, and the pin follows its place
// into the new matrix, or says why it cannot (elastickv's own SPA keeps its selection by bucket_id).
import type { ViewMatrix } from '../../shared/ipc';
import type { CellRef } from './heatmap/hit';

/** Where the pin is in the matrix on screen (row, col), and what it is (bucketId, columnMs). */
export interface Pin extends CellRef {
  bucketId: string;
  columnMs: number;
}

/** A pin a new matrix had no place for: its row is no longer among the rows, or its column left the window. */
export interface PinLost {
  bucketId: string;
  columnMs: number;
  why: 'row' | 'column';
}

/** The pin of a cell of `m` (null: no such cell). */
export function pinAt(m: ViewMatrix, cell: CellRef): Pin | null {
  const row = m.rows[cell.row];
  const columnMs = m.columns[cell.col];
  return row && columnMs !== undefined ? { row: cell.row, col: cell.col, bucketId: row.bucketId, columnMs } : null;
}

/**
 * The column at `ms` in ascending `columns`: that exact time, else the nearest one when it is
 * nearer than half the step around it (a slot whose time came from another node this round);
 * -1 when the window no longer holds it.
 */
export function columnAt(columns: ArrayLike<number>, ms: number): number {
  let lo = 0;
  let hi = columns.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (columns[mid]! < ms) lo = mid + 1;
    else hi = mid;
  }
  if (lo < columns.length && columns[lo] === ms) return lo;
  const near = [lo - 1, lo].filter((i) => i >= 0 && i < columns.length)
    .sort((a, b) => Math.abs(columns[a]! - ms) - Math.abs(columns[b]! - ms))[0];
  if (near === undefined) return -1;
  // The step around that column, from its neighbours (a lone column matches only exactly).
  const gaps = [near - 1, near + 1].filter((i) => i >= 0 && i < columns.length).map((i) => Math.abs(columns[i]! - columns[near]!));
  if (gaps.length === 0) return -1;
  return Math.abs(columns[near]! - ms) * 2 < Math.min(...gaps) ? near : -1;
}

/** The pin's place in a new matrix, or why it has none. */
export function followPin(pin: Pin, m: ViewMatrix): { pin: Pin; lost: null } | { pin: null; lost: PinLost } {
  const lost = (why: PinLost['why']) => ({ pin: null, lost: { bucketId: pin.bucketId, columnMs: pin.columnMs, why } });
  const row = m.rows.findIndex((r) => r.bucketId === pin.bucketId);
  if (row < 0) return lost('row');
  const col = columnAt(m.columns, pin.columnMs);
  if (col < 0) return lost('column');
  return { pin: { row, col, bucketId: pin.bucketId, columnMs: m.columns[col]! }, lost: null };
}
