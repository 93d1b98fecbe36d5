// Catalog divergence: inputs that describe one bucket_id differently (start, end, label).
// elastickv silently keeps the first-seen metadata; the operator should know the nodes disagree
// (e.g. a split seen by one node only, or aggregates coarsened differently on each node).
import type { MergeWarning, NodeMatrix, NodeRow } from './types';

const range = (r: NodeRow): string => `[${r.start ?? 'null'}, ${r.end ?? 'null'})${r.label ? ` label ${r.label}` : ''}`;
const same = (a: NodeRow, b: NodeRow): boolean => a.start === b.start && a.end === b.end && a.label === b.label;

export function catalogDivergence(inputs: readonly NodeMatrix[]): MergeWarning[] {
  const first = new Map<string, { input: number; row: NodeRow }>();
  const differing = new Map<string, Array<{ input: number; row: NodeRow }>>();
  inputs.forEach((m, input) => {
    for (const row of m.rows) {
      const seen = first.get(row.bucketId);
      if (!seen) first.set(row.bucketId, { input, row });
      else if (!same(seen.row, row)) (differing.get(row.bucketId) ?? differing.set(row.bucketId, []).get(row.bucketId)!).push({ input, row });
    }
  });
  return [...differing.entries()].map(([bucketId, others]) => {
    const base = first.get(bucketId)!;
    const list = others.map((o) => `${inputs[o.input]!.source} says ${range(o.row)}`).join('; ');
    return {
      kind: 'catalog_divergence' as const,
      bucketId,
      inputs: [base.input, ...new Set(others.map((o) => o.input))],
      message: `${bucketId}: the inputs disagree on its key range: ${inputs[base.input]!.source} says ${range(base.row)}; `
        + `${list}. The merge keeps ${inputs[base.input]!.source}'s (first seen), as elastickv does.`,
    };
  });
}
