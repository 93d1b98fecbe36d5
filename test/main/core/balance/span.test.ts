// The balance and "served by" over a part of the window (the heatmap's zoom): whole time slots,
// checked on a real cluster's answers against sums taken straight from the nodes' JSON. The nodes
// flush on their own milliseconds (…766, …774, …776): a span of slot times must keep each node's
// flush of every slot in it, and none of the slot after.
import { describe, expect, test } from 'vitest';
import { type BalanceInput, columnsInSpan, computeBalance, moveImbalance, servedBy, withinSpan } from '../../../../src/main/core/balance';
import { identityFromClusterInfo } from '../../../../src/main/core/fanout/identity';
import { parseNodeMatrixText } from '../../../../src/main/core/merge';
import type { NodeMatrix } from '../../../../src/main/core/merge/types';
import { clusterInfoSchema } from '../../../../src/shared/elastickv/wire';
import { readText } from '../../../helpers/recordings';

const SET = 'real-3n-9routes';
const NODES = ['n1', 'n2', 'n3'] as const;

interface RawRow { bucket_id: string; values: number[] }
const raw = (n: string): { rows: RawRow[]; column_unix_ms: number[] } => JSON.parse(readText(SET, 'nodes', `${n}-writes.json`));

function inputs(): BalanceInput[] {
  return NODES.map((n) => ({
    node: n,
    matrix: parseNodeMatrixText(readText(SET, 'nodes', `${n}-writes.json`), n).matrix,
    identity: identityFromClusterInfo(n, clusterInfoSchema.parse(JSON.parse(readText(SET, 'nodes', `${n}-cluster.json`)))),
  }));
}

/** Slot j's time: the earliest node's flush of it (the merge's column). */
const slotTime = (j: number): number => Math.min(...NODES.map((n) => raw(n).column_unix_ms[j]!));
/** Straight from the JSON: what node n counted in its columns j0..j1-1, of the rows `keep` accepts. */
function sumOf(n: string, j0: number, j1: number, keep: (r: RawRow) => boolean = () => true): number {
  return raw(n).rows.filter(keep).reduce((a, r) => a + r.values.slice(j0, j1).reduce((x, y) => x + y, 0), 0);
}

