// The heatmap drawing engine: colour table and scale, max-downsampling, overlay geometry.
import { describe, expect, test } from 'vitest';
import { blocks } from '../../src/renderer/src/heatmap/buffer';
import { brush, buildPyramid, fullViewport, renderViewport, snap, type Viewport, zoomAround } from '../../src/renderer/src/heatmap/pyramid';
import { buildLut, LUT_SIZE, makeScale, unpack, valueAt } from '../../src/renderer/src/heatmap/color';
import { conflictRects, rowsFlagged } from '../../src/renderer/src/heatmap/overlay';

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

describe('pyramid and viewport rendering', () => {
  const frame = (rows: ArrayLike<number>[], cols: number, w: number, h: number, vp?: Viewport) => {
    const p = buildPyramid(rows, cols, logScale);
    return { p, f: renderViewport(p, vp ?? fullViewport(p), w, h, lut) };
  };

  test('small matrices map one cell to one pixel; zero cells stay transparent', () => {
    const { p, f } = frame([[0, 5], [10, 0], [1]], 2, 800, 600);
    expect([f.width, f.height, p.max]).toEqual([2, 3, 10]);
    expect(px(f, 0, 0)).toBe(0);
    expect(px(f, 1, 0)).toBe(lut[logScale(10)(5)]);
    expect(px(f, 0, 1)).toBe(lut[255]);
    expect(px(f, 1, 2)).toBe(0); // short row: missing cell is zero
  });

  test('a single hot cell survives downsampling 5000 × 4096 onto 500 × 400 (max, not average)', () => {
    const rows = Array.from({ length: 5000 }, () => new Float64Array(4096));
    rows[3777]![2049] = 9000;
    for (const row of rows) row[10] = 1; // a faint column everywhere
    const { f } = frame(rows, 4096, 400, 500);
    expect([f.width, f.height]).toEqual([400, 500]);
    const hot = [...new Uint32Array(f.pixels.buffer)].map((c, i) => (c === lut[255] ? i : -1)).filter((i) => i >= 0);
    // One to four pixels (a pixel block may straddle the level cell holding it), all at its place.
    expect(hot.length).toBeGreaterThanOrEqual(1);
    expect(hot.length).toBeLessThanOrEqual(4);
    for (const i of hot) {
      expect(Math.abs((i % 400) - (2049 * 400) / 4096)).toBeLessThanOrEqual(2);
      expect(Math.abs(Math.floor(i / 400) - (3777 * 500) / 5000)).toBeLessThanOrEqual(2);
    }
    // The faint column shows in every pixel row.
    for (let y = 0; y < 500; y += 50) expect(px(f, 0, y) || px(f, 1, y)).toBe(lut[logScale(9000)(1)]);
  });

  test('a zoomed viewport draws only its cells, at full resolution', () => {
    const rows = Array.from({ length: 100 }, (_, r) => Float64Array.from({ length: 100 }, (_, c) => r * 100 + c));
    const { f } = frame(rows, 100, 800, 800, { r0: 40, r1: 44, c0: 10, c1: 16 });
    expect([f.width, f.height]).toEqual([6, 4]);
    const p = buildPyramid(rows, 100, logScale);
    expect(px(f, 0, 0)).toBe(lut[logScale(p.max)(4010)]);
    expect(px(f, 5, 3)).toBe(lut[logScale(p.max)(4315)]);
  });

  test('every level is the max of the cells it stands for, halving rows and columns separately', () => {
    const rows = [[1, 0, 0, 0, 7], [0, 0, 0, 0, 0], [0, 0, 3, 0, 0]];
    const p = buildPyramid(rows, 5, (m) => makeScale(m, 'linear'));
    expect([p.maxRow, p.maxCol]).toEqual([2, 3]);
    expect([p.level(0, 1).rows, p.level(0, 1).cols]).toEqual([3, 3]);
    expect([...p.level(1, 0).idx.subarray(0, 5)].map((v) => v > 0)).toEqual([true, false, false, false, true]);
    expect(p.level(2, 3).idx[0]).toBe(255);
    expect(p.level(1, 1)).toBe(p.level(1, 1)); // built once
  });
});

