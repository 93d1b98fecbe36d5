// Incremental refresh: a node's kept matrix, extended by the columns it returned since, and
// trimmed to the range. Equal to what the node would answer to a full request as long as the
// row budget does not bind (each node ranks its rows within the window it is asked about).
import type { NodeMatrix, NodeRow, UintArray } from '../merge/types';
import { rowBudget } from '../merge/shape';

function grow(a: UintArray | null, keptCols: number, add: UintArray | null, addCols: number, total: number): UintArray | null {
  if (!a && !add) return null;
  const wide = (a instanceof Float64Array) || (add instanceof Float64Array);
  const out = wide ? new Float64Array(total) : new Uint32Array(total);
  if (a) out.set(a.subarray(0, Math.min(a.length, keptCols)));
  if (add) out.set(add.subarray(0, Math.min(add.length, addCols)), keptCols);
  return out;
}

/** `kept` followed by `next`'s columns (all later than kept's), rows matched by bucket_id. */
export function appendColumns(kept: NodeMatrix, next: NodeMatrix): NodeMatrix {
  const K = kept.columns.length;
  const N = next.columns.length;
  const total = K + N;
  const nextRows = new Map(next.rows.map((r) => [r.bucketId, r]));
  const rows: NodeRow[] = kept.rows.map((r) => {
    const n = nextRows.get(r.bucketId);
    nextRows.delete(r.bucketId);
    return {
      ...(n ?? r), // the newest metadata
      values: grow(r.values, K, n?.values ?? null, N, total)!,
      groups: grow(r.groups, K, n?.groups ?? null, N, total),
      terms: grow(r.terms, K, n?.terms ?? null, N, total),
    };
  });
  // Rows new in this increment: zeros (absent) before.
  for (const n of nextRows.values()) {
    rows.push({ ...n, values: grow(null, K, n.values, N, total) ?? new Uint32Array(total),
      groups: grow(null, K, n.groups, N, total), terms: grow(null, K, n.terms, N, total) });
  }
  const columns = new Float64Array(total);
  columns.set(kept.columns);
  columns.set(next.columns, K);
  return { ...next, columns, rows };
}

/** Keep only columns at or after `fromMs`, and at most `maxColumns` (the newest). */
export function trimColumns(m: NodeMatrix, fromMs: number | null, maxColumns: number): NodeMatrix {
  let start = 0;
  while (start < m.columns.length && fromMs !== null && m.columns[start]! < fromMs) start++;
  start = Math.max(start, m.columns.length - maxColumns);
  if (start === 0) return m;
  const cut = (a: UintArray | null): UintArray | null => (a ? a.slice(Math.min(start, a.length)) : null);
  return {
    ...m,
    columns: m.columns.slice(start),
    rows: m.rows
      .map((r) => ({ ...r, values: cut(r.values)!, groups: cut(r.groups), terms: cut(r.terms) }))
      // A row with nothing left in the window: the node would no longer send it.
      .filter((r) => r.values.some((v) => v > 0) || (r.groups?.some((g) => g > 0) ?? false)),
  };
}

/**
 * A kept matrix extended by an increment, as a full request would return it: trimmed to the range
 * and the ring, and cut to the node's own row budget (rows that left its top do not pile up).
 */
export function keptWindow(kept: NodeMatrix, next: NodeMatrix, fromMs: number | null, ring: number, rows: number): NodeMatrix {
  const grown = trimColumns(appendColumns(kept, next), fromMs, ring);
  return { ...grown, rows: rowBudget(grown.rows, rows) };
}
