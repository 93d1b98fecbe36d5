// The key axis: as many rows labelled as fit without overlap, every label inside the axis, rows
// that share a label (a start key) labelled once.
import { describe, expect, test } from 'vitest';
import { KEY_LABEL_PX, keyTicks } from '../../../src/renderer/src/heatmap/axes';

const names = (_n: number) => (i: number): string => `route ${i}`;

function expectInsideAndApart(ticks: Array<{ at: number }>, length: number): void {
  for (const t of ticks) {
    expect(t.at * length - KEY_LABEL_PX / 2).toBeGreaterThanOrEqual(-1e-9);
    expect(t.at * length + KEY_LABEL_PX / 2).toBeLessThanOrEqual(length + 1e-9);
  }
  for (let i = 1; i < ticks.length; i++) expect((ticks[i]!.at - ticks[i - 1]!.at) * length).toBeGreaterThanOrEqual(KEY_LABEL_PX - 1e-6);
}

describe('key ticks', () => {
  test('rows at least a label tall: every row labelled, at its middle', () => {
    const ticks = keyTicks(52, names(52), 600); // 11.5 px a row
    expect(ticks.map((t) => t.row)).toEqual(Array.from({ length: 52 }, (_, i) => i));
    expect(ticks[10]!.at).toBeCloseTo(10.5 / 52, 9);
    expectInsideAndApart(ticks, 600);
  });

  test('shorter rows: as many as fit (about every other row here), the first and last inside the axis', () => {
    const ticks = keyTicks(52, names(52), 371);
    expect(ticks.length).toBeGreaterThanOrEqual(25);
    expectInsideAndApart(ticks, 371);
    // Nothing skipped that would have fit: a skipped row's label would overlap a neighbour's.
    const rowPx = 371 / 52;
    const shown = new Set(ticks.map((t) => t.row));
    for (let r = 0; r < 52; r++) {
      if (shown.has(r)) continue;
      const y = Math.min(371 - KEY_LABEL_PX / 2, Math.max(KEY_LABEL_PX / 2, (r + 0.5) * rowPx)); // kept inside, as labels are
      expect(ticks.some((t) => Math.abs(t.at * 371 - y) < KEY_LABEL_PX)).toBe(true);
    }
  });

  test('neighbouring rows with one label (rows sharing a start key) get it once, at the middle of their run', () => {
    const labels = ['a/', 'b/', 'b/', 'b/', 'c/'];
    const ticks = keyTicks(5, (i) => labels[i]!, 100);
    expect(ticks.map((t) => [t.label, t.row, t.rows])).toEqual([['a/', 0, 1], ['b/', 1, 3], ['c/', 4, 1]]);
    expect(ticks[1]!.at).toBeCloseTo(2.5 / 5, 9);
  });

  test('no room for one label: none', () => {
    expect(keyTicks(3, names(3), 8)).toEqual([]);
    expect(keyTicks(0, names(0), 100)).toEqual([]);
  });
});
