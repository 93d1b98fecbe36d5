// Invariants of the balance over random node answers and identities (fast-check): shares sum to
// 1, the imbalance lies in [1, N], and the what-if's shortcut (least-loaded targets only) finds
// what trying every move finds.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { type BalanceInput, computeBalance, moveImbalance } from '../../../../src/main/core/balance';
import { parseNodeMatrix } from '../../../../src/main/core/merge';
import type { NodeIdentity } from '../../../../src/shared/identity';
import { SERIES_ARB, wireMatrix } from '../merge/arbitraries';

const POOL = [1000, 2000, 3000, 4000, 5000];
const GROUPS = [1, 2];

/** A node's /cluster: unknown, or which of groups 1, 2 it leads and who their members are. */
const identityArb = (i: number, n: number): fc.Arbitrary<NodeIdentity | null> => fc.oneof(
  fc.constant(null),
  fc.record({ leads: fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }), members: fc.array(fc.subarray([...Array(n).keys()]), { minLength: 2, maxLength: 2 }) })
    .map(({ leads, members }) => ({
      node: `a${i}`, ok: true, nodeId: `n${i}`,
      groups: GROUPS.map((g, k) => ({ groupId: g, leaderId: '', isLeader: leads[k]!, members: members[k]!.map((m) => `n${m}`) })),
    })),
);

const clusterArb = SERIES_ARB.chain((series) => fc.integer({ min: 1, max: 5 }).chain((n) => fc.tuple(
  fc.constant(series),
  fc.tuple(...Array.from({ length: n }, (_, i) => fc.tuple(wireMatrix(series, POOL), identityArb(i, n)))),
)));

function inputsOf(nodes: ReadonlyArray<readonly [Parameters<typeof parseNodeMatrix>[0], NodeIdentity | null]>): BalanceInput[] {
  return nodes.map(([w, identity], i) => ({ node: `a${i}`, matrix: parseNodeMatrix(w, `a${i}`, i).matrix, identity }));
}

/** Every move the rules allow, tried one by one (no shortcut): the lowest busiest figure reachable. */
function bruteBest(inputs: readonly BalanceInput[], totals: number[], groups: Array<Map<number, number>>): number | null {
  const members = new Map<number, Set<string>>();
  // A group's membership is known once some /cluster lists it (even with no members).
  for (const x of inputs) for (const g of x.identity?.groups ?? []) members.set(g.groupId, new Set([...(members.get(g.groupId) ?? []), ...g.members]));
  let best: number | null = null;
  inputs.forEach((a, from) => {
    for (const [g, moved] of groups[from]!) {
      if (moved <= 0) continue;
      if (a.identity && !a.identity.groups!.some((x) => x.groupId === g && x.isLeader)) continue;
      inputs.forEach((b, to) => {
        if (to === from) return;
        const set = members.get(g);
        if (set && b.identity?.nodeId && !set.has(b.identity.nodeId)) return;
        const after = moveImbalance(totals, from, to, moved)!;
        if (best === null || after < best) best = after;
      });
    }
  });
  return best;
}

describe('balance properties', () => {
  test('shares sum to 1 (within 1e-12) when there is traffic; the imbalance lies in [1, N], per window in [1, nodes there]', () => {
    fc.assert(fc.property(clusterArb, ([series, nodes]) => {
      const b = computeBalance(inputsOf(nodes), { series });
      const n = b.nodes.length;
      const shares = b.nodes.reduce((a, x) => a + x.share, 0);
      if (b.total > 0) {
        expect(Math.abs(shares - 1)).toBeLessThanOrEqual(1e-12);
        expect(b.imbalance!).toBeGreaterThanOrEqual(1);
        expect(b.imbalance!).toBeLessThanOrEqual(n);
        expect(b.nodes[b.busiest!]!.total).toBe(Math.max(...b.nodes.map((x) => x.total)));
      } else {
        expect(b.nodes.every((x) => x.share === 0)).toBe(true);
        expect([b.imbalance, b.busiest]).toEqual([null, null]);
      }
      for (const w of b.windows) {
        const here = w.totals.filter((t): t is number => t !== null);
        if (here.reduce((a, t) => a + t, 0) === 0) { expect(w.imbalance).toBeNull(); continue; }
        expect(w.imbalance!).toBeGreaterThanOrEqual(1);
        expect(w.imbalance!).toBeLessThanOrEqual(here.length);
      }
      // What each node counted, window by window, adds up to its total.
      b.nodes.forEach((x, k) => expect(b.windows.reduce((a, w) => a + (w.totals[k] ?? 0), 0)).toBe(x.total));
    }), { numRuns: 400 });
  });

  test('each node\'s total, per-group traffic and ungrouped traffic add up to what it sent', () => {
    fc.assert(fc.property(clusterArb, ([series, nodes]) => {
      const b = computeBalance(inputsOf(nodes), { series });
      b.nodes.forEach((x, k) => {
        const w = nodes[k]![0];
        expect(x.total).toBe(w.rows.reduce((a, r) => a + r.values.reduce((p, q) => p + q, 0), 0));
        expect(x.groups.reduce((a, g) => a + g.total, 0) + x.ungrouped).toBe(x.total);
      });
    }), { numRuns: 300 });
  });

  test('the best move is the best of every allowed move; each listed move lowers the imbalance', () => {
    fc.assert(fc.property(clusterArb, ([series, nodes]) => {
      const inputs = inputsOf(nodes);
      const b = computeBalance(inputs, { series });
      const totals = b.nodes.map((x) => x.total);
      // The whole per-group traffic (nothing is omitted at these sizes).
      const groups = b.nodes.map((x) => new Map(x.groups.map((g) => [g.groupId, g.total])));
      const brute = bruteBest(inputs, totals, groups);
      if (brute === null || b.imbalance === null || brute >= b.imbalance) {
        expect(b.whatIf).toEqual([]);
      } else {
        expect(b.whatIf.length).toBeGreaterThan(0);
        expect(b.whatIf[0]!.imbalanceAfter).toBe(brute);
      }
      let last = -Infinity;
      for (const m of b.whatIf) {
        expect(m.imbalanceAfter).toBeLessThan(m.imbalanceBefore);
        expect(m.imbalanceAfter).toBeGreaterThanOrEqual(last);
        expect(m.imbalanceAfter).toBe(moveImbalance(totals, m.from, m.to, m.moved));
        last = m.imbalanceAfter;
      }
    }), { numRuns: 500 });
  });
});
