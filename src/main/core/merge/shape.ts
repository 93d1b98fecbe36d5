// Row shaping after the merge: key order, and the row budget re-applied to the cluster view.
import type { NodeRow } from './types';

const EMPTY = Buffer.alloc(0);

function startBytes(row: NodeRow): Buffer {
  return row.start === null ? EMPTY : Buffer.from(row.start, 'base64');
}

function byId(a: NodeRow, b: NodeRow): number {
  return a.bucketId < b.bucketId ? -1 : a.bucketId > b.bucketId ? 1 : 0;
}

/** Rows by raw start key bytes (null = empty key first), ties by bucket_id. */
export function keyOrder<R extends NodeRow>(rows: readonly R[]): R[] {
  const keyed = rows.map((row) => ({ row, key: startBytes(row) }));
  keyed.sort((a, b) => Buffer.compare(a.key, b.key) || byId(a.row, b.row));
  return keyed.map((k) => k.row);
}

/** Top `budget` rows by activity (sum of values), ties by bucket_id, then key order. */
export function rowBudget<R extends NodeRow>(rows: readonly R[], budget: number): R[] {
  if (rows.length <= budget) return keyOrder(rows);
  const totals = new Map<R, number>();
  for (const r of rows) {
    let t = 0;
    for (const v of r.values) t += v;
    totals.set(r, t);
  }
  const top = [...rows].sort((a, b) => totals.get(b)! - totals.get(a)! || byId(a, b)).slice(0, budget);
  return keyOrder(top);
}
