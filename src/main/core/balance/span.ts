// A part of the window: the time span the heatmap is zoomed to. Node k's exact flush t belongs to
// the merged column at slot time s when s ≤ t < the next slot's time (align.ts: a slot's time is its
// earliest flush, the next slot starts after its last), so a span [fromMs, toMs) of slot times keeps
// whole slots, never half of one. Columns may come unsorted (parse.ts tolerates it): picked, not sliced.
import type { NodeMatrix, NodeRow, UintArray } from '../merge/types';
import type { TimeSpan } from '../../../shared/ipc';

export type { TimeSpan };

const inSpan = (t: number, span: TimeSpan): boolean => t >= span.fromMs && (span.toMs === null || t < span.toMs);

/** The positions of `columns` inside the span, ascending; null when every column is (nothing to pick). */
export function columnsInSpan(columns: ArrayLike<number>, span: TimeSpan | null): Int32Array | null {
  if (!span) return null;
  let kept = 0;
  for (let i = 0; i < columns.length; i++) if (inSpan(columns[i]!, span)) kept++;
  if (kept === columns.length) return null;
  const at = new Int32Array(kept);
  let j = 0;
  for (let i = 0; i < columns.length; i++) if (inSpan(columns[i]!, span)) at[j++] = i;
  return at;
}

/** The cells of `a` at positions `at` (ascending); a wire array shorter than the columns stays short. */
function pick<A extends UintArray>(a: A, at: Int32Array): A {
  let n = 0;
  while (n < at.length && at[n]! < a.length) n++;
  const out = new (a.constructor as new (n: number) => A)(n);
  for (let j = 0; j < n; j++) out[j] = a[at[j]!]!;
  return out;
}

/** The node's answer over the span only (the same matrix when it lies inside). Linear in its cells. */
export function withinSpan(m: NodeMatrix, span: TimeSpan | null): NodeMatrix {
  const at = columnsInSpan(m.columns, span);
  if (!at) return m;
  const rows: NodeRow[] = m.rows.map((r) => ({
    ...r, values: pick(r.values, at), groups: r.groups && pick(r.groups, at), terms: r.terms && pick(r.terms, at),
  }));
  const columns = Float64Array.from(at, (i) => m.columns[i]!);
  const exactColumns = m.exactColumns && Float64Array.from(at, (i) => m.exactColumns![i]!);
  return { ...m, columns, ...(exactColumns ? { exactColumns } : {}), rows };
}