describe('a span of the window (the zoom)', () => {
  const J0 = 20;
  const J1 = 61;
  const span = { fromMs: slotTime(J0), toMs: slotTime(J1) };

  test('the slot times of the span are a whole number of slots: each node\'s own flush of slot J0 lies after its time, J1\'s too', () => {
    // Not a tautology: the span's ends are the earliest flush; the later nodes' flushes must still fall inside.
    expect(new Set(NODES.map((n) => raw(n).column_unix_ms[J0]! - span.fromMs)).size).toBeGreaterThan(1);
    for (const n of NODES) {
      const at = columnsInSpan(raw(n).column_unix_ms, span)!;
      expect([...at]).toEqual(Array.from({ length: J1 - J0 }, (_, i) => J0 + i));
    }
  });

  test('each node\'s total over the span is the sum of its own columns J0..J1-1; the windows are those slots; the what-if is worked on them', () => {
    const b = computeBalance(inputs(), { span });
    expect(b.span).toEqual(span);
    const totals = NODES.map((n) => sumOf(n, J0, J1));
    expect(b.nodes.map((n) => n.total)).toEqual(totals);
    expect(b.total).toBe(totals.reduce((a, t) => a + t, 0));
    expect(b.nodes.reduce((a, n) => a + n.share, 0)).toBeCloseTo(1, 12);
    expect(b.windows.map((w) => w.columnMs)).toEqual(Array.from({ length: J1 - J0 }, (_, i) => slotTime(J0 + i)));
    const busiest = totals.indexOf(Math.max(...totals));
    expect(b.busiest).toBe(busiest);
    expect(b.imbalance).toBe((totals[busiest]! * 3) / b.total);
    // The span's figures differ from the whole window's (else this test would not tell them apart).
    expect(b.nodes.map((n) => n.total)).not.toEqual(computeBalance(inputs()).nodes.map((n) => n.total));
    for (const m of b.whatIf) {
      const moved = b.nodes[m.from]!.groups.find((g) => g.groupId === m.groupId)!.total;
      expect(m.moved).toBe(moved);
      expect(m.imbalanceAfter).toBe(moveImbalance(totals, m.from, m.to, moved));
    }
  });

  test('a span to the end (toMs null) keeps the last slot; a span over everything is the whole window, untouched', () => {
    const last = raw('n1').column_unix_ms.length;
    const tail = computeBalance(inputs(), { span: { fromMs: slotTime(last - 5), toMs: null } });
    expect(tail.nodes.map((n) => n.total)).toEqual(NODES.map((n) => sumOf(n, last - 5, last)));
    const m = inputs()[0]!.matrix;
    expect(withinSpan(m, { fromMs: 0, toMs: null })).toBe(m);
    expect(computeBalance(inputs(), { span: { fromMs: 0, toMs: null } }).nodes.map((n) => n.total))
      .toEqual(computeBalance(inputs()).nodes.map((n) => n.total));
  });

  test('a span of one slot pairs the nodes\' columns by the whole window\'s step: one window, every node in it', () => {
    const one = { fromMs: slotTime(J0), toMs: slotTime(J0 + 1) };
    const b = computeBalance(inputs(), { span: one });
    expect(b.stepMs).toBe(2000);
    expect(b.windows).toHaveLength(1);
    expect(b.windows[0]!.totals).toEqual(NODES.map((n) => sumOf(n, J0, J0 + 1)));
    expect(b.nodes.map((n) => n.total)).toEqual(NODES.map((n) => sumOf(n, J0, J0 + 1)));
  });

  test('twins are told apart on the whole answers, never on the span: answers that differ only outside it are both counted', () => {
    const base = inputs()[0]!;
    const later = { ...base.matrix, rows: base.matrix.rows.map((r) => ({ ...r, values: Uint32Array.from(r.values, (v, j) => (j === r.values.length - 1 ? v + 1 : v)) })) };
    const twins = [base, { ...base, node: 'n1-again', matrix: later }];
    const b = computeBalance(twins, { span });
    expect(b.leftOut).toEqual([]);
    expect(b.nodes).toHaveLength(2);
    expect(b.notes.join('\n')).toMatch(/both say they are node n1, but answered differently/);
    // The same answer twice is one node, zoomed or not.
    expect(computeBalance([base, { ...base, node: 'n1-again' }], { span }).leftOut).toEqual([{ node: 'n1-again', duplicateOf: 'n1' }]);
  });

  test('served by: one bucket over the span is each node\'s own count of it there; a node without the bucket served none of it', () => {
    const bucket = 'route:3:redis#0'; // on n1 and n3, not on n2
    const s = servedBy(inputs(), new Set([bucket]), span);
    const want = NODES.map((n) => sumOf(n, J0, J1, (r) => r.bucket_id === bucket));
    expect(want[1]).toBe(0);
    expect(want[0]! + want[2]!).toBeGreaterThan(0);
    expect(s.nodes.map((n) => [n.node, n.nodeId, n.total])).toEqual(NODES.map((n, k) => [n, n, want[k]]));
    expect(s.total).toBe(want.reduce((a, t) => a + t, 0));
    expect(s.nodes.map((n) => n.share)).toEqual(want.map((t) => t / s.total));
  });

  test('served by: several buckets over the whole window add up to the nodes\' totals when they are every bucket', () => {
    const every = new Set(NODES.flatMap((n) => raw(n).rows.map((r) => r.bucket_id)));
    const s = servedBy(inputs(), every, null);
    expect(s.nodes.map((n) => n.total)).toEqual(computeBalance(inputs()).nodes.map((n) => n.total));
    expect(servedBy(inputs(), new Set(['no-such-bucket']), null)).toMatchObject({ total: 0 });
  });
});

describe('withinSpan on what a node may send', () => {
  const row = (values: number[]): NodeMatrix['rows'][number] => ({ bucketId: 'b', label: '', start: null, end: null, aggregate: false, routeIds: null,
    routeIdsTruncated: false, routeCount: 1, values: Uint32Array.from(values), groups: Uint32Array.from(values.map(() => 7)), terms: null });
  const m = (columns: number[], values: number[]): NodeMatrix => ({ source: 'x', series: 'writes', generatedAt: null, columns: Float64Array.from(columns), rows: [row(values)] });

  test('unsorted columns are picked by time, not sliced', () => {
    const cut = withinSpan(m([30, 10, 20, 40], [3, 1, 2, 4]), { fromMs: 15, toMs: 35 });
    expect([...cut.columns]).toEqual([30, 20]);
    expect([...cut.rows[0]!.values]).toEqual([3, 2]);
    expect([...cut.rows[0]!.groups!]).toEqual([7, 7]);
  });

  test('a values array shorter than the columns stays short (missing cells stay missing)', () => {
    const cut = withinSpan(m([10, 20, 30, 40], [1, 2]), { fromMs: 15, toMs: null });
    expect([...cut.columns]).toEqual([20, 30, 40]);
    expect([...cut.rows[0]!.values]).toEqual([2]);
    expect(servedBy([{ node: 'x', matrix: m([10, 20, 30, 40], [1, 2]) }], new Set(['b']), { fromMs: 15, toMs: null }).total).toBe(2);
  });
});
