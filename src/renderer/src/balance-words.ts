// The Balance panel's sentences (docs/balance.md): the imbalance in words with the busiest node
// named, a leadership move as the estimate it is, and why a view has no balance. Pure, so the
// words are tested without a page.
import type { BalanceUnavailable, BalanceView } from '../../shared/ipc';
import { formatBytes } from '../../shared/format';

type Move = BalanceView['whatIf'][number];

/** A figure as the CLI prints it (two decimals). */
export const figure = (v: number): string => v.toFixed(2);
export const percent = (v: number): string => `${(v * 100).toFixed(1)} %`;

/** A count of the series: bytes as bytes, the rest as whole counts. */
export function amount(series: BalanceView['series'], v: number): string {
  return series === 'read_bytes' || series === 'write_bytes' ? formatBytes(v) : v.toLocaleString();
}

/** "writes", "read bytes": what the figures count. */
export const seriesWords = (series: BalanceView['series']): string => series.replace('_', ' ');

/** "In the zoomed columns (Dec 2, 10:05 – 11:30): " when the balance is of a span; nothing for the whole window. */
export function spanWords(b: BalanceView, at: (ms: number) => string): string {
  if (!b.span) return '';
  const w = b.windowMs.length;
  return w === 0 ? 'In the zoomed columns: ' : `In the zoomed columns (${at(b.windowMs[0]!)} – ${at(b.windowMs[w - 1]!)}): `;
}

/** "busiest node n3 carries 1.33× its even share", and what that means here. */
export function imbalanceSentence(b: BalanceView, name: (i: number) => string): string {
  if (b.imbalance === null || b.busiest === null) return `no ${seriesWords(b.series)} counted in this window: nothing to weigh`;
  const n = b.nodes.length;
  if (n === 1) return `only ${name(0)} answered: it carries all ${amount(b.series, b.total)} ${seriesWords(b.series)} (nothing to weigh it against)`;
  return `busiest node ${name(b.busiest)} carries ${figure(b.imbalance)}× its even share (${percent(b.nodes[b.busiest]!.share)} of `
    + `${amount(b.series, b.total)} ${seriesWords(b.series)}, where an even split gives each of the ${n} nodes ${percent(1 / n)})`;
}

export const ESTIMATE = 'an estimate from this window\'s traffic; the app never moves leadership';

/** "Moving group 2's leadership from n3 to n2 would change the imbalance from 1.33 to 1.27". */
export function moveSentence(m: Move, b: BalanceView, name: (i: number) => string): string {
  return `Moving group ${m.groupId}'s leadership from ${name(m.from)} to ${name(m.to)} would change the imbalance from `
    + `${figure(m.imbalanceBefore)} to ${figure(m.imbalanceAfter)} (${amount(b.series, m.moved)} ${seriesWords(b.series)} move with it)`;
}

/** When no move is listed. */
export function noMoveSentence(b: BalanceView): string | null {
  if (b.imbalance === null || b.nodes.length < 2) return null;
  return 'No single leadership move would lower the imbalance.';
}

export function unavailableText(why: BalanceUnavailable): string {
  switch (why.reason) {
    case 'nothing-on-screen': return 'Nothing on screen yet: the balance comes with the first answer.';
    case 'comparison': return 'A comparison (B − A) is a difference, not any node\'s traffic: open either side to see its balance.';
    case 'no-node-answers': return 'This file kept only the merged matrix, not each node\'s own answer: it cannot say which node carried what.';
    case 'refused': return `The nodes' answers cannot be weighed: ${why.message}`;
  }
}
