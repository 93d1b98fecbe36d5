// The balance of a real elastickv cluster's window (real-3n-9routes: three nodes, three Raft groups,
// three leadership transfers during the window), checked against the nodes' own JSON and a hand
// computation written out here.
import { describe, expect, test } from 'vitest';
import { type BalanceInput, computeBalance, moveImbalance } from '../../../../src/main/core/balance';
import { identityFromClusterInfo } from '../../../../src/main/core/fanout/identity';
import { parseNodeMatrixText } from '../../../../src/main/core/merge';
import { clusterInfoSchema } from '../../../../src/shared/elastickv/wire';
import { readText } from '../../../helpers/recordings';

const SET = 'real-3n-9routes';
const NODES = ['n1', 'n2', 'n3'] as const;

interface RawRow { values: number[]; raft_group_ids?: number[] }
const raw = (n: string, series: string): { rows: RawRow[]; column_unix_ms: number[] } => JSON.parse(readText(SET, 'nodes', `${n}-${series}.json`));
/** Straight from the node's JSON: every value of every row. */
const sumOf = (n: string, series: string): number => raw(n, series).rows.reduce((a, r) => a + r.values.reduce((x, y) => x + y, 0), 0);
/** Straight from the JSON: traffic per Raft group (cells of group 0 left out). */
function groupsOf(n: string, series: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const r of raw(n, series).rows) {
    r.values.forEach((v, i) => {
      const g = r.raft_group_ids?.[i] ?? 0;
      if (g !== 0 && v > 0) out.set(g, (out.get(g) ?? 0) + v);
    });
  }
  return out;
}

function inputs(series: string, withCluster = true): BalanceInput[] {
  return NODES.map((n) => ({
    node: n,
    matrix: parseNodeMatrixText(readText(SET, 'nodes', `${n}-${series}.json`), n).matrix,
    identity: withCluster ? identityFromClusterInfo(n, clusterInfoSchema.parse(JSON.parse(readText(SET, 'nodes', `${n}-cluster.json`)))) : null,
  }));
}

