// Which node served some rows (a merged row, or a key group's rows) over a time span: each node's
// own count of those buckets there. A node that does not hold a bucket counted nothing of it; the
// same duplicate rule as the balance, so the shares add up with the panel's. Linear in the cells
// asked about: rows are found by bucket_id in one pass over each node's rows.
import { nodeIdOf } from '../../../shared/identity';
import { distinctNodes } from './distinct';
import { columnsInSpan, type TimeSpan } from './span';
import type { BalanceInput } from './types';

export interface ServedNode { node: string; nodeId: string | null; total: number; share: number }

export interface Served {
  /** Per node in input order (duplicates left out). */
  nodes: ServedNode[];
  total: number;
}

export function servedBy(inputs: readonly BalanceInput[], buckets: ReadonlySet<string>, span: TimeSpan | null): Served {
  const { kept } = distinctNodes(inputs);
  const totals = kept.map(({ matrix: m }) => {
    const at = columnsInSpan(m.columns, span);
    let sum = 0;
    for (const row of m.rows) {
      if (!buckets.has(row.bucketId)) continue;
      const v = row.values;
      if (at) {
        for (let j = 0; j < at.length && at[j]! < v.length; j++) sum += v[at[j]!]!;
      } else {
        const n = Math.min(v.length, m.columns.length);
        for (let i = 0; i < n; i++) sum += v[i]!;
      }
    }
    return sum;
  });
  const total = totals.reduce((a, t) => a + t, 0);
  return {
    nodes: kept.map((x, k) => ({ node: x.node, nodeId: nodeIdOf(x.identity), total: totals[k]!,
      share: total > 0 ? totals[k]! / total : 0 })),
    total,
  };
}
