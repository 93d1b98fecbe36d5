// The shaped view's write rule: what different nodes counted in one aligned slot is added, so
// alignment never changes a row's total; leadership changes are marked, not called conflicts.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { buildKeyspace } from '../../../../src/demo-cluster/keyspace';
import { writeLocalMatrix } from '../../../../src/demo-cluster/matrix';
import { FLIP_BLOCK, TrafficModel } from '../../../../src/demo-cluster/traffic';
import { cellDetail, mergeMatrices, type NodeMatrix, parseNodeMatrix } from '../../../../src/main/core/merge';
import { WriteCell } from '../../../../src/main/core/merge/write-cell';

const STEP = 1000;
const node = (source: string, cols: number[], rows: object[]): NodeMatrix =>
  parseNodeMatrix({ column_unix_ms: cols, series: 'writes', rows }, source).matrix;
const totals = (m: { rows: Array<{ bucketId: string; values: ArrayLike<number> }> }) =>
  new Map(m.rows.map((r) => [r.bucketId, Array.from(r.values).reduce((a, b) => a + b, 0)]));

/**
 * Writes of random routes under random leadership: each group's leader changes now and then;
 * at a change both leaders count writes in that column, and either one's term label may lag
 * or lead (the term publisher runs on its own timer). Nodes flush at their own offsets, which
 * may coincide (then elastickv's exact-timestamp rule applies, in both views).
 */
const cluster = fc.record({
  nodes: fc.integer({ min: 2, max: 4 }),
  groups: fc.integer({ min: 1, max: 3 }),
  routes: fc.integer({ min: 1, max: 4 }),
  columns: fc.integer({ min: 2, max: 16 }),
  seed: fc.integer(),
  legacy: fc.boolean(),
}).chain((c) => fc.record({
  c: fc.constant(c),
  offsets: fc.array(fc.integer({ min: 0, max: 400 }), { minLength: c.nodes, maxLength: c.nodes }),
  routeGroup: fc.array(fc.integer({ min: 1, max: c.groups }), { minLength: c.routes, maxLength: c.routes }),
  // per group, per column: the leader (a node), and per column a flip flag and lag choices
  leaders: fc.array(fc.array(fc.integer({ min: 0, max: c.nodes - 1 }), { minLength: c.columns, maxLength: c.columns }), { minLength: c.groups, maxLength: c.groups }),
  lag: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: c.columns * c.groups, maxLength: c.columns * c.groups }),
  counts: fc.array(fc.integer({ min: 0, max: 50 }), { minLength: c.columns * c.routes * 2, maxLength: c.columns * c.routes * 2 }),
}));

type Cluster = typeof cluster extends fc.Arbitrary<infer T> ? T : never;

function build(x: Cluster): NodeMatrix[] {
  const { c } = x;
  const values = Array.from({ length: c.nodes }, () => Array.from({ length: c.routes }, () => new Array<number>(c.columns).fill(0)));
  const groups = values.map((r) => r.map((v) => v.map(() => 0)));
  const terms = values.map((r) => r.map((v) => v.map(() => 0)));
  for (let g = 0; g < c.groups; g++) {
    let term = 1;
    for (let j = 0; j < c.columns; j++) {
      const lead = x.leaders[g]![j]!;
      const before = j > 0 ? x.leaders[g]![j - 1]! : lead;
      const flip = lead !== before;
      if (flip) term++;
      const lag = x.lag[g * c.columns + j]!;
      for (let r = 0; r < c.routes; r++) {
        if (x.routeGroup[r] !== g + 1) continue;
        const a = x.counts[(j * c.routes + r) * 2]!;
        const b = x.counts[(j * c.routes + r) * 2 + 1]!;
        const put = (n: number, v: number, t: number) => {
          values[n]![r]![j]! += v;
          if (v > 0) { groups[n]![r]![j] = g + 1; terms[n]![r]![j] = t; }
        };
        if (flip) {
          // The old leader before the hand-over, the new one after; one label may be off by one term.
          put(before, a, lag === 2 ? term : term - 1);
          put(lead, b, lag === 1 ? term - 1 : term);
        } else {
          put(lead, a + b, term);
        }
      }
    }
  }
  return values.map((rows, n) => node(`n${n}`, Array.from({ length: c.columns }, (_, j) => 10_000 + j * STEP + x.offsets[n]!),
    rows.map((v, r) => ({
      bucket_id: `route:${r + 1}`, values: v,
      ...(c.legacy && n === 0 ? {} : { raft_group_ids: groups[n]![r], leader_terms: terms[n]![r] }),
    })).filter((row) => row.values.some((v) => v > 0))));
}

