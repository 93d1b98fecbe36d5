// One pass over a node's own answer: its total, what it counted per column, and per Raft group.
// Group ids are arbitrary uint64s a node sends: kept in a Map (never an array indexed by id), so
// the memory is linear in the distinct ids, which are at most the cells.
import type { NodeMatrix } from '../merge/types';

export interface NodeTotals {
  total: number;
  /** Per own column (parallel to matrix.columns). */
  columns: Float64Array;
  /** Group id → traffic, without group 0. */
  groups: Map<number, number>;
  /** Traffic in cells without a group (id 0, or no identity array). */
  ungrouped: number;
  /** Rows that counted something but sent no identity array (a legacy node). */
  rowsWithoutGroups: number;
}

export function nodeTotals(m: NodeMatrix): NodeTotals {
  const columns = new Float64Array(m.columns.length);
  const groups = new Map<number, number>();
  let total = 0;
  let ungrouped = 0;
  let rowsWithoutGroups = 0;
  for (const row of m.rows) {
    const values = row.values;
    const ids = row.groups;
    const n = Math.min(values.length, columns.length);
    if (!ids || ids.length === 0) {
      let sum = 0;
      for (let i = 0; i < n; i++) { const v = values[i]!; sum += v; columns[i]! += v; }
      total += sum;
      ungrouped += sum;
      if (sum > 0) rowsWithoutGroups++;
      continue;
    }
    // A row's cells mostly repeat one group: sum a run, touch the Map once per run.
    const m2 = Math.min(n, ids.length); // ids are parallel to the values, or empty (no identity)
    let runGroup = 0;
    let run = 0;
    let sum = 0;
    for (let i = 0; i < m2; i++) {
      const v = values[i]!;
      if (v === 0) continue;
      sum += v;
      columns[i]! += v;
      const g = ids[i]!;
      if (g !== runGroup) {
        if (run > 0) add(groups, runGroup, run);
        runGroup = g;
        run = 0;
      }
      run += v;
    }
    if (run > 0) add(groups, runGroup, run);
    for (let i = m2; i < n; i++) { const v = values[i]!; sum += v; ungrouped += v; columns[i]! += v; }
    total += sum;
  }
  ungrouped += groups.get(0) ?? 0;
  groups.delete(0);
  return { total, columns, groups, ungrouped, rowsWithoutGroups };
}

function add(map: Map<number, number>, key: number, v: number): void {
  map.set(key, (map.get(key) ?? 0) + v);
}
