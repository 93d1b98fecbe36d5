// The matrix answer written from the ring of typed columns is the answer the node sent before
// (issue 19): byte for byte against digests recorded from the old builder, against that builder
// itself over random clusters and clocks, and as a live node serves it.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DemoClusterConfigError, DEMO_ACCESS_KEY, DEMO_SECRET_KEY, startDemoCluster } from '../../src/demo-cluster';
import { JsonBytes } from '../../src/demo-cluster/json-bytes';
import { writeLocalMatrix } from '../../src/demo-cluster/matrix';
import { COUNT_TEXT_MAX_CELLS, renderedCounts } from '../../src/demo-cluster/rendered-counts';
import type { ColumnTotals } from '../../src/demo-cluster/traffic';
import { rfc3339 } from '../../src/shared/time';
import { SERIES } from '../../src/shared/elastickv/wire';
import { PEER_HEADER } from '../../src/shared/elastickv/admin-api';
import { cookieHeader, http, login } from '../helpers/http';
import { answerCases, CONFIGS, modelFor, referenceAnswer } from './matrix-reference';

const digest = (body: string | Buffer): string => createHash('sha256').update(body).digest('hex').slice(0, 16);

describe('writeLocalMatrix', () => {
  // A ring keeps its counts as text up to a size (RenderedCounts); past it answers format them: both ways give the same bytes.
  test.each([['counts kept as text', COUNT_TEXT_MAX_CELLS], ['counts formatted by each answer (a ring past the size)', 0]])(
    'every recorded case (5 clusters × 3 clocks × 6 windows × 4 series × 3 row budgets) has the recorded bytes: %s', (_, maxCells) => {
    const want = JSON.parse(readFileSync(new URL('./matrix-answer.digests.json', import.meta.url), 'utf8')) as Record<string, string>;
    const models = CONFIGS.map(modelFor);
    for (const m of models) expect(renderedCounts(m, maxCells).keepsCountText).toBe(maxCells > 0);
    const cases = answerCases();
    expect(cases).toHaveLength(Object.keys(want).length);
    const wrong = cases.filter((c) => digest(writeLocalMatrix(models[c.config]!, c.node, c.nowMs, CONFIGS[c.config]!.history,
      c.params, rfc3339(c.nowMs))) !== want[c.name]).map((c) => c.name);
    expect(wrong).toEqual([]);
  });

  test('property: any cluster, a clock walking forward, back and far, any window, series and budget: the old builder\'s bytes', () => {
    const window = fc.record({ from: fc.integer({ min: -5, max: 400 }), to: fc.integer({ min: -5, max: 400 }) });
    const sim = fc.record({
      seed: fc.integer({ min: 0, max: 0xffffffff }),
      nodes: fc.integer({ min: 1, max: 6 }),
      routes: fc.integer({ min: 1, max: 120 }),
      groups: fc.integer({ min: 1, max: 12 }),
      stepMs: fc.constantFrom(100, 1000, 60_000),
      jitterMs: fc.option(fc.integer({ min: 0, max: 900 }), { nil: undefined }),
      history: fc.integer({ min: 1, max: 300 }),
      start: fc.integer({ min: 0, max: 2 ** 40 }),
      // Each step moves the clock by a number of columns (negative: back; large: past the whole ring).
      keepsText: fc.boolean(),
      steps: fc.array(fc.record({ cols: fc.oneof(fc.integer({ min: -3, max: 3 }), fc.integer({ min: -2000, max: 2000 })),
        ms: fc.integer({ min: 0, max: 59_999 }), node: fc.nat(), series: fc.constantFrom(...SERIES),
        rows: fc.constantFrom(1024, 1, 3, 50), window: fc.option(window, { nil: undefined }) }), { minLength: 1, maxLength: 6 }),
    });
    fc.assert(fc.property(sim, (o) => {
      const model = modelFor(o);
      renderedCounts(model, o.keepsText ? COUNT_TEXT_MAX_CELLS : 0);
      let now = o.start;
      for (const s of o.steps) {
        now += s.cols * o.stepMs + (s.ms % o.stepMs);
        const node = s.node % o.nodes;
        // Windows in columns back from now (0 = unbounded), so they cut the ring anywhere.
        const at = (c: number): number => (c <= 0 ? 0 : now - c * o.stepMs);
        const params = { series: s.series, rows: s.rows, fromMs: s.window ? at(s.window.from) : 0, toMs: s.window ? at(s.window.to) : 0 };
        const got = writeLocalMatrix(model, node, now, o.history, params, rfc3339(now)).toString('utf8');
        expect(got).toBe(referenceAnswer(modelFor(o), node, now, o.history, params));
      }
    }), { numRuns: 150 });
  });

  test('the ring is bounded: walking 10 rings of columns leaves at most history + 16 columns alive', () => {
    const model = modelFor(CONFIGS[0]!);
    const history = CONFIGS[0]!.history;
    const seen = new Set<ColumnTotals>();
    for (let k = 1_000_000; k < 1_000_000 + 10 * history; k++) seen.add(model.column(k));
    expect(seen.size).toBeLessThanOrEqual(history + 16);
    expect(seen.size).toBeGreaterThanOrEqual(history);
    // A slot reused for a later column holds that column, not the earlier one.
    expect(model.column(1_000_000).k).toBe(1_000_000);
  });
});

