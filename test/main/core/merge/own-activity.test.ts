// Group activity worked out where an answer is decoded (ownActivity, remembered for its rows)
// must give the merge exactly what working it out over the merged columns gives, and must never
// be used for a matrix whose rows or cells changed.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { groupActivity, mergeMatrices, type NodeMatrix, parseNodeMatrix } from '../../../../src/main/core/merge';
import { ownActivity, rememberActivity } from '../../../../src/main/core/merge/leadership';
import { alignColumns } from '../../../../src/main/core/merge/align';
import { wireMatrix } from './arbitraries';

const plain = (a: ReturnType<typeof groupActivity>) => a.map((m) => [...m].sort(([x], [y]) => x - y));

/** The same matrices, decoded afresh (so nothing is remembered for their rows). */
const fresh = (ms: readonly NodeMatrix[]) => ms.map((m) => ({ ...m, rows: m.rows.map((r) => ({ ...r })) }));

describe('activity worked out per answer', () => {
  test('remembered for each input, the merge\'s activity equals the one worked out over the merged columns', () => {
    // Nodes flushing at their own ms (alignment relabels), sometimes together; a column pool with gaps.
    const pool = [1000, 1400, 2000, 2300, 3000, 3010, 4000, 5000, 6000, 6200];
    fc.assert(fc.property(fc.array(wireMatrix('writes', pool), { minLength: 1, maxLength: 4 }), (wires) => {
      const inputs = wires.map((w, i) => parseNodeMatrix(w, `n${i}`, i).matrix);
      for (const m of inputs) rememberActivity(m, ownActivity(m));
      const got = mergeMatrices(inputs, { series: 'writes' });
      const want = mergeMatrices(fresh(inputs), { series: 'writes' });
      expect(plain(got.activity!)).toEqual(plain(want.activity!));
      expect(got.events).toEqual(want.events);
      expect(got.warnings).toEqual(want.warnings);
    }), { numRuns: 400, seed: 19 });
  });

  test('inputs whose columns do not ascend are worked out afresh; a derived matrix (rows cut, columns dropped) is never given its parent\'s', () => {
    const rows = [
      { bucket_id: 'route:1', values: [5, 0, 7, 9], raft_group_ids: [1, 1, 2, 2], leader_terms: [3, 3, 4, 5] },
      { bucket_id: 'route:2', values: [1, 1, 0, 0], raft_group_ids: [2, 2, 2, 2], leader_terms: [4, 4, 4, 4] },
    ];
    const a = parseNodeMatrix({ column_unix_ms: [1000, 2000, 3000, 4000], series: 'writes', rows }, 'a').matrix;
    // Columns out of order: its own activity would map to descending merged columns.
    const b = parseNodeMatrix({ column_unix_ms: [4000, 3000, 2000, 1000], series: 'writes', rows }, 'b', 1).matrix;
    for (const m of [a, b]) rememberActivity(m, ownActivity(m));
    const merged = mergeMatrices([a, b], { series: 'writes', align: false }).matrix;
    expect(plain(groupActivity([a, b], merged))).toEqual(plain(groupActivity(fresh([a, b]), merged)));
    // A row cut away (as a budget cuts): the activity is the rows left's, not the parent's.
    const cut = { ...a, rows: a.rows.slice(1) };
    const m2 = mergeMatrices([cut], { series: 'writes' }).matrix;
    expect(plain(groupActivity([cut], m2))).toEqual(plain(groupActivity(fresh([cut]), m2)));
    expect(groupActivity([cut], m2)[0]!.get(1)).toBeUndefined(); // group 1 was route:1's only
    // Fewer columns than it was worked out for: not used.
    const short = { ...a, columns: a.columns.subarray(0, 2) };
    const m3 = mergeMatrices([short], { series: 'writes' }).matrix;
    expect(plain(groupActivity([short], m3))).toEqual([[[1, { slots: [0], terms: [3] }], [2, { slots: [0, 1], terms: [4, 4] }]]]);
  });

  test('aligned inputs keep their rows and so their activity: the map is used, not recomputed', () => {
    const a = parseNodeMatrix({ column_unix_ms: [1000, 2000], series: 'writes', rows: [{ bucket_id: 'r', values: [1, 2], raft_group_ids: [7, 7], leader_terms: [1, 2] }] }, 'a').matrix;
    const own = ownActivity(a);
    own.terms[1] = 99; // a marker: only the remembered activity says term 99
    rememberActivity(a, own);
    const aligned = alignColumns([a, { ...a, source: 'b', rows: [] }]).inputs;
    expect(aligned[0]!.rows).toBe(a.rows);
    const merged = mergeMatrices([a], { series: 'writes' }).matrix;
    expect(groupActivity([aligned[0]!], merged)[0]!.get(7)).toEqual({ slots: [0, 1], terms: [1, 99] });
  });
});
