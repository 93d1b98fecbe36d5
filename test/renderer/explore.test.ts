// Hit-testing, the keymap and time ranges.
import { describe, expect, test } from 'vitest';
import { blocks } from '../../src/renderer/src/heatmap/buffer';
import { hitTest } from '../../src/renderer/src/heatmap/hit';
import { actionFor, KEYMAP, keyName } from '../../src/renderer/src/keymap';
import { rangeBounds } from '../../src/renderer/src/store';

describe('hitTest', () => {
  const geo = (rows: number, cols: number, w: number, h: number) => ({ width: w, height: h, rowStart: blocks(rows, h), colStart: blocks(cols, w) });

  test('one cell per pixel: the cell under the pointer', () => {
    const values = new Float64Array(4 * 6);
    expect(hitTest(geo(4, 6, 6, 4), values, 6, 0.51, 0.76)).toEqual({ row: 3, col: 3 });
    expect(hitTest(geo(4, 6, 6, 4), values, 6, 0, 0)).toEqual({ row: 0, col: 0 });
  });

  test('downsampled: the cell that gave the pixel its colour (the maximum it covers)', () => {
    const values = new Float64Array(100 * 100);
    values[57 * 100 + 33] = 9;
    expect(hitTest(geo(100, 100, 10, 10), values, 100, 0.35, 0.55)).toEqual({ row: 57, col: 33 });
  });

  test('zoomed: indexes are the matrix\'s, not the viewport\'s', () => {
    const values = new Float64Array(100 * 100);
    expect(hitTest(geo(10, 20, 20, 10), values, 100, 0.5, 0.5, { r0: 40, c0: 60 })).toEqual({ row: 45, col: 70 });
  });

  test('a pixel over several columns: a marked cell (hatched or framed) first, then the latest column, then the largest', () => {
    // 8 columns on 4 pixels: each pixel covers two columns; one row.
    const values = Float64Array.from([1, 9, 9, 2, 5, 1, 7, 3]);
    const g = geo(1, 8, 4, 1);
    expect(hitTest(g, values, 8, 0.1, 0.5)).toEqual({ row: 0, col: 1 });
    // The latest column (7) is taken over its larger neighbour (6).
    expect(hitTest(g, values, 8, 0.9, 0.5)).toEqual({ row: 0, col: 7 });
    // A marked cell is taken over a larger neighbour, and over the latest column.
    const marked = (i: number) => i === 0 || i === 3 || i === 6;
    expect(hitTest(g, values, 8, 0.1, 0.5, undefined, { marked })).toEqual({ row: 0, col: 0 });
    expect(hitTest(g, values, 8, 0.3, 0.5, undefined, { marked })).toEqual({ row: 0, col: 3 });
    expect(hitTest(g, values, 8, 0.9, 0.5, undefined, { marked })).toEqual({ row: 0, col: 6 });
    // Nothing marked: the largest, as drawn.
    expect(hitTest(g, values, 8, 0.6, 0.5, undefined, { marked })).toEqual({ row: 0, col: 4 });
  });

  test('outside the drawing: nothing', () => {
    expect(hitTest(geo(4, 6, 6, 4), new Float64Array(24), 6, 1, 0.5)).toBeNull();
    expect(hitTest(geo(4, 6, 6, 4), new Float64Array(24), 6, -0.1, 0.5)).toBeNull();
  });
});

describe('keymap', () => {
  test('names key presses the way the table writes them', () => {
    expect(keyName({ key: 'r', ctrlKey: true })).toBe('Ctrl+r');
    expect(keyName({ key: 'R', metaKey: true })).toBe('Meta+r');
    expect(keyName({ key: '?' })).toBe('?');
  });

  test('maps presses to actions; none twice in the table', () => {
    expect(actionFor({ key: 'Escape' })).toBe('unpin');
    expect(actionFor({ key: '?' })).toBe('help');
    expect(actionFor({ key: 'r', ctrlKey: true })).toBe('refresh');
    expect(actionFor({ key: 'x' })).toBeNull();
    const keys = KEYMAP.flatMap((b) => b.keys);
    expect(new Set(keys).size).toBe(keys.length);
  });

  test('typing in a field triggers nothing but Escape', () => {
    expect(actionFor({ key: 'l', target: { tagName: 'INPUT' } })).toBeNull();
    expect(actionFor({ key: 'Escape', target: { tagName: 'TEXTAREA' } })).toBe('unpin');
  });
});

describe('time ranges', () => {
  test('presets end now; a window is fixed; All is unbounded', () => {
    expect(rangeBounds({ kind: 'last', ms: 3_600_000 }, 10_000_000)).toEqual({ fromMs: 6_400_000, toMs: null });
    expect(rangeBounds({ kind: 'last', ms: null }, 10_000_000)).toEqual({ fromMs: null, toMs: null });
    expect(rangeBounds({ kind: 'window', fromMs: 5, toMs: 9 }, 10_000_000)).toEqual({ fromMs: 5, toMs: 9 });
  });
});
