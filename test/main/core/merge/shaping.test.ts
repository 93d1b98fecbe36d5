// View shaping around the canonical merge: alignment, key order, row budget, coverage, catalog.
import { describe, expect, test } from 'vitest';
import { mergeMatrices, type NodeMatrix, parseNodeMatrix } from '../../../../src/main/core/merge';
import { alignColumns, inferStep } from '../../../../src/main/core/merge/align';

const m = (source: string, json: object): NodeMatrix => parseNodeMatrix({ series: 'reads', ...json }, source).matrix;
const ids = (rows: Array<{ bucketId: string }>): string[] => rows.map((r) => r.bucketId);

describe('column alignment', () => {
  const a = m('a', { column_unix_ms: [60_120, 120_090, 180_100], rows: [{ bucket_id: 'route:1', values: [1, 2, 3] }] });
  const b = m('b', { column_unix_ms: [60_640, 120_700, 180_610], rows: [{ bucket_id: 'route:1', values: [10, 20, 30] }] });

  test('the step is inferred from the inputs\' own spacing', () => {
    expect(inferStep([a, b])).toBeGreaterThan(59_000);
    expect(inferStep([m('x', { column_unix_ms: [5], rows: [] })])).toBeNull();
  });

  test('jittered columns of different inputs share a slot, labelled with its earliest time', () => {
    const r = mergeMatrices([a, b]);
    expect([...r.matrix.columns]).toEqual([60_120, 120_090, 180_100]);
    expect([...r.matrix.rows[0]!.values]).toEqual([11, 22, 33]);
    expect(r.stepMs).toBeGreaterThan(59_000);
  });

  test('without alignment (or in compat) the exact timestamps stripe the view, as in elastickv', () => {
    for (const opts of [{ align: false }, { compat: true }]) {
      const r = mergeMatrices([a, b], opts);
      expect(r.matrix.columns.length).toBe(6);
      expect([...r.matrix.rows[0]!.values]).toEqual([1, 10, 2, 20, 3, 30]);
    }
  });

  test('two columns of one input never share a slot, even when closer than half a step', () => {
    const odd = m('odd', { column_unix_ms: [60_000, 60_100, 120_000, 180_000], rows: [] });
    const x = alignColumns([odd, b]);
    expect(new Set(x.inputs[0]!.columns).size).toBe(4);
  });

  test('columns exactly half a step apart stay apart ("within" is strict)', () => {
    const late = m('late', { column_unix_ms: [60_000 + 30_000, 120_000 + 30_000, 180_000 + 30_000], rows: [] });
    const early = m('early', { column_unix_ms: [60_000, 120_000, 180_000], rows: [] });
    expect(alignColumns([early, late]).columnsAfter).toBe(6);
  });
});

describe('row order and budget', () => {
  const a = m('a', { column_unix_ms: [1000, 2000], rows: [
    { bucket_id: 'route:3', start: 'Yw==', values: [1, 1] }, // "c"
    { bucket_id: 'route:1', start: null, values: [50, 50] },
    { bucket_id: 'route:2:redis', start: 'Yg==', values: [5, 0] }, // "b"
    { bucket_id: 'route:2:dynamo', start: 'Yg==', values: [0, 7] },
    { bucket_id: 'route:9', start: '/w==', values: [9, 9] }, // 0xff
  ] });

  test('key order: raw start bytes, null first, ties by bucket_id', () => {
    expect(ids(mergeMatrices([a]).matrix.rows)).toEqual(['route:1', 'route:2:dynamo', 'route:2:redis', 'route:3', 'route:9']);
  });

  test('first-seen order is kept when key order is off or in compat', () => {
    const order = ['route:3', 'route:1', 'route:2:redis', 'route:2:dynamo', 'route:9'];
    expect(ids(mergeMatrices([a], { keyOrder: false }).matrix.rows)).toEqual(order);
    expect(ids(mergeMatrices([a], { compat: true }).matrix.rows)).toEqual(order);
  });

  test('a row budget keeps the N most active merged rows (ties by bucket_id), in key order', () => {
    const b = m('b', { column_unix_ms: [1000, 2000], rows: [{ bucket_id: 'route:3', start: 'Yw==', values: [40, 40] }] });
    expect(ids(mergeMatrices([a, b], { rows: 2 }).matrix.rows)).toEqual(['route:1', 'route:3']);
    expect(ids(mergeMatrices([a], { rows: 3 }).matrix.rows)).toEqual(['route:1', 'route:2:dynamo', 'route:9']);
  });
});