describe('zoom maths', () => {
  const bounds = { rows: 1000, cols: 4000 };
  test('wheel zoom keeps the cell under the pointer in place', () => {
    const vp = zoomAround(fullViewport(bounds), 0.25, 0.5, 0.5, bounds);
    expect(vp).toEqual({ r0: 250, r1: 750, c0: 500, c1: 2500 });
    // Zooming out again never leaves the matrix.
    expect(zoomAround(vp, 0, 0, 100, bounds)).toEqual(fullViewport(bounds));
  });

  test('a brush in any corner order becomes that rectangle, in whole cells', () => {
    expect(brush(fullViewport(bounds), 0.75, 0.9, 0.25, 0.1, bounds)).toEqual({ r0: 100, r1: 900, c0: 1000, c1: 3000 });
    expect(brush({ r0: 100, r1: 200, c0: 0, c1: 10 }, 0.5, 0.5, 0.5001, 0.5001, bounds)).toEqual({ r0: 150, r1: 151, c0: 5, c1: 6 });
  });

  test('snap keeps at least one cell inside the matrix', () => {
    expect(snap({ r0: -5, r1: 2000, c0: 3999.5, c1: 5000 }, bounds)).toEqual({ r0: 0, r1: 1000, c0: 3999, c1: 4000 });
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

describe('rows with a flagged cell (the overlay scans only those)', () => {
  test('equal to a plain scan at any offset into the buffer (words read four flags at once)', () => {
    for (const offset of [0, 1, 2, 3, 5]) for (const [rows, cols] of [[7, 3], [5, 8], [1, 1], [9, 13]] as const) {
      const buffer = new Uint8Array(offset + rows * cols + 3);
      const flags = buffer.subarray(offset, offset + rows * cols);
      // Flags at the first and last cell and in a word's every lane, nothing on some rows.
      for (const i of [0, rows * cols - 1, 9, 14, 19, 24]) if (i < flags.length) flags[i] = 1;
      buffer[offset + rows * cols] = 1; // past the matrix: not a cell
      const plain = Array.from({ length: rows }, (_, r) => (flags.subarray(r * cols, (r + 1) * cols).some((v) => v !== 0) ? 1 : 0));
      expect(Array.from(rowsFlagged(flags, rows, cols)), `offset ${offset}, ${rows} × ${cols}`).toEqual(plain);
    }
  });
});

describe('diverging colours (comparisons)', () => {
  test('max-downsampling of encoded differences keeps the largest change with its sign', async () => {
    const { encodeDiff, decodeDiff, makeDivergingScale, buildDivergingLut } = await import('../../src/renderer/src/heatmap/color');
    const e = encodeDiff(Float64Array.from([3, -7, 0, 7, -2]));
    expect([...e].map(decodeDiff)).toEqual([3, -7, 0, 7, -2]);
    expect(decodeDiff(Math.max(e[0]!, e[1]!, e[4]!))).toBe(-7); // a block of +3, −7, −2 shows −7
    expect(decodeDiff(Math.max(...e))).toBe(-7); // equal magnitude: the decrease wins (never hidden)
    const scale = makeDivergingScale(Math.max(...e), 'linear');
    expect(scale(e[2]!)).toBe(0); // no change: background
    expect(scale(encodeDiff(Float64Array.of(7))[0]!) % 2).toBe(1); // increases: odd entries (red)
    expect(scale(encodeDiff(Float64Array.of(-7))[0]!) % 2).toBe(0); // decreases: even entries (blue)
    expect(scale(encodeDiff(Float64Array.of(-7))[0]!)).toBe(254);
    const lut = buildDivergingLut();
    const red = lut[253]! & 0xff;
    const blue = (lut[254]! >>> 16) & 0xff;
    expect(red).toBeGreaterThan((lut[253]! >>> 16) & 0xff);
    expect(blue).toBeGreaterThan(lut[254]! & 0xff);
  });
});
