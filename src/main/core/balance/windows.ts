// Per time window: the nodes' columns paired on the merge's own slots (align.ts: columns of
// different nodes within half a step share one; nodes flush on their own milliseconds, so exact
// times would never pair), each slot's per-node totals and its imbalance.
import { alignColumns } from '../merge/align';
import type { NodeMatrix } from '../merge/types';
import { MAX_BALANCE_WINDOW_FIGURES } from '../../../shared/limits';
import { busiestOf } from './imbalance';
import type { WindowBalance } from './types';

export interface Windows {
  stepMs: number | null;
  windows: WindowBalance[];
  /** Set when the table would be too large to give (windows × nodes past the merge's cell bound). */
  tooLarge: string | null;
}

/**
 * `perColumn[k]`: what node k counted in each of its own columns (parallel to inputs[k].columns).
 * `stepMs`: the step to pair with, when `inputs` are a span of a longer window (a span of one slot
 * has no step of its own; the whole window's pairs its columns as the merge does).
 */
export function windowBalance(inputs: readonly NodeMatrix[], perColumn: readonly Float64Array[], stepMs?: number | null): Windows {
  const aligned = alignColumns(inputs, stepMs);
  const slotTimes = new Set<number>();
  for (const m of aligned.inputs) for (const c of m.columns) slotTimes.add(c);
  const n = inputs.length;
  if (slotTimes.size * n > MAX_BALANCE_WINDOW_FIGURES) {
    return { stepMs: aligned.stepMs, windows: [], tooLarge: `${slotTimes.size} time windows × ${n} nodes is more than `
      + `${MAX_BALANCE_WINDOW_FIGURES} figures; the per-window table is left out (ask the nodes for a narrower window)` };
  }
  const times = Float64Array.from(slotTimes).sort();
  const at = new Map<number, number>();
  times.forEach((t, s) => at.set(t, s));
  const table = new Float64Array(times.length * n);
  const present = new Uint8Array(times.length * n);
  aligned.inputs.forEach((m, k) => {
    const own = perColumn[k]!;
    for (let i = 0; i < m.columns.length; i++) {
      const cell = at.get(m.columns[i]!)! * n + k;
      table[cell]! += own[i]!;
      present[cell] = 1;
    }
  });
  const windows: WindowBalance[] = [];
  for (let s = 0; s < times.length; s++) {
    const totals: Array<number | null> = [];
    for (let k = 0; k < n; k++) totals.push(present[s * n + k] ? table[s * n + k]! : null);
    windows.push({ columnMs: times[s]!, totals, ...busiestOf(totals) });
  }
  return { stepMs: aligned.stepMs, windows, tooLarge: null };
}
