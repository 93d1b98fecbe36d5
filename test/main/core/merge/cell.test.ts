// Cell detail: each node's own value, who disagreed, who had no data.
import { describe, expect, test } from 'vitest';
import { mergeMatrices, parseNodeMatrix } from '../../../../src/main/core/merge';
import { cellDetail, windowStart } from '../../../../src/main/core/merge/cell';

const node = (source: string, rows: object[], cols = [1000, 2000]) =>
  parseNodeMatrix({ column_unix_ms: cols, series: 'writes', rows }, source).matrix;

describe('cellDetail', () => {
  test('same term, different counts: the two nodes disagree, the third had no data', () => {
    const r = mergeMatrices([
      node('a', [{ bucket_id: 'route:9', values: [30, 5], raft_group_ids: [7, 7], leader_terms: [42, 42] }]),
      node('b', [{ bucket_id: 'route:9', values: [55, 0], raft_group_ids: [7, 7], leader_terms: [42, 42] }]),
      node('c', [{ bucket_id: 'route:1', values: [1, 1] }]),
    ], { align: false });
    const row = r.matrix.rows.findIndex((x) => x.bucketId === 'route:9');
    const d = cellDetail(r, row, 0)!;
    expect(d).toMatchObject({ bucketId: 'route:9', columnMs: 1000, windowStartMs: 0, value: 55, group: 7, term: 42, conflict: true });
    expect(d.nodes.map((n) => [n.source, n.present, n.value, n.disagreed])).toEqual([['a', true, 30, true], ['b', true, 55, true], ['c', false, 0, false]]);
    expect(d.explanation).toMatch(/Raft group 7 under one leader term \(42\)/);
    expect(cellDetail(r, row, 1)).toMatchObject({ value: 5, conflict: false, explanation: null });
  });

  test('without identity: the legacy max-merge, every differing node marked', () => {
    const r = mergeMatrices([
      node('a', [{ bucket_id: 'route:9', values: [30, 0], raft_group_ids: [7, 0], leader_terms: [42, 0] }]),
      node('b', [{ bucket_id: 'route:9', values: [50, 0] }]),
    ]);
    const d = cellDetail(r, 0, 0)!;
    expect(d.value).toBe(50);
    expect(d.nodes.map((n) => n.disagreed)).toEqual([true, true]);
    expect(d.explanation).toMatch(/legacy max-merge/);
  });

  test('an aligned column: every node found at its own timestamp', () => {
    const inputs = [
      node('a', [{ bucket_id: 'route:1', values: [1, 2] }], [60_100, 120_100]),
      node('b', [{ bucket_id: 'route:1', values: [10, 20] }], [60_700, 120_650]),
    ];
    const r = mergeMatrices(inputs);
    const d = cellDetail(r, 0, 1)!;
    // Two nodes' flushes in one slot: each write is counted on one node only, so they add up
    // (elastickv's max-merge without identity only meets one flush time, kept in compat).
    expect(d.value).toBe(22);
    expect([...mergeMatrices(inputs, { compat: true }).matrix.rows[0]!.values]).toEqual([1, 10, 2, 20]);
    expect(d.nodes.map((n) => [n.present, n.value])).toEqual([[true, 2], [true, 20]]);
    expect(cellDetail(r, 5, 0)).toBeNull();
  });

  test('with the round\'s roster: every configured node in its order, named by node_id, a silent one saying why', () => {
    const r = mergeMatrices([
      node('a', [{ bucket_id: 'route:9', values: [30, 5], raft_group_ids: [7, 7], leader_terms: [42, 42] }]),
      node('c', [{ bucket_id: 'route:9', values: [0, 1] }]),
    ], { align: false });
    const d = cellDetail(r, 0, 0, [
      { source: 'a', nodeId: 'n1', noAnswer: null },
      { source: 'b', nodeId: 'n2', noAnswer: 'connection refused' },
      { source: 'c', nodeId: null, noAnswer: null },
    ])!;
    expect(d.nodes.map((n) => [n.source, n.nodeId, n.present, n.value, n.noAnswer])).toEqual([
      ['a', 'n1', true, 30, null], ['b', 'n2', false, 0, 'connection refused'], ['c', null, true, 0, null]]);
    // Without a roster (a bare merge): the inputs as they are, none said to be silent.
    expect(cellDetail(r, 0, 0)!.nodes.map((n) => [n.source, n.noAnswer])).toEqual([['a', null], ['c', null]]);
  });

  test("a cell's window ends at its column's time, the flush that closed it (contract §3.5)", () => {
    expect(windowStart([1000, 2000, 3000], 2)).toBe(2000);
    expect(windowStart([1000, 2000, 3000], 0)).toBe(0); // one step back from the first flush
    expect(windowStart([1000], 0)).toBeNull(); // a lone column: no step to go by
  });
});
