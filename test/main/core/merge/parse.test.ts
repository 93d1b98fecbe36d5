import { describe, expect, test } from 'vitest';
import { MatrixInputError, parseNodeMatrix, parseNodeMatrixText } from '../../../../src/main/core/merge';

const base = { column_unix_ms: [100, 200], series: 'writes' };
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
    const { matrix, warnings } = parse({ ...base, rows: [{ bucket_id: 'route:1', values: [7, 2 ** 32 + 5, 9, 2 ** 40] }] });
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

  test('arrays shorter than the columns are kept short (the missing cells are absent, not an error)', () => {
    const { matrix } = parse({ ...base, rows: [{ bucket_id: 'route:1', values: [7], raft_group_ids: [], leader_terms: [3] }] });
    expect(matrix.rows[0]!.values.length).toBe(1);
    expect(matrix.rows[0]!.groups!.length).toBe(0);
  });

  test.each([
    [{ ...base, rows: [{ bucket_id: 'route:1', values: [1, -2] }] }, 'rows[0].values[1]: expected a non-negative integer, got -2'],
    [{ ...base, rows: [{ bucket_id: 'route:1', values: [1, 2.5] }] }, 'rows[0].values[1]: expected a non-negative integer, got 2.5'],
    [{ ...base, rows: [{ bucket_id: 'route:1', values: ['3'] }] }, 'rows[0].values[0]: expected a non-negative integer, got "3"'],
    [{ ...base, rows: [{ bucket_id: 'route:1', values: [1], leader_terms: [null] }] }, 'rows[0].leader_terms[0]: expected a non-negative integer, got null'],
    [{ ...base, rows: [{ values: [1] }] }, 'rows[0].bucket_id:'],
    [{ ...base, rows: [{ bucket_id: 'r', values: [1], aggregate: 'yes' }] }, 'rows[0].aggregate:'],
    [{ ...base, rows: [{ bucket_id: 'r', values: [1], start: 5 }] }, 'rows[0].start:'],
    [{ ...base, rows: [{ bucket_id: 'r', values: 3 }] }, 'rows[0].values: expected an array'],
    [{ ...base, rows: [{ bucket_id: 'r' }] }, 'rows[0].values:'],
    [{ ...base, series: 'bogus', rows: [] }, 'series:'],
    [{ column_unix_ms: [1.5], series: 'reads', rows: [] }, 'column_unix_ms[0]: expected an integer'],
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