interface Contribution { v: number; g: number; t: number; ts: number; node: number }

/**
 * The slot rule restated cell by cell, for every cell (the merge takes shortcuts: cells with no or
 * one contribution, grouping without allocating): elastickv's rule within each flush time (its
 * WriteCell), the results added per (group, term); the largest first-seen key names the cell.
 */
function referenceSlot(cs: readonly Contribution[]): { value: number; group: number; term: number; conflict: boolean; handover: boolean } {
  const times = new Map<number, Contribution[]>();
  for (const c of cs) (times.get(c.ts) ?? times.set(c.ts, []).get(c.ts)!).push(c);
  const keys: Array<{ g: number; t: number; v: number }> = [];
  const addKey = (g: number, t: number, v: number): void => {
    const k = keys.find((x) => x.g === g && x.t === t);
    if (k) k.v += v; else keys.push({ g, t, v });
  };
  let value = 0;
  let conflict = false;
  for (const members of times.values()) {
    const w = new WriteCell(members.length);
    for (const m of members) w.add(m.v, m.g, m.t);
    if (w.unknown) { value += w.fbMax; addKey(w.lastGroup, w.lastTerm, w.fbMax); conflict ||= w.fbDistinct; continue; }
    for (let k = 0; k < w.keys.size; k++) { value += w.keys.value[k]!; addKey(w.keys.group[k]!, w.keys.term[k]!, w.keys.value[k]!); }
    conflict ||= w.termConflict;
  }
  let best: { g: number; t: number; v: number } | undefined;
  for (const k of keys) if (!best || k.v > best.v) best = k;
  const handover = !conflict && cs.length > 1 && cs.some((a, i) => a.g !== 0 && cs.some((b, j) => j > i && b.g === a.g && b.node !== a.node
    && (b.ts !== a.ts || b.t !== a.t)));
  return { value, group: best?.g ?? 0, term: best?.t ?? 0, conflict, handover };
}

/** Random nodes (up to 12: past the merge's small-cell limit) flushing at few offsets, with few groups and terms, some legacy. */
const crowd = fc.record({
  nodes: fc.integer({ min: 2, max: 12 }), // one input passes through as sent
  columns: fc.integer({ min: 1, max: 6 }),
  seed: fc.integer(),
}).chain((c) => fc.record({
  c: fc.constant(c),
  offsets: fc.array(fc.constantFrom(0, 0, 5, 300), { minLength: c.nodes, maxLength: c.nodes }),
  legacy: fc.array(fc.boolean(), { minLength: c.nodes, maxLength: c.nodes }),
  cells: fc.array(fc.record({ v: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 9 })), g: fc.integer({ min: 0, max: 2 }), t: fc.integer({ min: 0, max: 2 }) }),
    { minLength: c.nodes * c.columns * 3, maxLength: c.nodes * c.columns * 3 }),
}));

