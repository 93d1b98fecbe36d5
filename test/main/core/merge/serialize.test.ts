// The matrix writer formats numbers by hand into byte buffers: its bytes must be exactly what
// JSON.stringify gives for the same wire object (field order, omitempty, every number's text),
// whatever the values and wherever a 1 MiB chunk ends.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { jsonNumber, matrixJson, writeMatrixJson } from '../../../../src/main/core/merge/serialize';
import type { MergedMatrix, MergedRow, UintArray } from '../../../../src/main/core/merge/types';

/** The wire object, field by field in the Go struct's order, for JSON.stringify. */
function reference(m: MergedMatrix, extra = ''): string {
  const rows = m.rows.map((r) => ({
    bucket_id: r.bucketId,
    ...(r.label ? { label: r.label } : {}),
    start: r.start,
    end: r.end,
    aggregate: r.aggregate,
    ...(r.routeIds && r.routeIds.length > 0 ? { route_ids: r.routeIds } : {}),
    ...(r.routeIdsTruncated ? { route_ids_truncated: true } : {}),
    route_count: r.routeCount,
    values: [...r.values],
    ...(r.conflicts ? { conflict: true, conflicts: [...r.conflicts].map(Boolean) } : {}),
    ...(r.groups && r.groups.length > 0 ? { raft_group_ids: [...r.groups] } : {}),
    ...(r.terms && r.terms.length > 0 ? { leader_terms: [...r.terms] } : {}),
  }));
  const doc = JSON.stringify({ column_unix_ms: [...m.columns], rows, series: m.series, ...(m.generatedAt !== null ? { generated_at: m.generatedAt } : {}) });
  return `${doc.slice(0, -1)}${extra}}`;
}

// Every branch of the hand formatting: digit-count edges, 2^32, 13-digit times, 2^53, and what
// goes through String() (fractions, negatives, exponents).
const EDGES = [0, -0, 1, 9, 10, 99, 100, 999, 1000, 99_999, 100_000, 9_999_999, 10_000_000, 99_999_999, 100_000_000,
  999_999_999, 1_000_000_000, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1, 1_763_596_800_000, 10_000_000_000_000_007,
  100_000_000 * 42, 100_000_000 * 42 + 7, 2 ** 53 - 1, 2 ** 53, 2 ** 64, 1.8446744073709552e19, 1e21, 0.5, 1.5e-7, -1, -1_763_596_800_000];

const number = fc.oneof(
  fc.constantFrom(...EDGES),
  fc.nat(),
  fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  fc.maxSafeNat(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const uints = (n: number): fc.Arbitrary<UintArray> =>
  fc.array(fc.oneof(fc.constantFrom(...EDGES.slice(0, 22)), fc.integer({ min: 0, max: 2 ** 32 - 1 })), { minLength: n, maxLength: n })
    .map((a) => (a.every((v) => v < 2 ** 32) ? Uint32Array.from(a) : Float64Array.from(a)));

const row = (cols: number): fc.Arbitrary<MergedRow> => fc.record({
  bucketId: fc.string(),
  label: fc.string(),
  start: fc.option(fc.base64String()),
  end: fc.option(fc.base64String()),
  aggregate: fc.boolean(),
  routeIds: fc.option(fc.array(fc.maxSafeNat(), { maxLength: 4 })),
  routeIdsTruncated: fc.boolean(),
  routeCount: fc.maxSafeNat(),
  values: fc.oneof(uints(cols), fc.array(number, { minLength: cols, maxLength: cols }).map((a) => Float64Array.from(a))),
  groups: fc.option(uints(cols)),
  terms: fc.option(uints(cols)),
  conflicts: fc.option(fc.array(fc.boolean(), { minLength: cols, maxLength: cols }).map((a) => Uint8Array.from(a, Number))),
});

const matrix: fc.Arbitrary<MergedMatrix> = fc.nat({ max: 12 }).chain((cols) => fc.record({
  columns: fc.array(number, { minLength: cols, maxLength: cols }).map((a) => Float64Array.from(a)),
  rows: fc.array(row(cols), { maxLength: 4 }),
  series: fc.constantFrom('reads' as const, 'writes' as const),
  generatedAt: fc.option(fc.string()),
}));

describe('writeMatrixJson: the bytes JSON.stringify would write', () => {
  test('any matrix, any numbers', () => {
    fc.assert(fc.property(matrix, fc.string(), (m, key) => {
      const extra = `,"x":${JSON.stringify(key)}`;
      expect(matrixJson(m, extra)).toBe(reference(m, extra));
    }), { numRuns: 500 });
  });

  test('arrays far longer than one 1 MiB chunk: nothing lost or doubled where chunks end', () => {
    const cols = 300_000;
    const columns = Float64Array.from({ length: cols }, (_, j) => 1_763_596_800_000 + j * 1000);
    const values = Uint32Array.from({ length: cols }, (_, j) => (j * 2_654_435_761) >>> 0);
    const big = Float64Array.from({ length: cols }, (_, j) => (j % 7 === 0 ? 2 ** 53 - j : j * 0.25));
    const conflicts = Uint8Array.from({ length: cols }, (_, j) => j % 3 & 1);
    const r: MergedRow = { bucketId: 'route:1', label: '', start: null, end: 'AA==', aggregate: false, routeIds: null, routeIdsTruncated: false,
      routeCount: 1, values, groups: big, terms: null, conflicts };
    const m: MergedMatrix = { columns, rows: [r, { ...r, bucketId: 'route:2', conflicts: null }], series: 'writes', generatedAt: null };
    const chunks: Buffer[] = [];
    writeMatrixJson(m, (c) => chunks.push(Buffer.from(c)));
    expect(chunks.length).toBeGreaterThan(5);
    expect(chunks.slice(0, -1).every((c) => c.length <= 1 << 20)).toBe(true);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(reference(m));
  });

  test('a number JSON cannot hold is refused, never written', () => {
    for (const v of [Infinity, -Infinity, NaN]) {
      expect(() => jsonNumber(v)).toThrow(RangeError);
      const m: MergedMatrix = { columns: Float64Array.of(1), rows: [], series: 'reads', generatedAt: null };
      expect(() => matrixJson({ ...m, columns: Float64Array.of(v) })).toThrow(/JSON cannot hold it/);
    }
  });
});
