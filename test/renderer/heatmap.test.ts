// The heatmap drawing engine: colour table and scale, max-downsampling, overlay geometry.
import { describe, expect, test } from 'vitest';
import { blocks, rasterize } from '../../src/renderer/src/heatmap/buffer';
import { buildLut, LUT_SIZE, makeScale, unpack, valueAt } from '../../src/renderer/src/heatmap/color';
import { conflictRects } from '../../src/renderer/src/heatmap/overlay';

const lut = buildLut();
const logScale = (max: number) => makeScale(max, 'log');
const px = (r: { pixels: Uint8ClampedArray; width: number }, x: number, y: number): number =>
  new Uint32Array(r.pixels.buffer)[y * r.width + x]!;

describe('colour table and scale', () => {
  test('zero is transparent (the background shows); the top is the ramp\'s red', () => {
    expect(unpack(lut[0]!)).toEqual([0, 0, 0, 0]);
    expect(unpack(lut[LUT_SIZE - 1]!)).toEqual([220, 50, 50, 245]);
    for (let i = 1; i < LUT_SIZE; i++) expect(unpack(lut[i]!)[3]).toBeGreaterThanOrEqual(180); // never invisible
  });

  test('0 maps to 0, any positive value to 1..255, the max to 255', () => {
    for (const kind of ['log', 'linear'] as const) {
      const s = makeScale(1000, kind);
      expect(s(0)).toBe(0);
      expect(s(1e-9)).toBe(1);
      expect(s(1000)).toBe(255);
      expect(s(5000)).toBe(255);
    }
    expect(makeScale(0, 'log')(5)).toBe(0);
  });

  test('log lifts small values above linear; brightness lifts further', () => {
    expect(makeScale(10_000, 'log')(100)).toBeGreaterThan(makeScale(10_000, 'linear')(100) + 100);
    expect(makeScale(10_000, 'log', 2)(100)).toBeGreaterThan(makeScale(10_000, 'log')(100));
    expect(valueAt(255, 10_000, 'linear')).toBeCloseTo(10_000);
    expect(valueAt(255, 10_000, 'log')).toBeCloseTo(10_000);
  });
});

describe('rasterize', () => {
  test('small matrices map one cell to one pixel; zero cells stay transparent', () => {
    const r = rasterize({ rows: [[0, 5], [10, 0], [1]], cols: 2 }, 800, 600, lut, logScale);
    expect([r.width, r.height, r.max]).toEqual([2, 3, 10]);
    expect(px(r, 0, 0)).toBe(0);
    expect(px(r, 1, 0)).toBe(lut[logScale(10)(5)]);
    expect(px(r, 0, 1)).toBe(lut[255]);
    expect(px(r, 1, 2)).toBe(0); // short row: missing cell is zero
  });

  test('a single hot cell survives downsampling 5000 × 4096 onto 500 × 400 (max, not average)', () => {
    const rows = Array.from({ length: 5000 }, () => new Float64Array(4096));
    rows[3777]![2049] = 9000;
    for (const row of rows) row[10] = 1; // a faint column everywhere
    const r = rasterize({ rows, cols: 4096 }, 400, 500, lut, logScale);
    expect([r.width, r.height]).toEqual([400, 500]);
    // The pixel covering a source cell, by the raster's own block boundaries.
    const at = (starts: Int32Array, i: number): number => starts.findIndex((s, k) => s <= i && i < starts[k + 1]!);
    const x = at(r.colStart, 2049);
    const y = at(r.rowStart, 3777);
    expect(px(r, x, y)).toBe(lut[255]);
    expect(px(r, x, y - 1)).toBe(0);
    expect(px(r, at(r.colStart, 10), 250)).toBe(lut[logScale(9000)(1)]); // the faint column shows in every pixel row
  });

  test('blocks split n items as evenly as integers allow', () => {
    expect([...blocks(10, 3)]).toEqual([0, 3, 6, 10]);
    expect([...blocks(5, 5)]).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('conflict overlay', () => {
  const geo = (rows: number, cols: number, w: number, h: number) => ({ width: w, height: h, rowStart: blocks(rows, h), colStart: blocks(cols, w) });

  test('adjacent conflicting cells become one rectangle per run', () => {
    const rects = conflictRects([{ cells: Uint8Array.from([0, 1, 1, 0, 1]), row: true }, { cells: null, row: false }], geo(2, 5, 5, 2));
    expect(rects).toEqual([{ x: 1, y: 0, w: 2, h: 1 }, { x: 4, y: 0, w: 1, h: 1 }]);
  });

  test('a row that only says conflict is hatched whole (elastickv\'s legacy fallback)', () => {
    expect(conflictRects([{ cells: null, row: false }, { cells: null, row: true }], geo(2, 8, 8, 2))).toEqual([{ x: 0, y: 1, w: 8, h: 1 }]);
  });

  test('downsampled: a pixel is hatched if any cell it covers conflicted', () => {
    const cells = new Uint8Array(4096);
    cells[4000] = 1;
    const rects = conflictRects([{ cells, row: true }, ...Array.from({ length: 9 }, () => ({ cells: null, row: false }))], geo(10, 4096, 100, 5));
    const g = geo(10, 4096, 100, 5);
    const x = [...g.colStart].findIndex((s, k) => s <= 4000 && 4000 < g.colStart[k + 1]!);
    expect(rects).toEqual([{ x, y: 0, w: 1, h: 1 }]);
  });
});
