// The view's row-major values: the merge's own array when its rows lie in display order in one
// buffer (no copy of every cell), a copy otherwise; the same numbers either way.
import { describe, expect, test } from 'vitest';
import { mergeMatrices, type MergedMatrix, parseNodeMatrix } from '../../../../src/main/core/merge';
import { toViewMatrix } from '../../../../src/main/app/views/picture';

const T = [1000, 2000, 3000];
const node = (source: string, index: number, ids: number[]) => parseNodeMatrix({ column_unix_ms: T, series: 'writes',
  // Rows sent out of key order, and each node with a row of its own: first-seen order is not key order.
  rows: ids.map((id) => ({ bucket_id: `route:${id}`, start: Buffer.from(`k${id}`).toString('base64'), end: null,
    values: T.map((_, j) => (id * 10 + j + index) % 7), raft_group_ids: T.map(() => 1 + (id % 2)), leader_terms: T.map(() => 3) })) }, source, index).matrix;
const inputs = [node('a', 0, [5, 2, 9]), node('b', 1, [2, 7, 5]), node('c', 2, [3, 9])];
const rowMajor = (m: MergedMatrix) => m.rows.flatMap((r) => [...r.values.subarray(0, m.columns.length)]);

describe('toViewMatrix', () => {
  test('merged rows in display order: the view takes the merge\'s array as it is', () => {
    const m = mergeMatrices(inputs, { series: 'writes' }).matrix;
    expect(m.rows.map((r) => r.bucketId)).toEqual(['route:2', 'route:3', 'route:5', 'route:7', 'route:9']); // key order
    // elastickv's order (compat) is the order the merge lays rows out in: taken as it is too.
    for (const x of [m, mergeMatrices(inputs, { series: 'writes', compat: true }).matrix]) {
      const v = toViewMatrix(x);
      expect(v.values.buffer).toBe(x.rows[0]!.values.buffer);
      expect([...v.values]).toEqual(rowMajor(x));
    }
  });

  test('rows cut by a budget, or one node passed through: copied, the same numbers', () => {
    for (const m of [mergeMatrices(inputs, { series: 'writes', rows: 3 }).matrix, mergeMatrices(inputs.slice(0, 1), { series: 'writes' }).matrix]) {
      const v = toViewMatrix(m);
      expect(v.values.buffer).not.toBe(m.rows[0]!.values.buffer);
      expect(v.values.length).toBe(m.rows.length * m.columns.length);
      expect([...v.values]).toEqual(rowMajor(m));
    }
  });
});
