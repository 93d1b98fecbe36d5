// Warnings and coverage in JSON, as the merge command and snapshot files carry them.
import type { Coverage } from './coverage';
import type { LeadershipEvent } from './leadership';
import type { MergeWarning } from './types';

export function warningsJson(warnings: readonly MergeWarning[]): string {
  return JSON.stringify(warnings.map((w) => ({ kind: w.kind, message: w.message, ...(w.bucketId ? { bucket_id: w.bucketId } : {}) })));
}

/** Masks with bit i = input i; `cells` only for rows where some input's values were short. */
export function coverageJson(c: Coverage, rowIds: readonly string[]): string {
  const rows = rowIds.map((id, r) => {
    const cells = c.cells[r];
    return `{"bucket_id":${JSON.stringify(id)},"inputs":${c.rows[r]}${cells ? `,"cells":[${cells.join(',')}]` : ''}}`;
  });
  return `{"inputs":${JSON.stringify(c.sources)},"full":${c.full},"columns":[${c.columns.join(',')}],"rows":[${rows.join(',')}]}`;
}

/** Leadership changes as the merge command and snapshot files carry them (sources name the nodes). */
export function eventsJson(events: readonly LeadershipEvent[], sources: readonly string[], columns: Float64Array): string {
  return JSON.stringify(events.map((e) => ({
    kind: 'leadership_change', raft_group_id: e.group, column_unix_ms: columns[e.column],
    from: sources[e.from], to: sources[e.to], from_term: e.fromTerm, to_term: e.toTerm,
    cells: e.cells.map((c) => ({ bucket_id: c.bucketId, from_count: c.fromCount, to_count: c.toCount })),
  })));
}
