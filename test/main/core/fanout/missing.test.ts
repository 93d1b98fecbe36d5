// What a degraded round lacks: the stretches of the window a silent node led a group in.
import { describe, expect, test } from 'vitest';
import { missingTraffic } from '../../../../src/main/core/fanout/missing';
import type { NodeIdentity } from '../../../../src/main/core/fanout/identity';
import { mergeMatrices, parseNodeMatrix } from '../../../../src/main/core/merge';
import { missingText } from '../../../../src/shared/missing';

const cols = Array.from({ length: 10 }, (_, j) => 1000 * (j + 1));
const row = (id: string, g: number, terms: number[]) => ({ bucket_id: id, values: terms.map((t) => (t ? 4 : 0)), raft_group_ids: terms.map((t) => (t ? g : 0)), leader_terms: terms });
const who = (nodeId: string, leads: number[], members = ['a', 'b', 'c']): NodeIdentity => ({ node: nodeId, ok: true, nodeId,
  groups: [1, 2].map((g) => ({ groupId: g, leaderId: leads.includes(g) ? nodeId : 'c', isLeader: leads.includes(g), members })) });

describe('missingTraffic', () => {
  // Group 1: a (term 3) until slot 2, then nobody (c, silent, term 4), then b from slot 7 in term 5.
  // Group 2: b the whole window.
  const a = parseNodeMatrix({ column_unix_ms: cols, series: 'writes', rows: [row('route:1', 1, [3, 3, 3, 0, 0, 0, 0, 0, 0, 0])] }, 'a').matrix;
  const b = parseNodeMatrix({ column_unix_ms: cols.map((c) => c + 3), series: 'writes', rows: [
    row('route:1', 1, [0, 0, 0, 0, 0, 0, 0, 5, 5, 5]), row('route:2', 2, [7, 7, 7, 7, 7, 7, 7, 7, 7, 7])] }, 'b').matrix;
  const merge = mergeMatrices([a, b]);

  test('a stretch in the middle across which the term moved by two: the silent node led it then', () => {
    const m = missingTraffic('writes', [true, true, false], ['a', 'b', 'c:1'], merge, [who('a', []), who('b', [1, 2]), undefined], [])!;
    expect(m.nodes).toEqual([{ node: 'c:1', nodeId: 'c' }]);
    expect(m.groups).toEqual([{ group: 1, fromMs: 4000, untilMs: 8000, leader: null, term: 5 }]);
    expect(missingText(m, String)).toBe("Writes are counted only by each Raft group's leader, and no answering node counted these, "
      + 'so their writes are missing: group 1 4000–8000.');
  });

  test('the end of the window, when GET /cluster names the silent node as the leader; reads say what else is gone', () => {
    const tail = parseNodeMatrix({ column_unix_ms: cols, series: 'writes', rows: [row('route:1', 1, [3, 3, 3, 3, 3, 0, 0, 0, 0, 0]),
      row('route:2', 2, [7, 7, 7, 7, 7, 7, 7, 7, 7, 7])] }, 'a').matrix;
    const m = missingTraffic('writes', [true, false], ['a', 'c:1'], mergeMatrices([tail]), [who('a', [2], ['a', 'c']), undefined], [])!;
    expect(m.groups).toEqual([{ group: 1, fromMs: 6000, untilMs: null, leader: 'c', term: null }]);
    expect(missingText({ ...m, series: 'reads' }, String)).toMatch(/^Reads are counted where they were served .* the reads c \(c:1\) counted are missing, including the Redis reads of group 1 since 6000 \(c leads it now\)\.$/);
  });

  test('a quiet group\'s gap (counted only now and then) with one term step tells nothing: nothing named', () => {
    const quiet = parseNodeMatrix({ column_unix_ms: cols, series: 'writes', rows: [row('route:1', 1, [3, 0, 3, 0, 0, 4, 0, 4, 0, 4])] }, 'a').matrix;
    const busy = parseNodeMatrix({ column_unix_ms: cols, series: 'writes', rows: [row('route:2', 2, [7, 7, 7, 7, 7, 7, 7, 7, 7, 7])] }, 'b').matrix;
    const m = missingTraffic('writes', [true, true, false], ['a', 'b', 'c:1'], mergeMatrices([quiet, busy]), [who('a', [1]), who('b', [2]), undefined], [])!;
    expect(m.groups).toEqual([]);
    expect(missingText(m, String)).toMatch(/the writes of any group c \(c:1\) led in this window are missing \(the answers do not show which\)/);
  });

  test('a sporadic group (a write now and then) and a pause of the whole cluster are not blamed on the silent node', () => {
    const long = Array.from({ length: 40 }, (_, j) => 1000 * (j + 1));
    const at = (js: number[], t: number) => long.map((_, j) => (js.includes(j) ? t : 0));
    // Group 2: four isolated writes. Group 1: busy, but the whole cluster pauses in 15–24.
    const busyButPausing = long.map((_, j) => (j >= 15 && j < 25 ? 0 : 3));
    const a2 = parseNodeMatrix({ column_unix_ms: long, series: 'writes', rows: [row('route:1', 1, busyButPausing), row('route:2', 2, at([5, 18, 30, 38], 5))] }, 'a').matrix;
    const m = missingTraffic('writes', [true, false], ['a', 'c:1'], mergeMatrices([a2]), [who('a', [1, 2], ['a', 'c']), undefined], [])!;
    // Group 2's gaps: sporadic. Group 1's gap holds group 2's write at 18: the cluster was not idle, so it is named.
    expect(m.groups.map((x) => x.group)).toEqual([1]);
    const idle = long.map((_, j) => (j >= 15 && j < 25 ? 0 : 3));
    const a3 = parseNodeMatrix({ column_unix_ms: long, series: 'writes', rows: [row('route:1', 1, idle), row('route:3', 2, idle)] }, 'a').matrix;
    expect(missingTraffic('writes', [true, false], ['a', 'c:1'], mergeMatrices([a3]), [who('a', [1, 2], ['a', 'c']), undefined], [])!.groups).toEqual([]);
  });
});