describe('balance of real-3n-9routes', () => {
  test.each(['writes', 'reads', 'write_bytes', 'read_bytes'])('%s: each node\'s total is the sum of its own answer; shares sum to 1', (series) => {
    const b = computeBalance(inputs(series));
    expect(b.series).toBe(series);
    expect(b.nodes.map((n) => n.node)).toEqual(['n1', 'n2', 'n3']);
    expect(b.nodes.map((n) => n.total)).toEqual(NODES.map((n) => sumOf(n, series)));
    expect(b.total).toBe(NODES.reduce((a, n) => a + sumOf(n, series), 0));
    expect(b.nodes.reduce((a, n) => a + n.share, 0)).toBeCloseTo(1, 12);
    for (const [k, n] of b.nodes.entries()) {
      expect(n.share).toBe(sumOf(NODES[k]!, series) / b.total);
      expect(new Map(n.groups.map((g) => [g.groupId, g.total]))).toEqual(groupsOf(NODES[k]!, series));
    }
    // The imbalance: the busiest node's share ÷ 1/3.
    const totals = NODES.map((n) => sumOf(n, series));
    const busiest = totals.indexOf(Math.max(...totals));
    expect(b.busiest).toBe(busiest);
    expect(b.imbalance).toBeCloseTo((totals[busiest]! / b.total) / (1 / 3), 12);
  });

  test('leadership from /cluster: after the transfers n1 leads 3, n2 leads 1, n3 leads 2', () => {
    const b = computeBalance(inputs('writes'));
    expect(b.nodes.map((n) => [n.nodeId, n.leads])).toEqual([['n1', [3]], ['n2', [1]], ['n3', [2]]]);
    expect(b.membershipKnown).toBe(true);
    // Groups two nodes counted (each transfer) are said to be so.
    expect(b.notes.join('\n')).toMatch(/group\(s\) 1, 2, 3 counted on more than one node/);
  });

  test('per window: the nodes\' columns pair on the merge\'s slots (never by millisecond), each slot summing what each node counted', () => {
    const b = computeBalance(inputs('writes'));
    const cols = NODES.map((n) => raw(n, 'writes').column_unix_ms.length);
    // Each node flushes on its own millisecond (…774, …766, …780): paired, one slot per flush.
    expect(new Set(NODES.map((n) => raw(n, 'writes').column_unix_ms[0]! % 1000)).size).toBeGreaterThan(1);
    expect(b.windows).toHaveLength(Math.max(...cols));
    expect(b.stepMs).toBe(2000);
    for (const w of b.windows) expect(w.totals.every((t) => t !== null)).toBe(true);
    NODES.forEach((n, k) => {
      expect(b.windows.reduce((a, w) => a + w.totals[k]!, 0)).toBe(sumOf(n, 'writes'));
      // Slot j of node k holds exactly its column j (one column per slot).
      const m = raw(n, 'writes');
      m.column_unix_ms.forEach((_, j) => expect(b.windows[j]!.totals[k]).toBe(m.rows.reduce((a, r) => a + r.values[j]!, 0)));
    });
    for (const w of b.windows) {
      const t = w.totals as number[];
      const sum = t.reduce((a, x) => a + x, 0);
      if (sum === 0) expect([w.imbalance, w.busiest]).toEqual([null, null]);
      else expect(w.imbalance).toBeCloseTo((Math.max(...t) / sum) * 3, 12);
    }
  });

  test('the what-if for moving group 2 from n3 to n2 equals the hand computation', () => {
    const b = computeBalance(inputs('writes'));
    // By hand, from the per-group totals each node counted (straight from the JSON):
    const n1 = sumOf('n1', 'writes'); // 15386
    const n2 = sumOf('n2', 'writes'); // 4852
    const n3 = sumOf('n3', 'writes'); // 16054
    const total = n1 + n2 + n3; // 36292
    const g2OnN3 = groupsOf('n3', 'writes').get(2)!; // 7568: what n3 counted of group 2 (it leads 2 now)
    // Before: n3 is the busiest; its share ÷ the even share (1/3).
    const before = (n3 / total) / (1 / 3); // 16054 × 3 / 36292 = 1.3271
    // After: n3 loses what it counted of group 2, n2 gains it; n1 is now the busiest.
    const n3After = n3 - g2OnN3; // 8486
    const n2After = n2 + g2OnN3; // 12420
    const busiestAfter = Math.max(n1, n2After, n3After); // 15386 (n1)
    const after = (busiestAfter / total) / (1 / 3); // 15386 × 3 / 36292 = 1.2719
    expect([n1, n2, n3, g2OnN3, busiestAfter]).toEqual([15386, 4852, 16054, 7568, 15386]);

    expect(b.imbalance).toBeCloseTo(before, 12);
    expect(moveImbalance(b.nodes.map((n) => n.total), 2, 1, g2OnN3)).toBeCloseTo(after, 12);
    // It is the best move, and the only one that lowers the imbalance: moving group 1 off n2 or
    // group 3 off n1 (their leaders now) only loads the other nodes, and moving group 2 to n1 makes n1 22954.
    expect(b.whatIf).toHaveLength(1);
    const [move] = b.whatIf;
    expect(move).toMatchObject({ groupId: 2, from: 2, to: 1, moved: g2OnN3 });
    expect(move!.imbalanceBefore).toBeCloseTo(before, 12);
    expect(move!.imbalanceAfter).toBeCloseTo(after, 12);
  });

  test('without /cluster any node that counted a group may move it: two moves tie, the smaller one first', () => {
    const b = computeBalance(inputs('writes', false));
    expect(b.nodes.every((n) => n.nodeId === null && n.leads === null)).toBe(true);
    expect(b.membershipKnown).toBe(false);
    // n3's group 3 (8486, which it counted before n1 took it) to n2 also leaves n1 busiest at 15386.
    expect(b.whatIf.map((m) => [m.groupId, m.from, m.to, m.moved])).toEqual([[2, 2, 1, 7568], [3, 2, 1, 8486]]);
    expect(b.whatIf[0]!.imbalanceAfter).toBe(b.whatIf[1]!.imbalanceAfter);
  });

  test('one node given twice (same node_id, same answer) counts once; without /cluster it cannot be told apart', () => {
    const twice = [...inputs('writes'), { ...inputs('writes')[0]!, node: 'n1-again' }];
    const b = computeBalance(twice);
    expect(b.nodes.map((n) => n.node)).toEqual(['n1', 'n2', 'n3']);
    expect(b.leftOut).toEqual([{ node: 'n1-again', duplicateOf: 'n1' }]);
    expect(b.total).toBe(computeBalance(inputs('writes')).total);
    const blind = computeBalance([...inputs('writes', false), { ...inputs('writes', false)[0]!, node: 'n1-again' }]);
    expect(blind.nodes).toHaveLength(4);
  });

  test('answers of different series are refused', () => {
    const mixed = inputs('writes');
    mixed[1] = inputs('reads')[1]!;
    expect(() => computeBalance(mixed)).toThrow(/n2: its series is reads, but n1's is writes/);
  });
});
