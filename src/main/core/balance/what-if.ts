// "Moving group G's leadership from nA to nB": an estimate from the window's own counts. A leader
// counts its group's writes (and, for Redis, its reads), so what nA counted of G in the window is
// taken to land on nB instead; every other count stays. Read-only: nothing is ever moved.
import { type NodeIdentity, nodeIdOf } from '../../../shared/identity';
import { imbalanceOf } from './imbalance';
import type { Move } from './types';

/** The moves listed: the best two. */
export const MOVES_LISTED = 2;
/** Targets tried per (group, current leader): the least-loaded ones, which the best moves go to (see bestMoves). */
const TARGETS_TRIED = MOVES_LISTED;

export interface WhatIfNode {
  total: number;
  /** Group → what this node counted of it in the window. */
  groups: ReadonlyMap<number, number>;
  identity: NodeIdentity | null | undefined;
}

/** The nodes' totals after moving `moved` from `from` to `to`, as the imbalance figure. */
export function moveImbalance(totals: readonly number[], from: number, to: number, moved: number): number | null {
  const after = [...totals];
  after[from]! -= moved;
  after[to]! += moved;
  const sum = totals.reduce((a, b) => a + b, 0);
  return imbalanceOf(Math.max(...after), sum, totals.length);
}

/** Group → the node ids every known GET /cluster names as its members. */
function membership(nodes: readonly WhatIfNode[]): Map<number, Set<string>> {
  const out = new Map<number, Set<string>>();
  for (const n of nodes) {
    for (const g of n.identity?.ok ? n.identity.groups ?? [] : []) {
      let set = out.get(g.groupId);
      if (!set) out.set(g.groupId, set = new Set());
      for (const m of g.members) set.add(m);
    }
  }
  return out;
}

/** The groups a node leads now, per its GET /cluster; null when that is unknown. */
export function ledGroups(identity: NodeIdentity | null | undefined): Set<number> | null {
  return identity?.ok && identity.groups ? new Set(identity.groups.filter((g) => g.isLeader).map((g) => g.groupId)) : null;
}

/**
 * The moves that lower the imbalance most (at most MOVES_LISTED; none when no move lowers it).
 * A move: group G, from a node that counted G in the window (and leads it now, when its /cluster
 * is known), to another node that is G's member (when membership is known).
 *
 * The cluster's total does not change, so a move's figure is its new busiest total: the largest of
 * nA − t, nB + t and the busiest other node. For one (G, nA), a less-loaded target is never worse
 * (nB + t is smaller, and every other node is no busier than before), so only the least-loaded
 * eligible targets are tried: the work is linear in the (node, group) pairs counted.
 */
export function bestMoves(nodes: readonly WhatIfNode[]): Move[] {
  const n = nodes.length;
  const totals = nodes.map((x) => x.total);
  const sum = totals.reduce((a, b) => a + b, 0);
  if (n < 2 || sum === 0) return [];
  const byLoad = totals.map((_, k) => k).sort((a, b) => totals[a]! - totals[b]! || a - b);
  const top = byLoad.slice(-3).reverse(); // the three busiest, busiest first
  const max = totals[top[0]!]!;
  const members = membership(nodes);
  const ids = nodes.map((x) => nodeIdOf(x.identity));
  const eligible = (g: number, to: number): boolean => {
    const set = members.get(g);
    return !set || ids[to] === null || set.has(ids[to]!);
  };
  const othersMax = (a: number, b: number): number => {
    for (const k of top) if (k !== a && k !== b) return totals[k]!;
    return 0;
  };

  const found: Array<{ move: Move; newMax: number }> = [];
  nodes.forEach((node, from) => {
    const leads = ledGroups(node.identity);
    for (const [g, moved] of node.groups) {
      if (moved <= 0 || (leads && !leads.has(g))) continue;
      let tried = 0;
      for (const to of byLoad) {
        if (tried >= TARGETS_TRIED) break;
        if (to === from || !eligible(g, to)) continue;
        tried++;
        const newMax = Math.max(totals[from]! - moved, totals[to]! + moved, othersMax(from, to));
        // Whole counts: the comparison is exact, so "lowers" never means "by a rounding".
        if (newMax < max) keep(found, { newMax, move: { groupId: g, from, to, moved, imbalanceBefore: 0, imbalanceAfter: 0 } });
      }
    }
  });
  return found.map(({ move, newMax }) => ({ ...move, imbalanceBefore: imbalanceOf(max, sum, n)!, imbalanceAfter: imbalanceOf(newMax, sum, n)! }));
}

/** Better first: the lower busiest total, then the smaller move, then the group, the nodes. */
function better(a: { move: Move; newMax: number }, b: { move: Move; newMax: number }): boolean {
  const x = [a.newMax, a.move.moved, a.move.groupId, a.move.from, a.move.to];
  const y = [b.newMax, b.move.moved, b.move.groupId, b.move.from, b.move.to];
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! < y[i]!;
  return false;
}

/** Keep the best MOVES_LISTED in order (an insertion into a list of at most two). */
function keep(list: Array<{ move: Move; newMax: number }>, c: { move: Move; newMax: number }): void {
  let i = list.length;
  while (i > 0 && better(c, list[i - 1]!)) i--;
  if (i >= MOVES_LISTED) return;
  list.splice(i, 0, c);
  if (list.length > MOVES_LISTED) list.pop();
}
