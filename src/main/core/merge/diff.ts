// B − A of two merged matrices of one series, on the union of their rows (by bucket_id, in key
// order) and of their time slots: what changed between two snapshots, or a snapshot and now.
// Columns pair up by the merge's own slots (half a step), not by millisecond: a merged column
// carries its earliest node's flush time, which moves when that node is missing on one side.
import { alignColumns } from './align';
import { sizeText, tooLarge } from './budget';
import { type CellDetail, windowStart } from './cell';
import type { MergedMatrix, MergedRow } from './types';

export interface MatrixDiff {
  /** values = B − A (missing cells count as 0); no groups, terms, conflicts or leadership changes. */
  matrix: MergedMatrix;
  a: MergedMatrix;
  b: MergedMatrix;
  labels: { a: string; b: string };
  /** Per merged row/column: the index in A and in B, or -1 (a slot only one side has). */
  rowA: Int32Array;
  rowB: Int32Array;
  colA: Int32Array;
  colB: Int32Array;
}

export class DiffError extends Error {}

const startBytes = (r: MergedRow): Buffer => (r.start ? Buffer.from(r.start, 'base64') : Buffer.alloc(0));

export function diffMatrices(a: MergedMatrix, b: MergedMatrix, labels: { a: string; b: string }): MatrixDiff {
  if (a.series !== b.series) throw new DiffError(`${labels.a} shows ${a.series} and ${labels.b} shows ${b.series}: compare views of one series`);
  // Each side's columns as slot times: a slot holds at most one column of each side.
  const [slotsA, slotsB] = alignColumns([a, b].map((m, i) => ({ source: i === 0 ? labels.a : labels.b, series: m.series,
    generatedAt: m.generatedAt, columns: m.columns, rows: m.rows }))).inputs.map((m) => m.columns) as [Float64Array, Float64Array];
  const columns = Float64Array.from(new Set([...slotsA, ...slotsB])).sort();
  const index = (cols: Float64Array): Int32Array => {
    const at = new Map<number, number>();
    cols.forEach((c, i) => at.set(c, i));
    return Int32Array.from(columns, (c) => at.get(c) ?? -1);
  };
  const rowCount = new Set([...a.rows.map((r) => r.bucketId), ...b.rows.map((r) => r.bucketId)]).size;
  if (tooLarge({ rows: rowCount, columns: columns.length, cells: rowCount * columns.length })) {
    throw new DiffError(`the comparison of ${labels.a} and ${labels.b} would be too large: `
      + `${sizeText({ rows: rowCount, columns: columns.length, cells: rowCount * columns.length })}`);
  }
  const colA = index(slotsA);
  const colB = index(slotsB);
  const byId = new Map<string, { row: MergedRow; a: number; b: number }>();
  a.rows.forEach((row, i) => byId.set(row.bucketId, { row, a: i, b: -1 }));
  b.rows.forEach((row, i) => {
    const seen = byId.get(row.bucketId);
    byId.set(row.bucketId, seen ? { row, a: seen.a, b: i } : { row, a: -1, b: i });
  });
  const order = [...byId.values()].sort((x, y) => Buffer.compare(startBytes(x.row), startBytes(y.row)) || (x.row.bucketId < y.row.bucketId ? -1 : 1));
  const rows: MergedRow[] = order.map(({ row, a: ia, b: ib }) => {
    const values = new Float64Array(columns.length);
    for (let c = 0; c < columns.length; c++) {
      const va = ia >= 0 && colA[c]! >= 0 ? a.rows[ia]!.values[colA[c]!] ?? 0 : 0;
      const vb = ib >= 0 && colB[c]! >= 0 ? b.rows[ib]!.values[colB[c]!] ?? 0 : 0;
      values[c] = vb - va;
    }
    // A side's conflicts and leadership changes sit at its own column indexes, and are not B − A's.
    return { ...row, values, groups: null, terms: null, conflicts: null, handovers: null };
  });
  return {
    matrix: { columns, rows, series: b.series, generatedAt: b.generatedAt }, a, b, labels,
    rowA: Int32Array.from(order, (o) => o.a), rowB: Int32Array.from(order, (o) => o.b), colA, colB,
  };
}

/** A cell of the difference: both values, and B − A. */
export function diffCellDetail(d: MatrixDiff, row: number, col: number): CellDetail | null {
  const r = d.matrix.rows[row];
  if (!r || col < 0 || col >= d.matrix.columns.length) return null;
  const side = (m: MergedMatrix, ri: number, ci: number, source: string) => {
    const present = ri >= 0 && ci >= 0;
    const mr = present ? m.rows[ri]! : null;
    return { source, present, value: mr ? mr.values[ci] ?? 0 : 0, group: mr?.groups?.[ci] ?? 0, term: mr?.terms?.[ci] ?? 0, disagreed: false,
      nodeId: null, noAnswer: null };
  };
  return {
    bucketId: r.bucketId, columnMs: d.matrix.columns[col]!, windowStartMs: windowStart(d.matrix.columns, col),
    value: r.values[col]!, group: 0, term: 0, conflict: false, explanation: null, leadershipChange: null,
    nodes: [side(d.a, d.rowA[row]!, d.colA[col]!, `A · ${d.labels.a}`), side(d.b, d.rowB[row]!, d.colB[col]!, `B · ${d.labels.b}`)],
  };
}