describe('shaped write merge', () => {
  test('property: for random traffic, leadership changes and term lag, shaped row totals equal elastickv\'s', () => {
    fc.assert(fc.property(cluster, (x) => {
      const inputs = build(x);
      const shaped = mergeMatrices(inputs);
      const compat = mergeMatrices(inputs, { compat: true });
      expect(totals(shaped.matrix)).toEqual(totals(compat.matrix));
      // Nodes flushing at distinct times: every write counted once, on one node, is in the view.
      if (new Set(x.offsets).size === x.offsets.length) {
        const truth = new Map<string, number>();
        for (const m of inputs) for (const [id, t] of totals(m)) truth.set(id, (truth.get(id) ?? 0) + t);
        expect(totals(shaped.matrix)).toEqual(truth);
        expect(shaped.matrix.rows.filter((r) => r.conflicts)).toEqual([]);
      }
    }), { numRuns: 500 });
  });

  test('property: every cell equals the slot rule applied to its contributions (the shortcuts change nothing)', () => {
    fc.assert(fc.property(crowd, (x) => {
      const { c } = x;
      const inputs = Array.from({ length: c.nodes }, (_, n) => node(`n${n}`, Array.from({ length: c.columns }, (_, j) => 10_000 + j * STEP + x.offsets[n]!),
        [0, 1, 2].map((r) => {
          const cells = x.cells.slice((n * 3 + r) * c.columns, (n * 3 + r + 1) * c.columns);
          return { bucket_id: `route:${r + 1}`, values: cells.map((e) => e.v),
            ...(x.legacy[n] ? {} : { raft_group_ids: cells.map((e) => e.g), leader_terms: cells.map((e) => e.t) }) };
        })));
      const r = mergeMatrices(inputs);
      const m = r.matrix;
      for (const row of m.rows) {
        for (let j = 0; j < m.columns.length; j++) {
          const cs: Contribution[] = [];
          r.inputs.forEach((inp, k) => {
            const i = inp.columns.indexOf(m.columns[j]!);
            const src = inp.rows.find((q) => q.bucketId === row.bucketId);
            if (i < 0 || !src || src.values[i] === 0) return;
            cs.push({ v: src.values[i]!, g: src.groups?.[i] ?? 0, t: src.terms?.[i] ?? 0, ts: (inp.exactColumns ?? inp.columns)[i]!, node: k });
          });
          const want = referenceSlot(cs);
          expect({ value: row.values[j], group: row.groups![j], term: row.terms![j], conflict: row.conflicts?.[j] === 1, handover: row.handovers?.[j] === 1 },
            `${row.bucketId} column ${j}`).toEqual(want);
        }
      }
    }), { numRuns: 400 });
  });

  test('property: the simulated cluster, any seed, with its leadership changes and lagging term labels: shaped totals equal elastickv\'s', () => {
    const sim = fc.record({
      seed: fc.integer({ min: 1, max: 1_000_000 }),
      nodes: fc.integer({ min: 2, max: 5 }),
      stepMs: fc.constantFrom(1000, 2000, 60_000),
      jitterMs: fc.integer({ min: 0, max: 900 }),
      history: fc.integer({ min: 2, max: 2 * FLIP_BLOCK }),
      at: fc.integer({ min: 0, max: 10 * FLIP_BLOCK }),
      series: fc.constantFrom('writes' as const, 'write_bytes' as const, 'reads' as const),
    });
    let changes = 0;
    fc.assert(fc.property(sim, (o) => {
      const model = new TrafficModel(buildKeyspace({ seed: o.seed, routes: 16, groups: 4 }),
        { seed: o.seed, nodes: o.nodes, stepMs: o.stepMs, jitterMs: o.jitterMs, ringColumns: o.history });
      const now = Date.UTC(2026, 11, 1) + o.at * o.stepMs;
      const inputs = Array.from({ length: o.nodes }, (_, n) => parseNodeMatrix(
        JSON.parse(writeLocalMatrix(model, n, now, o.history, { series: o.series, rows: 1024, fromMs: 0, toMs: 0 }, new Date(now).toISOString()).toString()) as unknown, `n${n}`, n).matrix);
      const shaped = mergeMatrices(inputs);
      expect(totals(shaped.matrix)).toEqual(totals(mergeMatrices(inputs, { compat: true }).matrix));
      changes += shaped.events.length;
    }), { numRuns: 60 });
    expect(changes).toBeGreaterThan(0); // the runs did meet leadership changes
  });

  test('the recording\'s case: old and new leader in one slot under one term are added and marked, not a conflict', () => {
    const n1 = node('n1', [1774, 3774], [{ bucket_id: 'route:1', values: [30, 10], raft_group_ids: [1, 1], leader_terms: [3, 4] }]);
    const n2 = node('n2', [1766, 3766], [{ bucket_id: 'route:1', values: [0, 12], raft_group_ids: [0, 1], leader_terms: [0, 4] }]);
    const r = mergeMatrices([n1, n2]);
    expect([...r.matrix.rows[0]!.values]).toEqual([30, 22]);
    expect(r.matrix.rows[0]!.conflicts).toBeNull();
    expect([...r.matrix.rows[0]!.handovers!]).toEqual([0, 1]);
    const d = cellDetail(r, 0, 1)!;
    expect(d.conflict).toBe(false);
    expect(d.leadershipChange).toMatchObject({ group: 1, from: { source: 'n1', value: 10 }, to: { source: 'n2', value: 12 } });
    expect(d.leadershipChange!.text).toMatch(/moved from n1 to n2 .* \(10 \+ 12\), both still labelled term 4/);
    // elastickv itself never meets it: its columns stay apart.
    expect(mergeMatrices([n1, n2], { compat: true }).matrix.columns.length).toBe(4);
    expect(r.events).toEqual([{ group: 1, column: 1, from: 0, to: 1, fromTerm: 3, toTerm: 4, cells: [{ bucketId: 'route:1', fromCount: 10, toCount: 12 }] }]);
  });

  test('events: the new leader\'s lagging label is one change, not a change and a re-election; A → B → A is two', () => {
    const cols = [1000, 2000, 3000, 4000, 5000, 6000];
    // n2 takes over at slot 2 still labelled term 3, then says 4; n1 takes it back at slot 4 in term 5.
    const n1 = node('n1', cols.map((c) => c + 7), [{ bucket_id: 'route:1', values: [5, 5, 3, 0, 2, 5],
      raft_group_ids: [1, 1, 1, 0, 1, 1], leader_terms: [3, 3, 3, 0, 5, 5] }]);
    const n2 = node('n2', cols.map((c) => c + 3), [{ bucket_id: 'route:1', values: [0, 0, 4, 6, 1, 0],
      raft_group_ids: [0, 0, 1, 1, 1, 0], leader_terms: [0, 0, 3, 4, 4, 0] }]);
    const r = mergeMatrices([n1, n2]);
    expect(r.events.map((e) => [e.column, e.from, e.to, e.fromTerm, e.toTerm])).toEqual([[2, 0, 1, 3, 4], [4, 1, 0, 4, 5]]);
    expect(r.events[0]!.cells).toEqual([{ bucketId: 'route:1', fromCount: 3, toCount: 4 }]);
    // The cell detail names them the same way round.
    expect(cellDetail(r, 0, 2)!.leadershipChange).toMatchObject({ from: { source: 'n1' }, to: { source: 'n2' } });
    expect(cellDetail(r, 0, 4)!.leadershipChange).toMatchObject({ from: { source: 'n2' }, to: { source: 'n1' } });
  });

  test('events: the old leader\'s last column already says the new term, the new leader starts a slot later: one change', () => {
    const n1 = node('n1', [1007, 2007, 3007, 4007], [{ bucket_id: 'route:1', values: [5, 5, 3, 0], raft_group_ids: [1, 1, 1, 0], leader_terms: [1, 1, 2, 0] }]);
    const n2 = node('n2', [1003, 2003, 3003, 4003], [{ bucket_id: 'route:1', values: [0, 0, 0, 6], raft_group_ids: [0, 0, 0, 1], leader_terms: [0, 0, 0, 2] }]);
    expect(mergeMatrices([n1, n2]).events.map((e) => [e.column, e.from, e.to, e.fromTerm, e.toTerm])).toEqual([[3, 0, 1, 1, 2]]);
    // A hand-over in the window's first slot is seen too.
    const a = node('a', [1007, 2007], [{ bucket_id: 'route:1', values: [4, 0], raft_group_ids: [1, 0], leader_terms: [1, 0] }]);
    const b = node('b', [1003, 2003], [{ bucket_id: 'route:1', values: [2, 6], raft_group_ids: [1, 1], leader_terms: [2, 2] }]);
    expect(mergeMatrices([a, b]).events.map((e) => [e.column, e.from, e.to])).toEqual([[0, 0, 1]]);
  });

  test('more than a handful of contributions in one slot: a hand-over is still found', () => {
    // a and b at one flush time and term (equal counts), a again at another layer: added, two nodes.
    const pad = Array.from({ length: 9 }, (_, i) => node(`p${i}`, [1000], [{ bucket_id: 'route:1', values: [1], raft_group_ids: [10 + i], leader_terms: [9] }]));
    const a = node('a', [1000, 1000], [{ bucket_id: 'route:1', values: [5, 7], raft_group_ids: [1, 1], leader_terms: [1, 2] }]);
    const b = node('b', [1000], [{ bucket_id: 'route:1', values: [5], raft_group_ids: [1], leader_terms: [1] }]);
    const r = mergeMatrices([a, b, ...pad]);
    expect(r.matrix.rows[0]!.handovers?.[0]).toBe(1);
    expect(totals(r.matrix)).toEqual(totals(mergeMatrices([a, b, ...pad], { compat: true }).matrix));
  });

  test('events: labels that cross (the old leader already says the new term, the new one still the old) still point old → new', () => {
    const n1 = node('n1', [1007, 2007, 3007], [{ bucket_id: 'route:1', values: [5, 3, 0], raft_group_ids: [1, 1, 0], leader_terms: [3, 4, 0] }]);
    const n2 = node('n2', [1003, 2003, 3003], [{ bucket_id: 'route:1', values: [0, 4, 6], raft_group_ids: [0, 1, 1], leader_terms: [0, 3, 4] }]);
    const r = mergeMatrices([n1, n2]);
    expect(r.events.map((e) => [e.column, e.from, e.to])).toEqual([[1, 0, 1]]);
    expect(cellDetail(r, 0, 1)!.leadershipChange).toMatchObject({ from: { source: 'n1', value: 3 }, to: { source: 'n2', value: 4 } });
  });

  test('what really disagrees stays a conflict: two nodes, one flush time, one (group, term), different counts', () => {
    const a = node('a', [1000, 2000], [{ bucket_id: 'route:1', values: [5, 9], raft_group_ids: [1, 1], leader_terms: [2, 2] }]);
    const b = node('b', [1000, 2300], [{ bucket_id: 'route:1', values: [7, 1], raft_group_ids: [1, 1], leader_terms: [2, 2] }]);
    const r = mergeMatrices([a, b]);
    expect([...r.matrix.rows[0]!.values]).toEqual([7, 10]);
    expect([...r.matrix.rows[0]!.conflicts!]).toEqual([1, 0]);
    expect(cellDetail(r, 0, 0)!.explanation).toMatch(/under one leader term/);
    // Not also a leadership change: the counts were not added.
    expect(r.matrix.rows[0]!.handovers?.[0] ?? 0).toBe(0);
    expect(cellDetail(r, 0, 0)!.leadershipChange).toBeNull();
  });

  test('an exact timestamp is never split over two slots, whatever the inputs\' order', () => {
    const x = node('x', [500, 1000], [{ bucket_id: 'route:1', values: [1, 2], raft_group_ids: [1, 1], leader_terms: [1, 1] }]);
    const y = node('y', [1000], [{ bucket_id: 'route:1', values: [3], raft_group_ids: [1], leader_terms: [1] }]);
    for (const order of [[x, y], [y, x]]) {
      const shaped = mergeMatrices(order);
      expect(totals(shaped.matrix)).toEqual(totals(mergeMatrices(order, { compat: true }).matrix));
    }
  });

  // Bounded work, not only bounded bytes: answers of a few hundred KB that would make a per-cell
  // pairwise scan or a dense per-group table blow up (they finish here in well under the test
  // timeout; quadratic code would take hours).
  test('hostile: one node repeating one timestamp 20 000 times, each under its own group and term', () => {
    const K = 20_000;
    const cols = new Array<number>(K).fill(1000);
    const ids = Array.from({ length: K }, (_, i) => i + 1);
    const wire = { bucket_id: 'route:1', values: new Array<number>(K).fill(1), raft_group_ids: ids, leader_terms: ids };
    // The parser refuses it (one time at most MAX_SAME_TIMESTAMP times); the merge alone still copes.
    expect(() => node('odd', cols, [wire])).toThrow('appears more than 8 times');
    const odd: NodeMatrix = { ...node('odd', [1000], [{ bucket_id: 'route:1', values: [1] }]), columns: Float64Array.from(cols) };
    odd.rows[0] = { ...odd.rows[0]!, values: Uint32Array.from(wire.values), groups: Uint32Array.from(ids), terms: Uint32Array.from(ids) };
    const other = node('other', [1003], [{ bucket_id: 'route:1', values: [5], raft_group_ids: [1], leader_terms: [1] }]);
    const shaped = mergeMatrices([odd, other]);
    expect(totals(shaped.matrix)).toEqual(totals(mergeMatrices([odd, other], { compat: true }).matrix));
    expect(totals(shaped.matrix).get('route:1')).toBe(K + 5);
  });

  test('hostile: 100 000 distinct Raft groups across one answer', () => {
    const W = 100;
    const rows = Array.from({ length: 1000 }, (_, r) => ({ bucket_id: `route:${r + 1}`, values: new Array<number>(W).fill(1),
      raft_group_ids: Array.from({ length: W }, (_, j) => r * W + j + 1), leader_terms: new Array<number>(W).fill(1) }));
    const cols = Array.from({ length: W }, (_, j) => 1000 * (j + 1));
    const a = node('a', cols, rows);
    const b = node('b', cols.map((c) => c + 5), rows.slice(0, 10));
    const r = mergeMatrices([a, b]);
    expect(r.activity![0]!.size).toBe(100_000);
    expect(r.events.length).toBeLessThanOrEqual(1000);
  });
});
