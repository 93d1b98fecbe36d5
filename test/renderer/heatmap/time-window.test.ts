// The window asked of the nodes for some zoomed columns (heatmap/time-window.ts): with elastickv's
// rule (a node returns a column when from_unix_ms ≤ its flush < to_unix_ms), every node gives back
// exactly the brushed slots, whatever millisecond within half a step each node flushes on.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { columnStep, columnWindowStart, windowOfColumns } from '../../../src/renderer/src/heatmap/time-window';

const STEP = 60_000;

/**
 * Each node's flush times (slot k at k·STEP + its phase + a little drift), three more than the view
 * had (the nodes flushed on since), and the merged view's columns: each slot's earliest flush.
 */
function flushes(nodes: number[], slots: number, t0: number, drift: (node: number, k: number) => number) {
  const perNode = nodes.map((phase, n) => Array.from({ length: slots + 3 }, (_, k) => t0 + k * STEP + phase + drift(n, k)));
  const merged = Array.from({ length: slots }, (_, k) => Math.min(...perNode.map((cols) => cols[k]!)));
  return { perNode, merged };
}

/** What elastickv returns for a window: the slots whose flush is in [from, to). */
const returned = (cols: number[], w: { fromMs: number; toMs: number }): number[] =>
  cols.flatMap((t, k) => (w.fromMs <= t && t < w.toMs ? [k] : []));

describe('windowOfColumns', () => {
  test('every node returns exactly the brushed slots: nodes flushing up to just under half a step apart, with drift', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 0, max: STEP / 2 - 1000 }), { minLength: 1, maxLength: 6 }),
      fc.integer({ min: 2, max: 40 }), fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 0, max: 39 }), fc.integer({ min: 1, max: 40 }),
      fc.integer(),
      (phases, slots, start, a, len, seed) => {
        const c0 = a % slots;
        const c1 = Math.min(slots, c0 + len);
        // Up to 100 ms of drift either way per flush, as a real ticker has.
        const drift = (n: number, k: number): number => ((Math.imul(seed ^ (n * 7919), k + 1) >>> 0) % 201) - 100;
        const { perNode, merged } = flushes(phases, slots, 1_700_000_000_000 + start, drift);
        const w = windowOfColumns(merged, c0, c1)!;
        const want = Array.from({ length: c1 - c0 }, (_, i) => c0 + i);
        for (const cols of perNode) expect(returned(cols, w)).toEqual(want);
      },
    ), { numRuns: 500 });
  });

  test('bounds: from the first brushed column\'s time to the next column\'s; after the last column, half a step on', () => {
    const cols = [60_000, 120_000, 180_000, 240_000];
    expect(windowOfColumns(cols, 1, 3)).toEqual({ fromMs: 120_000, toMs: 240_000 });
    expect(windowOfColumns(cols, 2, 4)).toEqual({ fromMs: 180_000, toMs: 270_000 });
    expect(windowOfColumns(cols, 0, 1)).toEqual({ fromMs: 60_000, toMs: 120_000 });
  });

  test('no window without a step (a lone column), nor for columns that are not there', () => {
    expect(windowOfColumns([60_000], 0, 1)).toBeNull();
    expect(windowOfColumns([60_000, 120_000], 1, 1)).toBeNull();
    expect(windowOfColumns([60_000, 120_000], 0, 3)).toBeNull();
  });

  test('the step is the median spacing (a missing column does not change it); a column\'s window starts at the flush before it', () => {
    expect(columnStep([0, 60_000, 120_000, 300_000, 360_000])).toBe(60_000);
    expect(columnWindowStart([60_000, 120_000], 1)).toBe(60_000);
    expect(columnWindowStart([60_000, 120_000], 0)).toBe(0);
    expect(columnWindowStart([60_000], 0)).toBeNull();
  });
});
