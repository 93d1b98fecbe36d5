// The cluster's balance from each node's own answer: which node carries the traffic, per time
// window, per Raft group, and what moving a group's leadership would change. Pure and
// Electron-free; linear in the cells. See docs/balance.md.
import { commonSeries, MergeInputError } from '../merge';
import { inferStep } from '../merge/align';
import { nodeIdOf } from '../../../shared/identity';
import type { Series } from '../../../shared/elastickv/wire';
import { MAX_BALANCE_GROUPS } from '../../../shared/limits';
import { distinctNodes } from './distinct';
import { busiestOf } from './imbalance';
import { type TimeSpan, withinSpan } from './span';
import { nodeTotals, type NodeTotals } from './node-totals';
import type { Balance, BalanceInput, GroupTraffic, NodeBalance } from './types';
import { bestMoves, ledGroups } from './what-if';
import { windowBalance } from './windows';

export { IMBALANCE_DEFINITION, imbalanceOf } from './imbalance';
export { moveImbalance, MOVES_LISTED } from './what-if';
export { nodeTotals } from './node-totals';
export { balanceJson, WHAT_IF_NOTE } from './json';
export type { RoundFacts } from './json';
export { roundBalance, roundFailed, roundInputs, roundServed } from './round';
export { columnsInSpan, withinSpan } from './span';
export type { TimeSpan } from './span';
export { servedBy } from './served';
export type { Served, ServedNode } from './served';
export type { Balance, BalanceInput, GroupTraffic, LeftOut, Move, NodeBalance, WindowBalance } from './types';

export class BalanceInputError extends Error {}

/** Groups named in a note (the rest are counted). */
const NAMED_GROUPS = 10;

/** Busiest first (ties: the lower id), at most MAX_BALANCE_GROUPS. */
function listedGroups(groups: ReadonlyMap<number, number>): { list: GroupTraffic[]; omitted: number } {
  const all = [...groups].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  return { list: all.slice(0, MAX_BALANCE_GROUPS).map(([groupId, total]) => ({ groupId, total })), omitted: Math.max(0, all.length - MAX_BALANCE_GROUPS) };
}

/** Groups more than one node counted: their leadership changed within the window. */
function sharedGroups(totals: readonly NodeTotals[]): number[] {
  // Lookups in the later nodes' maps, not one more map of every group: these can be millions.
  const shared = new Set<number>();
  totals.forEach((t, k) => {
    for (const g of t.groups.keys()) {
      if (shared.has(g)) continue;
      for (let j = k + 1; j < totals.length; j++) if (totals[j]!.groups.has(g)) { shared.add(g); break; }
    }
  });
  return [...shared].sort((a, b) => a - b);
}

/**
 * `inputs`: one per node in configured order, each with its own answer (of one series). `span`:
 * weigh only that part of the window (the heatmap's zoom), whole time slots (span.ts).
 */
export function computeBalance(given: readonly BalanceInput[], opts: { series?: Series; span?: TimeSpan | null } = {}): Balance {
  if (given.length === 0) throw new BalanceInputError('no node answer to weigh');
  const span = opts.span ?? null;
  let series: Series;
  try {
    series = commonSeries(given.map((x) => x.matrix), opts.series);
  } catch (err) {
    if (err instanceof MergeInputError) throw new BalanceInputError(err.message);
    throw err;
  }
  // Twins and the step are the whole window's: a span must not make two answers look alike, nor
  // leave a one-slot zoom without the step its columns pair by.
  const { kept: whole, leftOut, warnings: notes } = distinctNodes(given);
  const step = span ? inferStep(whole.map((x) => x.matrix)) : undefined;
  const kept = span ? whole.map((x) => ({ ...x, matrix: withinSpan(x.matrix, span) })) : whole;
  const totals = kept.map((x) => nodeTotals(x.matrix));
  const sum = totals.reduce((a, t) => a + t.total, 0);
  const nodes: NodeBalance[] = kept.map((x, k) => {
    const t = totals[k]!;
    const { list, omitted } = listedGroups(t.groups);
    const leads = ledGroups(x.identity);
    return {
      node: x.node, nodeId: nodeIdOf(x.identity), total: t.total, share: sum > 0 ? t.total / sum : 0,
      leads: leads ? [...leads].sort((a, b) => a - b) : null,
      ledTotal: leads ? [...leads].reduce((a, g) => a + (t.groups.get(g) ?? 0), 0) : null, groups: list, groupsOmitted: omitted, ungrouped: t.ungrouped,
    };
  });

  if (sum > Number.MAX_SAFE_INTEGER) {
    notes.push(`the nodes' traffic adds up to more than 2^53 (${sum}): JavaScript numbers hold it rounded, so the figures are close, not exact`);
  }
  kept.forEach((x, k) => {
    if (totals[k]!.rowsWithoutGroups > 0) {
      notes.push(`${x.node}: ${totals[k]!.rowsWithoutGroups} row(s) without raft_group_ids (an older elastickv): their traffic is ungrouped, `
        + 'in no group\'s figures and in no move');
    }
  });
  const shared = sharedGroups(totals);
  if (shared.length > 0) {
    const named = shared.length > NAMED_GROUPS ? `${shared.slice(0, NAMED_GROUPS).join(', ')} and ${shared.length - NAMED_GROUPS} more` : shared.join(', ');
    notes.push(`group(s) ${named} counted on more than one node (leadership changed in the window, or followers counted reads): `
      + 'a move takes only what its current leader counted');
  }

  const { stepMs, windows, tooLarge } = windowBalance(kept.map((x) => x.matrix), totals.map((t) => t.columns), step);
  if (tooLarge) notes.push(tooLarge);
  const overall = busiestOf(totals.map((t) => t.total));
  const whatIf = bestMoves(kept.map((x, k) => ({ total: totals[k]!.total, groups: totals[k]!.groups, identity: x.identity })));
  return {
    series, span, nodes, total: sum, imbalance: overall.imbalance, busiest: overall.busiest, stepMs, windows, whatIf,
    membershipKnown: kept.every((x) => x.identity?.ok === true), leftOut, notes,
  };
}
