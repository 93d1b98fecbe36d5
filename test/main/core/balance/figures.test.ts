// The balance's figures on small answers built by hand: what counts in a node's total, groups
// without identity, ids past 2^53, no traffic, one node, a node missing from a window, the cap
// on listed groups, and the JSON it is written as.
import { describe, expect, test } from 'vitest';
import { balanceJson, computeBalance, type BalanceInput } from '../../../../src/main/core/balance';
import { parseNodeMatrix } from '../../../../src/main/core/merge';
import { MAX_BALANCE_GROUPS } from '../../../../src/shared/limits';

interface Row { bucket_id: string; aggregate?: boolean; values: number[]; raft_group_ids?: number[]; leader_terms?: number[] }
const node = (name: string, columns: number[], rows: Row[], series = 'writes'): BalanceInput =>
  ({ node: name, matrix: parseNodeMatrix({ column_unix_ms: columns, rows, series }, name).matrix });
const json = (b: ReturnType<typeof computeBalance>): string => { let s = ''; balanceJson(b, (t) => { s += t; }); return s; };

describe('balance figures', () => {
  test('a node\'s total counts every row (aggregate virtual rows too) and every column; a legacy row is ungrouped', () => {
    const b = computeBalance([
      node('a', [1000, 2000], [
        { bucket_id: 'route:1', values: [5, 7], raft_group_ids: [1, 1], leader_terms: [2, 2] },
        { bucket_id: 'virtual:9', aggregate: true, values: [100, 0], raft_group_ids: [2, 0], leader_terms: [1, 0] },
        { bucket_id: 'route:3', values: [1, 1] }, // no identity arrays: an older elastickv
      ]),
      node('b', [1003, 2004], [{ bucket_id: 'route:1', values: [3, 0], raft_group_ids: [0, 0], leader_terms: [0, 0] }]),
    ]);
    expect(b.nodes.map((n) => n.total)).toEqual([114, 3]);
    expect(b.nodes[0]!.groups).toEqual([{ groupId: 2, total: 100 }, { groupId: 1, total: 12 }]);
    expect(b.nodes.map((n) => n.ungrouped)).toEqual([2, 3]);
    expect(b.notes.join('\n')).toMatch(/a: 1 row\(s\) without raft_group_ids/);
    // Paired on slots, not by millisecond: 1000 with 1003, 2000 with 2004.
    expect(b.windows.map((w) => [w.columnMs, w.totals])).toEqual([[1000, [106, 3]], [2000, [8, 0]]]);
  });

  test('group ids are any uint64: kept by value (past 2^53 rounded, as parsed), written as numbers JSON reads back', () => {
    const big = 2 ** 60 + 2 ** 40;
    const b = computeBalance([
      node('a', [1000], [{ bucket_id: 'route:1', values: [9], raft_group_ids: [big], leader_terms: [1] },
        { bucket_id: 'route:2', values: [4], raft_group_ids: [18446744073709551615], leader_terms: [1] }]),
      node('b', [1000], [{ bucket_id: 'route:1', values: [1], raft_group_ids: [7], leader_terms: [1] }]),
    ]);
    expect(b.nodes[0]!.groups).toEqual([{ groupId: big, total: 9 }, { groupId: 2 ** 64, total: 4 }]);
    // Moving the 2^64 group (4) leaves a 9, b 5; moving the other (9) would make b the busier at 10.
    expect(b.whatIf.map((m) => [m.groupId, m.moved])).toEqual([[2 ** 64, 4], [big, 9]]);
    const back = JSON.parse(json(b)) as { nodes: Array<{ groups: Array<{ group_id: number }> }>; what_if: Array<{ group_id: number }> };
    expect(back.nodes[0]!.groups.map((g) => g.group_id)).toEqual([big, 2 ** 64]);
    expect(back.what_if.map((m) => m.group_id)).toEqual([2 ** 64, big]);
  });

  test('no traffic: every share 0, no imbalance, no busiest node, no move', () => {
    const b = computeBalance([node('a', [1000], [{ bucket_id: 'route:1', values: [0] }]), node('b', [1000], [])]);
    expect(b.nodes.map((n) => n.share)).toEqual([0, 0]);
    expect([b.imbalance, b.busiest, b.whatIf]).toEqual([null, null, []]);
    expect(JSON.parse(json(b))).toMatchObject({ imbalance: null, busiest: null, what_if: [] });
  });

  test('one node carries everything: the imbalance is N; moving its group evens it', () => {
    const b = computeBalance([
      node('a', [1000], [{ bucket_id: 'route:1', values: [10], raft_group_ids: [1], leader_terms: [1] },
        { bucket_id: 'route:2', values: [10], raft_group_ids: [2], leader_terms: [1] }]),
      node('b', [1000], []),
    ]);
    expect(b.imbalance).toBe(2);
    expect(b.whatIf.map((m) => [m.groupId, m.imbalanceAfter])).toEqual([[1, 1], [2, 1]]);
    // One node alone is even by definition (its share is the even share), and has nowhere to move to.
    const alone = computeBalance([node('a', [1000], [{ bucket_id: 'route:1', values: [3], raft_group_ids: [1], leader_terms: [1] }])]);
    expect([alone.imbalance, alone.whatIf]).toEqual([1, []]);
  });

  test('a move goes only from the group\'s leader (per /cluster) and only to its members', () => {
    const id = (nodeId: string, groups: Array<[number, boolean, string[]]>) => ({ node: nodeId, ok: true, nodeId,
      groups: groups.map(([groupId, isLeader, members]) => ({ groupId, leaderId: '', isLeader, members })) });
    const g = (group: number, v: number): Row => ({ bucket_id: `route:${group}`, values: [v], raft_group_ids: [group], leader_terms: [1] });
    const b = computeBalance([
      // a leads group 1 (members a, b) and counted group 2 before handing it to b.
      { ...node('a', [1000], [g(1, 60), g(2, 30)]), identity: id('a', [[1, true, ['a', 'b']], [2, false, ['a', 'b']]]) },
      { ...node('b', [1000], [g(2, 10)]), identity: id('b', [[1, false, ['a', 'b']], [2, true, ['a', 'b']]]) },
      // c is the least loaded but hosts neither group.
      { ...node('c', [1000], []), identity: id('c', []) },
    ]);
    // Group 1 from a to b leaves a 30, b 70: the busiest falls from 90 to 70. Moving to c, or moving group 2 off a, is not allowed.
    expect(b.whatIf.map((m) => [m.groupId, m.from, m.to, m.moved])).toEqual([[1, 0, 1, 60]]);
  });

  test('a node without a column in a window is null there, and that window is weighed over the others', () => {
    const b = computeBalance([
      node('a', [1000, 2000, 3000], [{ bucket_id: 'route:1', values: [1, 2, 3] }]),
      node('b', [2001, 3001], [{ bucket_id: 'route:1', values: [2, 1] }]),
    ]);
    expect(b.windows.map((w) => [w.totals, w.imbalance])).toEqual([[[1, null], 1], [[2, 2], 1], [[3, 1], 1.5]]);
  });

  test(`at most ${MAX_BALANCE_GROUPS} groups are listed per node (the busiest); the rest still count`, () => {
    const n = MAX_BALANCE_GROUPS + 5;
    const columns = Array.from({ length: n }, (_, j) => 1000 * (j + 1));
    const b = computeBalance([node('a', columns, [{
      bucket_id: 'route:1', values: columns.map((_, j) => j + 1), raft_group_ids: columns.map((_, j) => 2 ** 50 + j), leader_terms: columns.map(() => 1),
    }])]);
    const a = b.nodes[0]!;
    expect(a.groups).toHaveLength(MAX_BALANCE_GROUPS);
    expect(a.groupsOmitted).toBe(5);
    expect(a.groups[0]).toEqual({ groupId: 2 ** 50 + n - 1, total: n });
    expect(a.total).toBe((n * (n + 1)) / 2);
    expect(JSON.parse(json(b)).nodes[0].groups_omitted).toBe(5);
  });
});
