// Marginal totals (row sums at the right, column sums at the top): the same from typed and plain
// arrays, from rows and from a row-major array, and a shorter row's missing cells count 0.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { marginalTotals, marginalTotalsFlat } from '../../src/shared/marginals';

describe('marginal totals', () => {
  test('a small matrix by hand: rows [1,2,3], [4,0,6], [7] (a short row)', () => {
    const m = marginalTotals({ rows: [Uint32Array.of(1, 2, 3), [4, 0, 6], Float64Array.of(7)], cols: 3 });
    expect([...m.rows]).toEqual([6, 10, 7]);
    expect([...m.columns]).toEqual([12, 2, 9]);
  });

  test('cells past the column count are not counted; no rows gives empty totals', () => {
    expect([...marginalTotals({ rows: [[1, 2, 99]], cols: 2 }).rows]).toEqual([3]);
    const none = marginalTotals({ rows: [], cols: 4 });
    expect([...none.rows, ...none.columns]).toEqual([0, 0, 0, 0]);
  });

  test('any matrix: each total is its row\'s or column\'s sum, both add up to the whole, flat = by rows', () => {
    const arb = fc.integer({ min: 0, max: 12 }).chain((cols) => fc.tuple(fc.constant(cols),
      fc.array(fc.array(fc.nat({ max: 2 ** 32 - 1 }), { minLength: cols, maxLength: cols }), { maxLength: 12 })));
    fc.assert(fc.property(arb, ([cols, rows]) => {
      const m = marginalTotals({ rows: rows.map((r) => Uint32Array.from(r)), cols });
      rows.forEach((r, i) => expect(m.rows[i]).toBe(r.reduce((a, b) => a + b, 0)));
      for (let c = 0; c < cols; c++) expect(m.columns[c]).toBe(rows.reduce((a, r) => a + r[c]!, 0));
      expect(m.rows.reduce((a, b) => a + b, 0)).toBe(m.columns.reduce((a, b) => a + b, 0));
      const flat = marginalTotalsFlat(Float64Array.from(rows.flat()), rows.length, cols);
      expect(flat).toEqual(m);
    }), { numRuns: 300 });
  });

  test('a row-major array shorter than rows × columns is refused, not read as NaN', () => {
    expect(() => marginalTotalsFlat(new Float64Array(5), 2, 3)).toThrow(RangeError);
  });
});
