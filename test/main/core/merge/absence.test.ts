// Missing rows a healthy cluster has (expected, silent) and the ones worth a warning.
import { describe, expect, test } from 'vitest';
import { mergeMatrices, type NodeMatrix, parseNodeMatrix } from '../../../../src/main/core/merge';

const node = (source: string, cols: number[], rows: object[]): NodeMatrix =>
  parseNodeMatrix({ column_unix_ms: cols, series: 'writes', rows }, source).matrix;
const COLS = [1000, 2000, 3000];
// n1 leads group 1 (route:1), n2 leads group 2 (route:2): each lacks the other's row.
const n1 = node('n1', COLS, [{ bucket_id: 'route:1', values: [4, 4, 4], raft_group_ids: [1, 1, 1], leader_terms: [3, 3, 3] }]);
const n2 = node('n2', COLS.map((c) => c + 5), [{ bucket_id: 'route:2', values: [2, 2, 2], raft_group_ids: [2, 2, 2], leader_terms: [7, 7, 7] }]);

describe('missing rows', () => {
  test('a node that did not lead a route\'s group lacks its row: expected, no warning', () => {
    expect(mergeMatrices([n1, n2]).warnings).toEqual([]);
  });

  test('a node that sent its whole row budget may have left rows out: warned', () => {
    const w = mergeMatrices([n1, n2], { nodeRows: 1 }).warnings;
    expect(w.map((x) => x.message)).toEqual([expect.stringMatching(/^n1: sent 1 rows, its whole row budget \(1\)/), expect.stringMatching(/^n2: sent 1 rows/)]);
  });

  test('a route row\'s counts without a Raft group: who should have counted cannot be told; aggregates never have one', () => {
    const legacy = node('n3', COLS, [{ bucket_id: 'route:3', values: [1, 1, 1] }, { bucket_id: 'virtual:9', aggregate: true, route_count: 4, values: [1, 1, 1] }]);
    const w = mergeMatrices([n1, legacy]).warnings;
    expect(w).toHaveLength(1);
    expect(w[0]!.message).toMatch(/^n1: 1 of 3 merged rows absent \(route:3\) whose counts carry no Raft group/);
  });

  test('a leader (GET /cluster, before the newest column) without rows of its group while others counted it: warned', () => {
    // n2 said it leads group 1 at 1500, but only n1 counted group 1, up to the newest column.
    const before = { groups: new Set([1, 2]), atMs: 1500 };
    const w = mergeMatrices([n1, n2], { leads: [null, before] }).warnings;
    expect(w.map((x) => x.message)).toEqual([expect.stringMatching(/^n2: led Raft group 1 \(GET \/cluster\) before the newest column but sent no row of it/)]);
  });

  test('a leadership known only since the newest column (a transfer in the last step) is not held against the node', () => {
    const since = { groups: new Set([1, 2]), atMs: 3500 };
    expect(mergeMatrices([n1, n2], { leads: [null, since] }).warnings).toEqual([]);
  });
});
