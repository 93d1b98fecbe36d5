// B − A on the merge's time slots: a merged column carries its earliest node's flush time, so the
// same minute has different milliseconds on two sides when that node is missing from one of them.
// The difference pairs them by slot (half a step, the merge's own alignment), never by millisecond.
import { describe, expect, test } from 'vitest';
import { diffCellDetail, diffMatrices, type MergedMatrix, mergeMatrices, parseNodeMatrix } from '../../../../src/main/core/merge';

const STEP = 60_000;
const T0 = Date.UTC(2026, 10, 24, 12, 0, 0);
/** Each node's ticker phase: node 0 flushes first, node 2 last (as the Demo's nodes do). */
const PHASE = [40, 310, 575];
const LABELS = { a: 'snapshot (s.kvsnap, 12:09:00)', b: 'live (12:11:00)' };

/** Reads of bucket `b` counted by node `n` in column `k`: steady traffic, the same whenever asked. */
const reads = (n: number, b: number, k: number): number => 100 * (n + 1) + 10 * b + k;
const at = (n: number, k: number, drift = 0): number => T0 + k * STEP + PHASE[n]! + drift;
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Node `n`'s answer for columns `ks` and buckets `buckets`. */
function node(n: number, ks: number[], buckets = [1, 2, 3], drift = 0) {
  return parseNodeMatrix({
    column_unix_ms: ks.map((k) => at(n, k, drift)), series: 'reads',
    rows: buckets.map((b) => ({ bucket_id: `route:${b}`, start: Buffer.from(`k${b}`).toString('base64'), end: null, values: ks.map((k) => reads(n, b, k)) })),
  }, `n${n}`).matrix;
}

/** The cluster view a round merges, from the nodes that answered. */
const merged = (...inputs: ReturnType<typeof node>[]): MergedMatrix => mergeMatrices(inputs, { series: 'reads' }).matrix;

const value = (m: MergedMatrix, bucket: string, col: number): number => m.rows.find((r) => r.bucketId === bucket)!.values[col]!;

