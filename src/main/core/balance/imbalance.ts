// The one imbalance figure, defined here and nowhere else: the busiest node's share ÷ the even
// share (1/N). 1 is perfectly even; N means one node carries everything.

export const IMBALANCE_DEFINITION = "imbalance = the busiest node's share ÷ the even share (1/N): "
  + '1 is perfectly even, N means one node carries everything';

/**
 * (max × N) ÷ total rather than (max ÷ total) × N: with whole counts below 2^53 both products are
 * exact, so the figure is never below 1 or above N by a rounding. null when the total is 0.
 */
export function imbalanceOf(max: number, total: number, n: number): number | null {
  return total > 0 && n > 0 ? (max * n) / total : null;
}

/** The busiest of `totals` (null entries skipped): its position (the first on a tie) and the figure. */
export function busiestOf(totals: ReadonlyArray<number | null>): { busiest: number | null; imbalance: number | null } {
  let best = -1;
  let sum = 0;
  let n = 0;
  for (let k = 0; k < totals.length; k++) {
    const t = totals[k];
    if (t === null || t === undefined) continue;
    n++;
    sum += t;
    if (best < 0 || t > totals[best]!) best = k;
  }
  const imbalance = best < 0 ? null : imbalanceOf(totals[best]!, sum, n);
  return { busiest: imbalance === null ? null : best, imbalance };
}
