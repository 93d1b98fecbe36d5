// The legend's ticks: round values on either scale, where the map's colours for those values are,
// as many as can be labelled without overlap; zero has its own swatch, so no tick says 0.
import { describe, expect, test } from 'vitest';
import { LUT_SIZE, makeScale } from '../../../src/renderer/src/heatmap/color';
import { legendCaption, legendTicks, type LegendScale, TICK_CHAR_PX } from '../../../src/renderer/src/heatmap/legend';

const W = 240;
const scale = (o: Partial<LegendScale>): LegendScale => ({ max: 1.2e9, kind: 'log', brightness: 1, quantity: 'count', diverging: false, ...o });
/** The LUT entry the bar paints at fraction `at` of its width (paintLegend's rule). */
const barEntry = (at: number): number => 1 + Math.floor((Math.round(at * (W - 1)) / (W - 1)) * (LUT_SIZE - 2));

function expectNoOverlap(ticks: Array<{ at: number; label: string }>, width: number): void {
  const sorted = [...ticks].sort((a, b) => a.at - b.at);
  for (let i = 1; i < sorted.length; i++) {
    const gap = (sorted[i]!.at - sorted[i - 1]!.at) * width;
    expect(gap).toBeGreaterThan(((sorted[i]!.label.length + sorted[i - 1]!.label.length) / 2) * TICK_CHAR_PX);
  }
}

describe('legend ticks', () => {
  test('log scale: decades (thinned evenly to fit), each where the map draws that value', () => {
    const s = scale({});
    const ticks = legendTicks(s, W);
    expect(ticks.map((t) => t.label)).toEqual(['1', '100', '10 k', '1 M', '100 M']);
    const map = makeScale(s.max, 'log');
    for (const t of ticks) expect(Math.abs(barEntry(t.at) - map(t.value))).toBeLessThanOrEqual(2);
    expectNoOverlap(ticks, W);
    // A wider bar has room for every decade.
    expect(legendTicks(s, 600).map((t) => t.label)).toEqual(['1', '10', '100', '1 k', '10 k', '100 k', '1 M', '10 M', '100 M', '1 G']);
  });

  test('log scale, a small top: 1-2-5 steps', () => {
    expect(legendTicks(scale({ max: 60 }), W).map((t) => t.value)).toEqual([1, 2, 5, 10, 20, 50]);
  });

  test('linear scale: round steps from the first step up (zero is the swatch), where the map draws them', () => {
    const s = scale({ max: 10_400, kind: 'linear' });
    const ticks = legendTicks(s, W);
    const values = ticks.map((t) => t.value);
    expect(values).toEqual([2000, 4000, 6000, 8000, 10_000]);
    expect(ticks.map((t) => t.label)).toEqual(['2 k', '4 k', '6 k', '8 k', '10 k']);
    const map = makeScale(s.max, 'linear');
    for (const t of ticks) expect(Math.abs(barEntry(t.at) - map(t.value))).toBeLessThanOrEqual(2);
    expectNoOverlap(ticks, W);
  });

  test('the low end is the same on both scales: no tick at or below zero', () => {
    for (const kind of ['log', 'linear'] as const) {
      for (const max of [3, 54.4 * 255, 1.2e9]) {
        const ticks = legendTicks(scale({ kind, max }), W);
        expect(ticks.length).toBeGreaterThan(0);
        expect(Math.min(...ticks.map((t) => t.value))).toBeGreaterThanOrEqual(1);
        expect(Math.min(...ticks.map((t) => t.at))).toBeGreaterThan(0);
      }
    }
  });

  test('bytes series: IEC units at powers of 1024', () => {
    const ticks = legendTicks(scale({ quantity: 'bytes', max: 3 * 1024 ** 3 }), W);
    expect(ticks.map((t) => t.label)).toEqual(['1 B', '100 B', '10 KiB', '1 MiB', '100 MiB']);
    expect(legendTicks(scale({ quantity: 'bytes', max: 3 * 1024 ** 3 }), 640).map((t) => t.label).at(-1)).toBe('1 GiB');
  });

  test('brightness lifts the colours: no tick beyond the bar\'s end', () => {
    const ticks = legendTicks(scale({ brightness: 2 }), W);
    for (const t of ticks) expect(t.at).toBeLessThanOrEqual(1);
    expect(Math.max(...ticks.map((t) => t.value))).toBeLessThan(Math.sqrt(1.2e9));
  });

  test('a comparison: the same values both ways, increases right of the middle', () => {
    const ticks = legendTicks(scale({ max: 5000, diverging: true }), W);
    const up = ticks.filter((t) => t.value > 0);
    expect(up.length).toBeGreaterThan(1);
    for (const t of up) {
      expect(t.at).toBeGreaterThan(0.5);
      expect(t.label).toMatch(/^\+/);
      const down = ticks.find((d) => d.value === -t.value)!;
      expect(down.at).toBeCloseTo(1 - t.at, 9);
      expect(down.label).toBe(t.label.replace('+', '−'));
    }
    expectNoOverlap(ticks, W);
  });

  test('nothing drawn: no ticks; the caption names the unit, the scale and the top', () => {
    expect(legendTicks(scale({ max: 0 }), W)).toEqual([]);
    expect(legendCaption(scale({}), 'writes')).toBe('writes per column (log scale) · max 1.2 G');
    expect(legendCaption(scale({ quantity: 'bytes', max: 1536, kind: 'linear' }), 'bytes read')).toBe('bytes read per column (linear scale) · max 1.5 KiB');
  });
});
