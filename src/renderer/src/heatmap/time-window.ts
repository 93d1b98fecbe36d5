// The time window of some columns, as the nodes are asked for it (select & zoom refetches: TiDB's
// Key Visualizer asks its cluster again for the window brushed). A column's time is a flush (it
// closes the step before it); elastickv returns a column when from_unix_ms ≤ its time < to_unix_ms.
// The merged view's column is the earliest flush of its time slot, and every node's flush of that
// slot lies within half a step after it (core/merge/align.ts), so:
//   from = the first brushed column's time: every node's flush of that slot is at or after it,
//          every flush of the slot before it is before it;
//   to   = the next column's time (its slot is left out), or, after the last column, half a step
//          on: past every flush of the last slot, short of any node's next flush.
import { medianStep } from '../../../shared/step';

/** Median spacing of the columns (a missing column does not throw it off); null under two columns. */
export const columnStep = (columns: ArrayLike<number>): number | null => medianStep([columns]);

/** from_unix_ms / to_unix_ms that bring back exactly columns [c0, c1); null when there is no step to go by. */
export function windowOfColumns(columns: ArrayLike<number>, c0: number, c1: number): { fromMs: number; toMs: number } | null {
  const n = columns.length;
  if (!(c0 >= 0 && c0 < c1 && c1 <= n)) return null;
  const step = columnStep(columns);
  if (step === null) return null;
  const fromMs = columns[c0]!;
  const toMs = c1 < n ? columns[c1]! : columns[n - 1]! + Math.ceil(step / 2);
  return { fromMs, toMs };
}

/** Where column `col`'s window starts (the flush before it; for the first, one step back; null for a lone column). */
export function columnWindowStart(columns: ArrayLike<number>, col: number): number | null {
  if (col > 0) return columns[col - 1]!;
  return columns.length > 1 ? 2 * columns[0]! - columns[1]! : null;
}

/**
 * The time span of columns the heatmap shows, as the balance and "served by" weigh it: slot times
 * [first shown, first after it), to the end for the last column; null when every column is shown.
 */
export function spanOfColumns(columns: ArrayLike<number>, c0: number, c1: number): { fromMs: number; toMs: number | null } | null {
  const n = columns.length;
  const a = Math.max(0, Math.floor(c0));
  const b = Math.min(n, Math.ceil(c1));
  if (n === 0 || b <= a || (a === 0 && b === n)) return null;
  return { fromMs: columns[a]!, toMs: b < n ? columns[b]! : null };
}