describe('coverage', () => {
  test('which inputs had each row and column; short arrays give explicit cells', () => {
    const a = m('a.json', { column_unix_ms: [1000, 2000, 3000], rows: [
      { bucket_id: 'route:1', values: [1, 1, 1] }, { bucket_id: 'route:2', values: [4, 0, 0] }] });
    // No node sends a short row (the parser refuses one), but the merge still takes one safely.
    a.rows[1]!.values = a.rows[1]!.values.subarray(0, 1);
    const b = m('b.json', { column_unix_ms: [2000, 3000], rows: [{ bucket_id: 'route:1', values: [2, 2] }] });
    const r = mergeMatrices([a, b], { align: false });
    const c = r.coverage!;
    expect(c.sources).toEqual(['a.json', 'b.json']);
    expect(c.full).toBe(3);
    expect([...c.columns]).toEqual([1, 3, 3]);
    expect([...c.rows]).toEqual([3, 1]);
    expect(c.cells[0]).toBeNull();
    expect([...c.cells[1]!]).toEqual([1, 0, 0]);
    const kinds = r.warnings.map((w) => [w.kind, w.inputs]);
    expect(kinds).toContainEqual(['missing_rows', [1]]);
    expect(kinds).toContainEqual(['missing_columns', [1]]);
    expect(r.warnings.find((w) => w.kind === 'missing_rows')!.message).toMatch(/^b\.json: 1 of 2 merged rows absent \(route:2\)/);
  });

  test('full coverage gives no warnings', () => {
    const a = m('a', { column_unix_ms: [1], rows: [{ bucket_id: 'route:1', values: [1] }] });
    const r = mergeMatrices([a, { ...a, source: 'b' }]);
    expect(r.warnings).toEqual([]);
    expect([...r.coverage!.rows]).toEqual([3]);
  });
});

describe('catalog divergence', () => {
  test('inputs that disagree on a bucket\'s range or label are named in a warning', () => {
    const a = m('n1.json', { column_unix_ms: [1], rows: [{ bucket_id: 'route:7', start: 'YQ==', end: 'bQ==', values: [1] }] });
    const b = m('n2.json', { column_unix_ms: [1], rows: [{ bucket_id: 'route:7', start: 'YQ==', end: 'bQ==', values: [1] }] });
    const c = m('n3.json', { column_unix_ms: [1], rows: [{ bucket_id: 'route:7', start: 'YQ==', end: 'Zw==', values: [1] }] });
    const w = mergeMatrices([a, b, c]).warnings.filter((x) => x.kind === 'catalog_divergence');
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ bucketId: 'route:7', inputs: [0, 2] });
    expect(w[0]!.message).toBe('route:7: the inputs disagree on its key range: n1.json says [YQ==, bQ==); n3.json says [YQ==, Zw==). '
      + 'The merge keeps n1.json\'s (first seen), as elastickv does.');
    expect(mergeMatrices([a, c], { catalog: false }).warnings.filter((x) => x.kind === 'catalog_divergence')).toEqual([]);
  });
});

describe('series', () => {
  test('inputs of different series, or another series than asked, are refused naming the input', () => {
    const r = m('r.json', { column_unix_ms: [1], rows: [] });
    const w = parseNodeMatrix({ column_unix_ms: [1], rows: [], series: 'writes' }, 'w.json').matrix;
    expect(() => mergeMatrices([r, w])).toThrow("w.json: its series is writes, but r.json's is reads");
    expect(() => mergeMatrices([r], { series: 'writes' })).toThrow('r.json: its series is reads, but writes was asked for');
  });
});
