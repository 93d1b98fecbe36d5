// Invariants of the merge, over random inputs (fast-check), plus a differential check against
// the simulator's independent restatement of elastickv's aggregator.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { mergeKeyVizMatrices } from '../../../../src/demo-cluster/aggregate';
import { alignColumns } from '../../../../src/main/core/merge/align';
import { canonicalMerge, matrixJson, mergeMatrices, parseNodeMatrix } from '../../../../src/main/core/merge';
import { SERIES_ARB, type WireIn, wireMatrix } from './arbitraries';

const parse = (ws: WireIn[]) => ws.map((w, i) => parseNodeMatrix(w, `n${i}`, i).matrix);
const POOL = [1000, 2000, 3000, 4000, 5000];

/** Cell lookup by bucket and column time in a wire-shaped matrix. */
function cellOf(m: { column_unix_ms: number[]; rows: Array<{ bucket_id: string; values: number[] }> }, id: string, ts: number): number {
  const j = m.column_unix_ms.indexOf(ts);
  const row = m.rows.find((r) => r.bucket_id === id);
  return j < 0 || !row || j >= row.values.length ? 0 : row.values[j]!;
}

describe('merge properties', () => {
  test('matches the simulator\'s independent aggregator on any inputs (differential)', () => {
    fc.assert(fc.property(SERIES_ARB.chain((s) => fc.tuple(fc.constant(s), fc.array(wireMatrix(s, POOL), { minLength: 1, maxLength: 4 }))),
      ([series, ws]) => {
        const ours = JSON.parse(matrixJson(canonicalMerge(parse(ws), series)));
        const theirs = JSON.parse(JSON.stringify(mergeKeyVizMatrices(ws, series)));
        expect(ours).toEqual(theirs);
      }), { numRuns: 400 });
  });

  test('reads are sums, whatever the input order', () => {
    fc.assert(fc.property(fc.array(wireMatrix('reads', POOL), { minLength: 2, maxLength: 4 }), fc.nat(), (ws, seed) => {
      const a = JSON.parse(matrixJson(canonicalMerge(parse(ws), 'reads')));
      const shuffled = [...ws].sort((x, y) => ((POOL.length * x.rows.length + seed) % 7) - ((POOL.length * y.rows.length + seed) % 7));
      const b = JSON.parse(matrixJson(canonicalMerge(parse(shuffled), 'reads')));
      for (const row of a.rows) {
        for (const ts of a.column_unix_ms) {
          const sum = ws.reduce((acc, w) => acc + cellOf(w, row.bucket_id, ts), 0);
          expect(cellOf(a, row.bucket_id, ts)).toBe(sum);
          expect(cellOf(b, row.bucket_id, ts)).toBe(sum);
        }
      }
    }), { numRuns: 300 });
  });

  test('a write cell never exceeds the sum of its non-zero contributions, nor falls below their max', () => {
    fc.assert(fc.property(fc.array(wireMatrix('writes', POOL), { minLength: 2, maxLength: 4 }), (ws) => {
      const m = JSON.parse(matrixJson(canonicalMerge(parse(ws), 'writes')));
      for (const row of m.rows) {
        for (const ts of m.column_unix_ms) {
          const parts = ws.map((w) => cellOf(w, row.bucket_id, ts)).filter((v) => v > 0);
          const v = cellOf(m, row.bucket_id, ts);
          expect(v).toBeLessThanOrEqual(parts.reduce((a, b) => a + b, 0));
          expect(v).toBeGreaterThanOrEqual(parts.length ? Math.max(...parts) : 0);
        }
      }
    }), { numRuns: 300 });
  });

  test('compat output does not depend on the view flags', () => {
    const flags = fc.record({ align: fc.boolean(), keyOrder: fc.boolean(), coverage: fc.boolean(), catalog: fc.boolean(),
      rows: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }) });
    fc.assert(fc.property(SERIES_ARB.chain((s) => fc.array(wireMatrix(s, POOL), { minLength: 1, maxLength: 3 })), flags, (ws, f) => {
      const inputs = parse(ws);
      const plain = mergeMatrices(inputs, { compat: true });
      const flagged = mergeMatrices(inputs, { compat: true, ...f });
      expect(matrixJson(flagged.matrix)).toBe(matrixJson(plain.matrix));
      expect(flagged.warnings).toEqual([]);
      expect(flagged.coverage).toBeNull();
      expect(matrixJson(plain.matrix)).toBe(matrixJson(canonicalMerge(inputs, inputs[0]!.series)));
    }), { numRuns: 200 });
  });

  test('alignment never puts two columns of one input into one slot, and keeps each input\'s order', () => {
    const jittered = fc.array(fc.record({ base: fc.integer({ min: 0, max: 50 }), jitter: fc.integer({ min: -400, max: 400 }) }),
      { minLength: 0, maxLength: 30 });
    fc.assert(fc.property(fc.array(jittered, { minLength: 2, maxLength: 5 }), fc.integer({ min: 200, max: 5000 }), (inputs, step) => {
      const ms = inputs.map((cols, i) => {
        const times = [...new Set(cols.map((c) => c.base * step + Math.round((c.jitter * step) / 1000)))].sort((a, b) => a - b);
        return parseNodeMatrix({ column_unix_ms: times, rows: [], series: 'reads' }, `n${i}`, i).matrix;
      });
      const a = alignColumns(ms);
      a.inputs.forEach((m, i) => {
        expect(new Set(m.columns).size).toBe(m.columns.length);
        for (let k = 1; k < m.columns.length; k++) expect(m.columns[k]!).toBeGreaterThan(m.columns[k - 1]!);
        // A column moves at most half a step, and only backwards (to its slot's earliest time).
        m.columns.forEach((c, k) => {
          expect(ms[i]!.columns[k]! - c).toBeGreaterThanOrEqual(0);
          if (a.stepMs !== null) expect(ms[i]!.columns[k]! - c).toBeLessThan(a.stepMs / 2);
        });
      });
    }), { numRuns: 300 });
  });
});
