// The pure parts of a fan-out round, shared by the live client, snapshot files and capture replay
// (which must not import the HTTP client): the round's outcome, elastickv's fanout block, and the
// answers left out so the merge stays bounded.
import { oversizedInputs, type SizeOptions, sizeText } from '../merge';
import type { FanoutResult } from '../fanout';
import type { NodeAnswer } from '../fanout/node-fetch';
import type { Outcome } from '../../../shared/snapshot';

export type { Outcome } from '../../../shared/snapshot';

/**
 * Answers each within its limits can still make a union too large to merge (a node with columns at
 * times no other node has): the largest are left out, each with the reason, so the merge stays bounded.
 */
export function leaveOutOversized(nodes: readonly NodeAnswer[], opts: SizeOptions = {}): void {
  const ok = nodes.filter((n) => n.matrix !== null);
  const { leftOut, size: all } = oversizedInputs(ok.map((n) => n.matrix!), opts);
  for (const i of leftOut) {
    const n = ok[i]!;
    const m = n.matrix!;
    n.status.ok = false;
    n.status.error = `its answer (${m.rows.length} rows × ${m.columns.length} columns) would make the merged matrix too large `
      + `(${sizeText(all)}); left out`;
    n.matrix = null;
    n.raw = null;
  }
}

/** One fan-out's outcome from how many of its nodes answered. */
export function outcomeOf(ok: number, total: number): Outcome {
  return ok === total ? 'complete' : ok > 0 ? 'degraded' : 'failed';
}

/** The outcome from the statuses; another address of a node already asked is not a node of its own. */
export function outcomeOfStatuses(statuses: ReadonlyArray<{ ok: boolean; duplicate_of?: string }>): Outcome {
  const nodes = statuses.filter((s) => s.duplicate_of === undefined);
  return outcomeOf(nodes.filter((s) => s.ok).length, nodes.length);
}

/** elastickv's fanout block for these answers (the nodes asked: twin addresses are not). */
export function fanoutBlock(nodes: readonly NodeAnswer[]): FanoutResult['fanout'] {
  const list = nodes.filter((n) => n.status.duplicate_of === undefined)
    .map((n) => (n.status.ok ? { node: n.status.node, ok: true } : { node: n.status.node, ok: false, error: n.status.error ?? '' }));
  return { nodes: list, responded: list.filter((n) => n.ok).length, expected: list.length };
}
