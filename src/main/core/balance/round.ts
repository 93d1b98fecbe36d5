// The balance of one fan-out round (asked now, a snapshot's saved round, a capture's poll): every
// node that answered, in configured order, with its GET /cluster when the round knew it. The CLI
// and the app's views both weigh a round this way, so they give the same figures.
import type { FanoutResult } from '../fanout';
import type { Series } from '../../../shared/elastickv/wire';
import { computeBalance } from './index';
import { type Served, servedBy } from './served';
import type { TimeSpan } from './span';
import type { Balance, BalanceInput } from './types';

/** The round's answers as inputs: every node that answered, in configured order, with its /cluster. */
export function roundInputs(r: FanoutResult): BalanceInput[] {
  return r.nodes.flatMap((n, i) => (n.matrix ? [{ node: n.status.node, matrix: n.matrix, identity: r.identities?.[i] ?? null }] : []));
}

/** The round's balance; null when no node answered (nothing to weigh). */
export function roundBalance(r: FanoutResult, series?: Series, span: TimeSpan | null = null): Balance | null {
  const inputs = roundInputs(r);
  if (inputs.length === 0) return null;
  const balance = computeBalance(inputs, { series, span });
  // Addresses the fan-out found to reach an earlier node: counted once, named here.
  for (const n of r.nodes) if (n.status.duplicate_of !== undefined) balance.leftOut.push({ node: n.status.node, duplicateOf: n.status.duplicate_of });
  return balance;
}

/** Configured nodes that gave nothing this round (not another address of a node that did): the figures are over the others. */
export function roundFailed(r: FanoutResult): Array<{ node: string; error: string }> {
  return r.nodes.filter((n) => !n.matrix && n.status.duplicate_of === undefined).map((n) => ({ node: n.status.node, error: n.status.error ?? 'no answer' }));
}

/** Which node of the round served `buckets` over `span`; null when no node answered. */
export function roundServed(r: FanoutResult, buckets: ReadonlySet<string>, span: TimeSpan | null): Served | null {
  const inputs = roundInputs(r);
  return inputs.length === 0 ? null : servedBy(inputs, buckets, span);
}
