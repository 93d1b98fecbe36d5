// The balance of the round a view shows (docs/balance.md), as the IPC answer: computed from the
// nodes' own answers the first time it is asked for that round, then kept, so a re-render (or a
// second panel) never weighs the same round twice. Linear in the round's cells.
import { type BalanceAnswer, type BalanceView, type ServedAnswer, spanKey, type TimeSpan } from '../../../shared/ipc';
import { type Balance, BalanceInputError, IMBALANCE_DEFINITION, roundBalance, roundFailed, roundServed } from '../../core/balance';
import type { MergedRound } from './merged';

/** The engine's Balance as it crosses IPC: windows as flat typed arrays (NaN / -1 where the engine says null). */
export function balanceView(b: Balance, failed: BalanceView['failed']): BalanceView {
  const n = b.nodes.length;
  const w = b.windows.length;
  const windowMs = new Float64Array(w);
  const windowTotals = new Float64Array(w * n);
  const windowImbalance = new Float64Array(w);
  const windowBusiest = new Int32Array(w);
  b.windows.forEach((x, s) => {
    windowMs[s] = x.columnMs;
    x.totals.forEach((t, k) => { windowTotals[s * n + k] = t ?? NaN; });
    windowImbalance[s] = x.imbalance ?? NaN;
    windowBusiest[s] = x.busiest ?? -1;
  });
  return {
    series: b.series, span: b.span, total: b.total, imbalance: b.imbalance, busiest: b.busiest,
    nodes: b.nodes.map((x) => ({ node: x.node, nodeId: x.nodeId, total: x.total, share: x.share, leads: x.leads, ledTotal: x.ledTotal, groups: x.groups,
      groupsOmitted: x.groupsOmitted, ungrouped: x.ungrouped })),
    stepMs: b.stepMs, windowMs, windowTotals, windowImbalance, windowBusiest,
    whatIf: b.whatIf, membershipKnown: b.membershipKnown, leftOut: b.leftOut, failed, notes: b.notes, definition: IMBALANCE_DEFINITION,
  };
}

/** One view's balance, kept for the round and span it was computed from (the last one asked). */
export class BalanceOfRound {
  private round: MergedRound | null = null;
  private key = '';
  private answer: BalanceAnswer | null = null;

  of(shown: MergedRound | null, span: TimeSpan | null = null): BalanceAnswer {
    if (!shown) return { state: 'unavailable', why: { reason: 'nothing-on-screen' } };
    if (this.round !== shown || this.key !== spanKey(span) || !this.answer) {
      this.answer = weigh(shown, span);
      this.round = shown;
      this.key = spanKey(span);
    }
    return this.answer;
  }
}

/** Which node of the round on screen served `buckets` over `span`. */
export function servedOf(shown: MergedRound | null, buckets: readonly string[], span: TimeSpan | null): ServedAnswer {
  if (!shown) return { state: 'unavailable', why: { reason: 'nothing-on-screen' } };
  const s = roundServed(shown.result, new Set(buckets), span);
  if (!s) return { state: 'unavailable', why: { reason: 'no-node-answers' } };
  return { state: 'served', nodes: s.nodes, total: s.total };
}

function weigh(shown: MergedRound, span: TimeSpan | null): BalanceAnswer {
  try {
    const b = roundBalance(shown.result, shown.query.series, span);
    if (!b) return { state: 'unavailable', why: { reason: 'no-node-answers' } };
    return { state: 'balance', balance: balanceView(b, roundFailed(shown.result)) };
  } catch (err) {
    if (err instanceof BalanceInputError) return { state: 'unavailable', why: { reason: 'refused', message: err.message } };
    throw err;
  }
}