describe('a live node', () => {
  test('serves exactly the old builder\'s bytes, and so does a fanning-out node asked by a peer', async () => {
    const now = Date.UTC(2026, 10, 24, 9, 30, 17, 250);
    const cfg = CONFIGS[0]!;
    const cluster = await startDemoCluster({ nodes: cfg.nodes, routes: cfg.routes, history: cfg.history, stepMs: cfg.stepMs, seed: cfg.seed,
      clock: () => now, fanoutNodes: [0] });
    try {
      const cookie = cookieHeader((await login(cluster.urls[0]!, DEMO_ACCESS_KEY, DEMO_SECRET_KEY)).setCookies);
      const model = modelFor(cfg);
      for (const [node, q, params] of [
        [1, '', { series: 'writes', rows: 1024, fromMs: 0, toMs: 0 }],
        [2, `?series=read_bytes&rows=5&from_unix_ms=${now - 3_600_000}`, { series: 'read_bytes', rows: 5, fromMs: now - 3_600_000, toMs: 0 }],
        [0, '?series=reads', { series: 'reads', rows: 1024, fromMs: 0, toMs: 0 }],
      ] as const) {
        const r = await http(`${cluster.urls[node]}/admin/api/v1/keyviz/matrix${q}`, { headers: { cookie, [PEER_HEADER]: '1' } });
        expect(r.status).toBe(200);
        expect(r.text).toBe(referenceAnswer(model, node, now, cfg.history, params));
      }
    } finally {
      await cluster.stop();
    }
  });

  test('a cluster whose ring would pass the memory budget is refused at start, saying what to lower', async () => {
    await expect(startDemoCluster({ nodes: 1, routes: 100_000, history: 100_000 })).rejects.toThrow(DemoClusterConfigError);
    await expect(startDemoCluster({ nodes: 1, routes: 100_000, history: 100_000 })).rejects.toThrow(/lower --history or --routes/);
  });
});

describe('JsonBytes', () => {
  test('numbers come out as JSON.stringify writes them', () => {
    const values = [0, -0, 1, 9, 10, 99, 100, 12345, 2 ** 31 - 1, 2 ** 31, 2 ** 32 + 7, 1e15 + 3, 2 ** 53 - 1, 2 ** 53, 1e21, 1e300, -5, 1.5, 0.1, 5e-324];
    const out = new JsonBytes(1);
    out.byte(0x5b);
    out.numbers(values);
    out.byte(0x5d);
    expect(out.done().toString()).toBe(JSON.stringify(values));
  });

  test('property: any safe integer (times in ms, byte counts past 2^31) comes out as JSON.stringify writes it', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.maxSafeNat(), fc.integer({ min: 2 ** 31 - 3, max: 2 ** 31 + 3 }),
      fc.integer({ min: 0, max: 2 ** 20 }).map((k) => k * 1e8 + (k % 3) - 1).filter((v) => v >= 0)), { maxLength: 40 }), (values) => {
      const out = new JsonBytes(1);
      out.numbers(values);
      expect(out.done().toString()).toBe(JSON.stringify(values).slice(1, -1));
    }));
  });

  test('cellRows: each value of the rows asked as `v,`, with where each starts and each row ends; repeat: one value n times', () => {
    const values = [0, 7, 10, 2 ** 31 - 1, 2 ** 31, 1_764_000_000_123, 0.5, 2 ** 53 + 2, 1e21, 42, 5, 6];
    const out = new JsonBytes(1);
    out.ascii('x');
    const at = new Uint32Array(3 * 5);
    out.cellRows(Float64Array.from(values), [1, 0], 4, at); // rows of 4: row 2 not asked
    const text = out.done().toString();
    const cell = (v: number): string => `${JSON.stringify(v)},`;
    expect(text).toBe(`x${values.slice(4, 8).map(cell).join('')}${values.slice(0, 4).map(cell).join('')}`);
    for (const r of [0, 1]) {
      for (let q = 0; q < 4; q++) expect(text.slice(at[r * 5 + q], at[r * 5 + q + 1])).toBe(cell(values[r * 4 + q]!));
    }
    expect(at[1 * 5 + 4]).toBe(at[0]); // row 1 was written first: it ends where row 0 starts
    expect([...at.subarray(10)]).toEqual([0, 0, 0, 0, 0]);
    const rep = new JsonBytes(1);
    for (const [v, n] of [[3, 1], [1_764_000_000_123, 5], [0, 0], [12, 300]] as const) rep.repeat(v, n);
    expect(rep.done().toString()).toBe(`3,${'1764000000123,'.repeat(5)}${'12,'.repeat(300)}`);
  });

  test('NaN and Infinity are refused, not written', () => {
    for (const v of [NaN, Infinity, -Infinity]) {
      expect(() => new JsonBytes(8).number(v)).toThrow(RangeError);
      expect(() => new JsonBytes(8).cellRows([1, v], [0], 2, new Uint32Array(3))).toThrow(RangeError);
    }
  });
});
