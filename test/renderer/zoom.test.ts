// Wheel zoom in whole cells (heatmap/pyramid.ts): every step at one point is a step, down to a
// single cell and back out to the whole matrix; with the point kept as the pivot, it stays put.
import { describe, expect, test } from 'vitest';
import { fullViewport, type Viewport, zoomAround } from '../../src/renderer/src/heatmap/pyramid';

describe('zoomAround, step after step', () => {
  const bounds = { rows: 52, cols: 1440 };
  const span = (v: Viewport): [number, number] => [v.r1 - v.r0, v.c1 - v.c0];

  test('in at one point: fewer rows and columns every step until one cell, never a stall', () => {
    let vp = fullViewport(bounds);
    let steps = 0;
    while (vp.r1 - vp.r0 > 1 || vp.c1 - vp.c0 > 1) {
      const next = zoomAround(vp, 0.3, 0.4, 0.8, bounds);
      const [r, c] = span(vp);
      const [nr, nc] = span(next);
      if (r > 1) expect(nr).toBeLessThan(r);
      if (c > 1) expect(nc).toBeLessThan(c);
      // Whole cells inside the matrix.
      for (const x of [next.r0, next.r1, next.c0, next.c1]) expect(Number.isInteger(x)).toBe(true);
      expect(next.r0).toBeGreaterThanOrEqual(0);
      expect(next.c1).toBeLessThanOrEqual(bounds.cols);
      vp = next;
      expect(++steps).toBeLessThan(100);
    }
    expect(span(vp)).toEqual([1, 1]);
    // The cell under the point is the one it was at the start (row 20.8, column 432 of the whole matrix), give or take two.
    expect(Math.abs(vp.r0 - 0.4 * bounds.rows)).toBeLessThanOrEqual(2);
    expect(Math.abs(vp.c0 - 0.3 * bounds.cols)).toBeLessThanOrEqual(2);
  });

  test('out again: more every step, up to the whole matrix', () => {
    let vp: Viewport = { r0: 20, r1: 21, c0: 431, c1: 432 };
    for (let i = 0; i < 100 && (vp.r1 - vp.r0 < bounds.rows || vp.c1 - vp.c0 < bounds.cols); i++) {
      const next = zoomAround(vp, 0.3, 0.4, 1.25, bounds);
      const [r, c] = span(vp);
      const [nr, nc] = span(next);
      if (r < bounds.rows) expect(nr).toBeGreaterThan(r);
      if (c < bounds.cols) expect(nc).toBeGreaterThan(c);
      vp = next;
    }
    expect(vp).toEqual(fullViewport(bounds));
  });

  test('with the pivot kept step after step, the point stays within half a cell of where it is shown, down to its own cell', () => {
    let vp = fullViewport(bounds);
    const pivot = { row: 0.4 * bounds.rows, col: 0.3 * bounds.cols };
    for (let i = 0; i < 40; i++) {
      vp = zoomAround(vp, 0.3, 0.4, 0.8, bounds, pivot);
      expect(Math.abs(vp.c0 + 0.3 * (vp.c1 - vp.c0) - pivot.col)).toBeLessThanOrEqual(0.5);
      expect(Math.abs(vp.r0 + 0.4 * (vp.r1 - vp.r0) - pivot.row)).toBeLessThanOrEqual(0.5);
    }
    expect(vp).toEqual({ r0: 20, r1: 21, c0: 432, c1: 433 });
  });
});