describe('diffMatrices on slots', () => {
  test('the first node to flush was down for A: every minute still pairs up, B − A is what it counted', () => {
    const a = merged(node(1, range(0, 9)), node(2, range(0, 9))); // node 0 down
    const b = merged(node(0, range(2, 11)), node(1, range(2, 11)), node(2, range(2, 11))); // two steps later, all up
    // The two sides' columns for one minute differ by node 1's phase: no millisecond in common.
    expect(a.columns[2]).toBe(at(1, 2));
    expect(b.columns[0]).toBe(at(0, 2));
    expect([...a.columns].filter((c) => b.columns.includes(c))).toEqual([]);

    const d = diffMatrices(a, b, LABELS);
    // The union of the slots (10 + 2 new), not the sum (20).
    expect(d.matrix.columns.length).toBe(12);
    expect([...d.matrix.columns]).toEqual([at(1, 0), at(1, 1), ...range(2, 11).map((k) => at(0, k))]);
    expect([...d.colA]).toEqual([...range(0, 9), -1, -1]);
    expect([...d.colB]).toEqual([-1, -1, ...range(0, 9)]);
    for (const r of d.matrix.rows) {
      const bucket = Number(r.bucketId.slice('route:'.length));
      // Only A's minutes: 0 − A; only B's: B − 0; both: what the node missing from A counted.
      expect([...r.values]).toEqual(range(0, 11).map((k) => {
        const sideA = k <= 9 ? reads(1, bucket, k) + reads(2, bucket, k) : 0;
        const sideB = k >= 2 ? reads(0, bucket, k) + reads(1, bucket, k) + reads(2, bucket, k) : 0;
        return sideB - sideA;
      }));
    }
  });

  test('a pinned overlapping cell has both values, of that slot; a slot one side lacks says so', () => {
    const a = merged(node(1, range(0, 9)), node(2, range(0, 9)));
    const b = merged(node(0, range(2, 11)), node(1, range(2, 11)), node(2, range(2, 11)));
    const d = diffMatrices(a, b, LABELS);
    const row = d.matrix.rows.findIndex((r) => r.bucketId === 'route:2');
    const both = diffCellDetail(d, row, 5)!;
    expect(both).toMatchObject({ bucketId: 'route:2', columnMs: at(0, 5), windowStartMs: at(0, 4) }); // the slot's flush closes the window since the one before
    expect(both.nodes.map((n) => [n.source, n.present, n.value])).toEqual([
      [`A · ${LABELS.a}`, true, value(a, 'route:2', 5)],
      [`B · ${LABELS.b}`, true, value(b, 'route:2', 3)],
    ]);
    expect(both.value).toBe(value(b, 'route:2', 3) - value(a, 'route:2', 5));
    expect(diffCellDetail(d, row, 11)!.nodes.map((n) => n.present)).toEqual([false, true]);
    expect(diffCellDetail(d, row, 0)!.nodes.map((n) => n.present)).toEqual([true, false]);
  });

  test('the same nodes asked again, each flush a few ms off: zero wherever both sides have the minute', () => {
    const a = merged(node(0, range(0, 9)), node(1, range(0, 9)), node(2, range(0, 9)));
    const b = merged(node(0, range(1, 10), [1, 2, 3], 7), node(1, range(1, 10), [1, 2, 3], -3), node(2, range(1, 10), [1, 2, 3], 5));
    const d = diffMatrices(a, b, LABELS);
    expect(d.matrix.columns.length).toBe(11);
    for (const r of d.matrix.rows) expect([...r.values.subarray(1, 10)]).toEqual(new Array(9).fill(0));
  });

  test('rows pair up by bucket_id, in key order; a route only one side has is its own row', () => {
    const a = merged(node(0, range(0, 3), [1, 3]), node(1, range(0, 3), [1, 3]));
    const b = merged(node(1, range(0, 3), [1, 2, 3]), node(2, range(0, 3), [1, 2, 3]));
    const d = diffMatrices(a, b, LABELS);
    expect(d.matrix.rows.map((r) => r.bucketId)).toEqual(['route:1', 'route:2', 'route:3']);
    expect(d.matrix.columns.length).toBe(4);
    expect([...d.rowA]).toEqual([0, -1, 1]);
    expect([...d.matrix.rows[1]!.values]).toEqual(range(0, 3).map((k) => reads(1, 2, k) + reads(2, 2, k)));
  });

  test('half a step is the tolerance: closer pairs up, half a step or more is a slot of its own', () => {
    const one = (cols: number[]): MergedMatrix => merged(parseNodeMatrix({ column_unix_ms: cols, series: 'reads',
      rows: [{ bucket_id: 'route:1', values: cols.map(() => 5) }] }, 'x').matrix);
    const a = one([T0, T0 + STEP, T0 + 2 * STEP]);
    const near = diffMatrices(a, one([T0 + STEP / 2 - 1, T0 + 1.5 * STEP - 1, T0 + 2.5 * STEP - 1]), LABELS);
    expect([...near.matrix.columns]).toEqual([T0, T0 + STEP, T0 + 2 * STEP]);
    expect([...near.matrix.rows[0]!.values]).toEqual([0, 0, 0]);
    const far = diffMatrices(a, one([T0 + STEP / 2, T0 + 1.5 * STEP, T0 + 2.5 * STEP]), LABELS);
    expect(far.matrix.columns.length).toBe(6);
    expect([...far.matrix.rows[0]!.values]).toEqual([-5, 5, -5, 5, -5, 5]);
  });

  test('neither side\'s conflicts nor leadership changes are carried into B − A (they sit at that side\'s own columns)', () => {
    const a = merged(node(0, range(0, 3)));
    const b = merged(node(0, range(2, 5)));
    b.rows[0] = { ...b.rows[0]!, handovers: Uint8Array.from([0, 1, 0, 0]), conflicts: Uint8Array.from([1, 0, 0, 0]) };
    const d = diffMatrices(a, b, LABELS);
    expect(d.matrix.rows.map((r) => [r.handovers ?? null, r.conflicts, r.groups, r.terms])).toEqual(d.matrix.rows.map(() => [null, null, null, null]));
  });

  test('views of two series are refused', () => {
    const writes = mergeMatrices([parseNodeMatrix({ column_unix_ms: [T0], series: 'writes', rows: [] }, 'w').matrix]).matrix;
    expect(() => diffMatrices(writes, merged(node(0, [0])), LABELS)).toThrow(/shows writes and .* shows reads: compare views of one series/);
  });
});
