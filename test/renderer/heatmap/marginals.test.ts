// Marginal totals of a viewport (heatmap/viewport-totals.ts) and their strips (heatmap/marginals.ts): from block sums, equal to a plain sum over
// the visible cells (a plain double loop here) for any viewport, block edges
// included; signed for a comparison; a strip shows the largest magnitude where totals share a pixel.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { stripValues, totalAt } from '../../../src/renderer/src/heatmap/marginals';
import { BLOCK, blockSumsComing, blockSumsNotComing, blockSumsState, emptyBlockSums, addBlockRows, knownBlockSums, viewportTotals } from '../../../src/renderer/src/heatmap/viewport-totals';

/** The viewport's cells as row arrays, summed the plain way. */
function plain(values: Float64Array, cols: number, vp: { r0: number; r1: number; c0: number; c1: number }) {
  const rows = new Float64Array(vp.r1 - vp.r0);
  const columns = new Float64Array(vp.c1 - vp.c0);
  for (let r = vp.r0; r < vp.r1; r++) {
    for (let c = vp.c0; c < vp.c1; c++) {
      rows[r - vp.r0]! += values[r * cols + c]!;
      columns[c - vp.c0]! += values[r * cols + c]!;
    }
  }
  return { rows, columns };
}

const matrixAndViewport = fc.record({ rows: fc.integer({ min: 1, max: 3 * BLOCK + 5 }), cols: fc.integer({ min: 1, max: 3 * BLOCK + 5 }),
  seed: fc.integer(), signed: fc.boolean() }).chain((s) => fc.record({
  s: fc.constant(s),
  r: fc.tuple(fc.integer({ min: 0, max: s.rows - 1 }), fc.integer({ min: 1, max: s.rows })),
  c: fc.tuple(fc.integer({ min: 0, max: s.cols - 1 }), fc.integer({ min: 1, max: s.cols })),
}));

function values(rows: number, cols: number, seed: number, signed: boolean): Float64Array {
  let x = seed >>> 0 || 1;
  return Float64Array.from({ length: rows * cols }, () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const v = (x >>> 8) % 5000;
    return signed ? v - 2500 : v % 7 === 0 ? 0 : v;
  });
}

describe('viewportTotals', () => {
  test('equals the plain sums over the visible cells, for any matrix and viewport (block edges, partial blocks, signed values)', () => {
    fc.assert(fc.property(matrixAndViewport, ({ s, r, c }) => {
      const vp = { r0: Math.min(r[0], r[1] - 1), r1: Math.max(r[0] + 1, r[1]), c0: Math.min(c[0], c[1] - 1), c1: Math.max(c[0] + 1, c[1]) };
      const v = values(s.rows, s.cols, s.seed, s.signed);
      const got = viewportTotals({ values: v, rows: s.rows, cols: s.cols }, vp);
      const want = plain(v, s.cols, vp);
      expect(Array.from(got.rows)).toEqual(Array.from(want.rows));
      expect(Array.from(got.columns)).toEqual(Array.from(want.columns));
    }), { numRuns: 300 });
  });

  test('whole blocks: a 4 × BLOCK + 3 square, the viewport from mid-block to mid-block', () => {
    const n = 4 * BLOCK + 3;
    const v = values(n, n, 7, false);
    const vp = { r0: BLOCK / 2, r1: 3 * BLOCK + 1, c0: BLOCK - 1, c1: 4 * BLOCK + 2 };
    const got = viewportTotals({ values: v, rows: n, cols: n }, vp);
    const want = plain(v, n, vp);
    expect(got.rows).toEqual(want.rows);
    expect(got.columns).toEqual(want.columns);
    // The sum of the row totals is the sum of the column totals: every visible cell once.
    expect(got.rows.reduce((a, b) => a + b, 0)).toBe(got.columns.reduce((a, b) => a + b, 0));
  });

  test('a comparison\'s totals are of its differences, signed', () => {
    // B − A: row 0 grew by 5 then 3, row 1 fell by 4 twice.
    const got = viewportTotals({ values: Float64Array.from([5, 3, -4, -4]), rows: 2, cols: 2 }, { r0: 0, r1: 2, c0: 0, c1: 2 });
    expect(Array.from(got.rows)).toEqual([8, -8]);
    expect(Array.from(got.columns)).toEqual([1, -1]);
  });
});

describe('a totals strip', () => {
  test('more totals than pixels: each pixel shows the largest magnitude it covers, sign kept; the pointer gets that one', () => {
    const totals = Float64Array.from([1, -9, 2, 3, 8, 0, 0, 0]);
    const s = stripValues(totals, 4);
    expect(Array.from(s.values)).toEqual([-9, 3, 8, 0]);
    expect(Array.from(s.shown)).toEqual([1, 3, 4, 6]);
    expect(totalAt({ shown: s.shown, top: 9 }, 0.1)).toBe(1);
    expect(totalAt({ shown: s.shown, top: 9 }, 0.6)).toBe(4);
    expect(totalAt({ shown: s.shown, top: 9 }, 1)).toBeNull();
  });

  test('fewer totals than pixels: one bar per total', () => {
    const s = stripValues(Float64Array.from([4, 5]), 100);
    expect(Array.from(s.values)).toEqual([4, 5]);
    expect(totalAt({ shown: s.shown, top: 5 }, 0.49)).toBe(0);
    expect(totalAt({ shown: s.shown, top: 5 }, 0.5)).toBe(1);
  });
});

describe('block sums from elsewhere (the level worker adds them up)', () => {
  const values = Float64Array.from({ length: 130 * 70 }, (_, i) => (i * 7919) % 1000);
  const vp = { r0: 3, r1: 129, c0: 1, c1: 69 };

  test('on their way: a promise; once here, the totals are the plain sums, without a pass of their own', async () => {
    const v = values.slice();
    expect(blockSumsState(v)).toBe('none');
    blockSumsComing(v);
    const state = blockSumsState(v);
    expect(state).toBeInstanceOf(Promise);
    // Added up elsewhere, slice by slice (rows 0–49, then 50–129).
    const s = emptyBlockSums(130, 70);
    addBlockRows(s, v.subarray(0, 50 * 70), 0, 0, 50, 70);
    addBlockRows(s, v.subarray(50 * 70), 0, 50, 130, 70);
    knownBlockSums(v, s);
    await state;
    expect(blockSumsState(v)).toBe('here');
    // The known sums are the ones used: poisoned, the totals say so.
    const got = viewportTotals({ values: v, rows: 130, cols: 70 }, vp);
    expect(got).toEqual(plain(v, 70, vp));
    s.byColumn.fill(0);
    expect(viewportTotals({ values: v, rows: 130, cols: 70 }, vp)).not.toEqual(plain(v, 70, vp));
  });

  test('not coming after all: whoever waits is let go, and adds them up itself', async () => {
    const v = values.slice();
    blockSumsComing(v);
    const state = blockSumsState(v);
    blockSumsNotComing(v);
    await state;
    expect(blockSumsState(v)).toBe('none');
    expect(viewportTotals({ values: v, rows: 130, cols: 70 }, vp)).toEqual(plain(v, 70, vp));
    expect(blockSumsState(v)).toBe('here');
  });
});
