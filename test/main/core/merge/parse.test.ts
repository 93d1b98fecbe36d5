import { describe, expect, test } from 'vitest';
import { MatrixInputError, parseNodeMatrix, parseNodeMatrixText } from '../../../../src/main/core/merge';

const base = { column_unix_ms: [100, 200], series: 'writes' };
const cols4 = { column_unix_ms: [100, 200, 300, 400], series: 'writes' };
const parse = (json: unknown) => parseNodeMatrix(json, 'n1.json', 0);
const fails = (json: unknown): string => {
  try {
    parse(json);
  } catch (err) {
    expect(err).toBeInstanceOf(MatrixInputError);
    return (err as Error).message;
  }
  throw new Error('expected a MatrixInputError');
};

describe('parseNodeMatrix', () => {
  test('absent optional fields take the contract\'s zero values', () => {
    const { matrix, warnings } = parse({ ...base, rows: [{ bucket_id: 'route:1', values: [1, 2] }] });
    expect(warnings).toEqual([]);
    expect(matrix.generatedAt).toBeNull();
    const r = matrix.rows[0]!;
    expect(r).toMatchObject({ bucketId: 'route:1', label: '', start: null, end: null, aggregate: false, routeIds: null,
      routeIdsTruncated: false, routeCount: 0, groups: null, terms: null });
    expect([...r.values]).toEqual([1, 2]);
    expect(r.values).toBeInstanceOf(Uint32Array); // every element fits: half the memory
  });

  test('an array with an element beyond 2^32 switches to Float64Array and keeps every value exact', () => {
    const { matrix, warnings } = parse({ ...cols4, rows: [{ bucket_id: 'route:1', values: [7, 2 ** 32 + 5, 9, 2 ** 40] }] });
    expect(matrix.rows[0]!.values).toBeInstanceOf(Float64Array);
    expect([...matrix.rows[0]!.values]).toEqual([7, 2 ** 32 + 5, 9, 2 ** 40]);
    expect(warnings).toEqual([]);
  });

  test('typed arrays hold every field; conflict and conflicts are ignored', () => {
    const { matrix } = parse({ ...base, generated_at: '2026-11-24T12:00:00Z', rows: [{ bucket_id: 'virtual:18446744073709551615',
      start: 'YQ==', end: null, aggregate: true, route_ids: [2, 3], route_ids_truncated: true, route_count: 9, values: [5, 0],
      raft_group_ids: [0, 0], leader_terms: [0, 0], conflict: 'whatever', conflicts: 42 }] });
    const r = matrix.rows[0]!;
    expect(matrix.generatedAt).toBe('2026-11-24T12:00:00Z');
    expect(r).toMatchObject({ start: 'YQ==', end: null, aggregate: true, routeIds: [2, 3], routeIdsTruncated: true, routeCount: 9 });
    expect([...r.groups!]).toEqual([0, 0]);
    expect(r).not.toHaveProperty('conflicts');
  });

  test('arrays not parallel to the columns are refused, naming the field (contract §3.4); empty identity arrays are absent', () => {
    expect(fails({ ...base, rows: [{ bucket_id: 'route:1', values: [7] }] })).toBe('n1.json: rows[0].values: 1 entries for 2 columns (it must be parallel to column_unix_ms)');
    expect(fails({ ...base, rows: [{ bucket_id: 'route:1', values: [] }] })).toContain('rows[0].values: 0 entries for 2 columns');
    expect(fails({ ...base, rows: [{ bucket_id: 'route:1', values: [1, 2, 3] }] })).toContain('rows[0].values: 3 entries for 2 columns');
    expect(fails({ ...base, rows: [{ bucket_id: 'route:1', values: [1, 2], leader_terms: [3] }] })).toContain('rows[0].leader_terms: 1 entries');
    const { matrix } = parse({ ...base, rows: [{ bucket_id: 'route:1', values: [7, 8], raft_group_ids: [], leader_terms: [3, 3] }] });
    expect(matrix.rows[0]!.groups!.length).toBe(0);
    expect(parse({ column_unix_ms: [], series: 'reads', rows: [{ bucket_id: 'route:1', values: [] }] }).matrix.rows.length).toBe(1);
  });

  describe('bounded by what the request allows (issue 15)', () => {
    const rowsOf = (n: number, cols: number) => Array.from({ length: n }, (_, i) => ({ bucket_id: `route:${i}`, values: new Array<number>(cols).fill(0) }));
    test('rows beyond the budget asked are refused before any row is read', () => {
      expect(fails({ ...base, rows: rowsOf(1025, 2) })).toBe('n1.json: rows: 1025 rows, more than the 1024 asked for (a node keeps the busiest 1024)');
      expect(() => parseNodeMatrix({ ...base, rows: rowsOf(3, 2) }, 'n', 0, { rows: 2 })).toThrow('rows: 3 rows, more than the 2 asked for');
      // The count is checked first: a million rows costs no per-row work.
      const million = { ...base, rows: new Array<unknown>(1_000_000).fill({ bucket_id: 'r', values: [] }) };
      const t0 = performance.now();
      expect(fails(million)).toContain('1000000 rows');
      expect(performance.now() - t0).toBeLessThan(1000); // not a speed target: a guard against walking the rows
      expect(parse({ ...base, rows: rowsOf(1024, 2) }).matrix.rows.length).toBe(1024);
    });
    test('more columns than a history holds are refused', () => {
      const cols = Array.from({ length: 100_001 }, (_, i) => i + 1);
      expect(fails({ column_unix_ms: cols, series: 'reads', rows: [] })).toContain('column_unix_ms: 100001 columns, more than the 100000');
      expect(parse({ column_unix_ms: cols.slice(1), series: 'reads', rows: [] }).matrix.columns.length).toBe(100_000);
    });
    test('one time repeated beyond a few flushes is refused; a few are kept', () => {
      const same = (n: number) => ({ column_unix_ms: [5, ...new Array<number>(n).fill(1000)], series: 'reads', rows: [] });
      expect(parse(same(8)).matrix.columns.length).toBe(9);
      expect(fails(same(9))).toBe('n1.json: column_unix_ms[9]: the time 1000 appears more than 8 times; a node\'s columns are its flushes, one per step');
      expect(fails(same(99_000))).toContain('appears more than 8 times');
    });
    test('columns outside the window asked are refused; 0 and null bounds are unbounded', () => {
      const m = { column_unix_ms: [100, 200, 300], series: 'reads', rows: [] };
      expect(() => parseNodeMatrix(m, 'n', 0, { fromMs: 200, toMs: null })).toThrow('column_unix_ms[0]: 100 lies outside the window asked [200, ∞)');
      expect(() => parseNodeMatrix(m, 'n', 0, { fromMs: 0, toMs: 300 })).toThrow('column_unix_ms[2]: 300 lies outside the window asked [-∞, 300)');
      expect(parseNodeMatrix(m, 'n', 0, { fromMs: 100, toMs: 301 }).matrix.columns.length).toBe(3);
      expect(parseNodeMatrix(m, 'n', 0, { fromMs: 0, toMs: 0 }).matrix.columns.length).toBe(3);
    });
    test('ids, labels and times with control characters are refused (they would reach the terminal and the page)', () => {
      expect(fails({ ...base, rows: [{ bucket_id: 'route:1\u001b[2J', values: [1, 1] }] })).toBe('n1.json: rows[0].bucket_id: contains control characters, which no elastickv id or label has');
      expect(fails({ ...base, rows: [{ bucket_id: 'route:1', label: 'redis\u202e', values: [1, 1] }] })).toContain('rows[0].label: contains control characters');
      expect(fails({ ...base, generated_at: '2026\u0007', rows: [] })).toContain('generated_at: contains control characters');
    });
    test('counters beyond uint64 and times beyond int64 are refused: nothing JSON cannot write back reaches the merge', () => {
      expect(fails({ column_unix_ms: [1], series: 'writes', rows: [{ bucket_id: 'r', values: [1e308] }] }))
        .toBe('n1.json: rows[0].values[0]: 1e+308 is larger than any uint64 counter (2^64)');
      expect(fails({ column_unix_ms: [1e300], series: 'writes', rows: [] })).toContain('column_unix_ms[0]: expected an int64');
      // 18446744073709551615 (uint64 max) parses to 2^64 exactly: accepted, with the rounding warning.
      expect(parseNodeMatrixText('{"column_unix_ms":[1],"series":"writes","rows":[{"bucket_id":"r","values":[18446744073709551615]}]}', 'x').warnings.length).toBe(1);
    });
  });

  test.each([
    [{ ...base, rows: [{ bucket_id: 'route:1', values: [1, -2] }] }, 'rows[0].values[1]: expected a non-negative integer, got -2'],
    [{ ...base, rows: [{ bucket_id: 'route:1', values: [1, 2.5] }] }, 'rows[0].values[1]: expected a non-negative integer, got 2.5'],
    [{ ...base, rows: [{ bucket_id: 'route:1', values: ['3', 1] }] }, 'rows[0].values[0]: expected a non-negative integer, got "3"'],
    [{ ...base, rows: [{ bucket_id: 'route:1', values: [1, 1], leader_terms: [null, 1] }] }, 'rows[0].leader_terms[0]: expected a non-negative integer, got null'],
    [{ ...base, rows: [{ values: [1] }] }, 'rows[0].bucket_id:'],
    [{ ...base, rows: [{ bucket_id: 'r', values: [1], aggregate: 'yes' }] }, 'rows[0].aggregate:'],
    [{ ...base, rows: [{ bucket_id: 'r', values: [1], start: 5 }] }, 'rows[0].start:'],
    [{ ...base, rows: [{ bucket_id: 'r', values: 3 }] }, 'rows[0].values: expected an array'],
    [{ ...base, rows: [{ bucket_id: 'r' }] }, 'rows[0].values:'],
    [{ ...base, series: 'bogus', rows: [] }, 'series:'],
    [{ column_unix_ms: [1.5], series: 'reads', rows: [] }, 'column_unix_ms[0]: expected an int64 (Unix milliseconds), got 1.5'],
    [{ series: 'reads', rows: [] }, 'column_unix_ms:'],
    [[], 'the document:'],
  ])('wrong types are errors naming the field (%#)', (json, message) => {
    expect(fails(json)).toContain(`n1.json: ${message}`);
  });

  test('a matrix with a fanout block is already merged: refused, naming the input', () => {
    expect(fails({ ...base, rows: [], fanout: { nodes: [], responded: 1, expected: 1 } })).toMatch(/^n1\.json: .*"fanout".*double-count/);
  });

  test('values beyond 2^53 are reported, never silently rounded', () => {
    const text = `{"column_unix_ms":[1],"series":"writes","rows":[{"bucket_id":"route:1","values":[9007199254740993],"leader_terms":[18446744073709551615]}]}`;
    const { warnings } = parseNodeMatrixText(text, 'big.json', 2);
    expect(warnings.map((w) => [w.kind, w.inputs])).toEqual([['big_number', [2]], ['big_number', [2]]]); // one each
    expect(warnings[0]!.message).toMatch(/^big\.json: rows\[0\]\.values\[0\] is at least 2\^53/);
    expect(warnings[1]!.message).toContain('rows[0].leader_terms[0]');
  });

  test('text that is not JSON says so', () => {
    expect(() => parseNodeMatrixText('{"column_unix_ms":[1,', 'cut.json')).toThrow(/^cut\.json: not valid JSON/);
  });
});
