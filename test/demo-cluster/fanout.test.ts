// Server-side fan-out mode: the simulated node answers like elastickv with --keyvizFanoutNodes.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DemoCluster, DEMO_ACCESS_KEY, DEMO_SECRET_KEY, startDemoCluster } from '../../src/demo-cluster';
import { type LooseMatrix, mergeKeyVizMatrices } from '../../src/demo-cluster/aggregate';
import { forwardedCookies, peerUrl } from '../../src/demo-cluster/fanout-server';
import { type Matrix, matrixSchema } from '../../src/shared/elastickv/wire';
import { cookieHeader, http, login } from '../helpers/http';
import { VECTORS } from '../helpers/vectors';

const vectors = VECTORS;
const byId = new Map(vectors.map((v) => [v.id.slice(0, 3), v]));

describe('the simulator\'s aggregator matches elastickv\'s merge vectors (contract §6.1)', () => {
  test.each(vectors.map((v) => [v.id, v] as const))('%s', (_id, v) => {
    // "same as M01" placeholders reuse that vector's inputs and expectation.
    const ref = typeof v.inputs === 'string' ? byId.get(v.inputs.replace('same as ', ''))! : v;
    const merged = mergeKeyVizMatrices(ref.inputs as LooseMatrix[], v.series);
    expect(JSON.parse(JSON.stringify(merged))).toEqual(ref.expected);
  });

  test('write fallback: on equal values the later contributor\'s identity wins, even (0,0); no conflict', () => {
    const m = (row: object) => ({ column_unix_ms: [1], series: 'writes', rows: [{ bucket_id: 'route:9', ...row }] });
    const merged = mergeKeyVizMatrices([m({ values: [50], raft_group_ids: [7], leader_terms: [42] }), m({ values: [50] })], 'writes');
    expect(merged.rows[0]).toMatchObject({ values: [50], raft_group_ids: [0], leader_terms: [0] });
    expect(merged.rows[0]).not.toHaveProperty('conflict');
  });

  test('a single matrix passes through untouched (no re-resolution, no conflicts), re-encoded as Go does', () => {
    const only = { column_unix_ms: [1], series: 'writes', rows: [{ bucket_id: 'route:1', values: [0], raft_group_ids: [7], leader_terms: [3] }] };
    expect(mergeKeyVizMatrices([only], 'writes')).toEqual({ column_unix_ms: [1], series: 'writes', rows: [
      { bucket_id: 'route:1', start: null, end: null, aggregate: false, route_count: 0, values: [0], raft_group_ids: [7], leader_terms: [3] }] });
  });
});

describe('peer requests', () => {
  test('peer URLs follow the contract vectors (§6.3)', () => {
    const p = (series: 'reads' | 'writes', rows: number, fromMs = 0, toMs = 0) => ({ series, rows, fromMs, toMs });
    expect(peerUrl('http://10.0.0.2:8080', p('writes', 256))).toBe('http://10.0.0.2:8080/admin/api/v1/keyviz/matrix?rows=256&series=writes');
    expect(peerUrl('10.0.0.2:8080', p('reads', 1024))).toBe('http://10.0.0.2:8080/admin/api/v1/keyviz/matrix?rows=1024&series=reads');
    expect(peerUrl('http://node-a', p('reads', 8, 1700000000000, 1700000900000)))
      .toBe('http://node-a/admin/api/v1/keyviz/matrix?from_unix_ms=1700000000000&rows=8&series=reads&to_unix_ms=1700000900000');
  });

  test('only admin_session and admin_csrf are forwarded', () => {
    expect(forwardedCookies('theme=dark; admin_session=abc.def.ghi; tracking=1; admin_csrf=tok; admin_session=second'))
      .toBe('admin_session=abc.def.ghi; admin_csrf=tok');
    expect(forwardedCookies(undefined)).toBe('');
  });
});

describe('a fan-out node', () => {
  const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);
  let cluster: DemoCluster;
  let cookie: string;

  beforeAll(async () => {
    // Aligned flushes, so the merge really adds and conflicts instead of only striping columns.
    cluster = await startDemoCluster({ nodes: 3, jitterMs: 0, history: 600, clock: () => NOW, fanoutNodes: [0], fanoutTimeoutMs: 3000, seed: 3 });
    cookie = cookieHeader((await login(cluster.urls[0]!, DEMO_ACCESS_KEY, DEMO_SECRET_KEY)).setCookies);
  });
  afterAll(async () => { await cluster.stop(); });

  async function get(i: number, query: string, peer: boolean): Promise<{ text: string; m: Matrix }> {
    const headers: Record<string, string> = { cookie };
    if (peer) headers['X-Admin-Fanout-Peer'] = '1';
    const r = await http(`${cluster.urls[i]}/admin/api/v1/keyviz/matrix${query}`, { headers });
    expect(r.status, r.text).toBe(200);
    return { text: r.text, m: matrixSchema.parse(r.json()) };
  }
  const locals = (query: string, nodes = [0, 1, 2]): Promise<Matrix[]> => Promise.all(nodes.map(async (i) => (await get(i, query, true)).m));

  test('without the peer header: the merged cluster matrix with a fanout block, self first', async () => {
    const { m } = await get(0, '?series=reads', false);
    const addr = cluster.nodes.map((n) => n.listenAddress);
    expect(m.fanout).toEqual({ nodes: addr.map((node) => ({ node, ok: true })), responded: 3, expected: 3 });
    // Reads are summed: every merged cell is the sum of the three local answers.
    const ls = await locals('?series=reads');
    const cell = (mx: Matrix, id: string, j: number): number => mx.rows.find((r) => r.bucket_id === id)?.values[j] ?? 0;
    let checked = 0;
    for (const row of m.rows) {
      row.values.forEach((v, j) => {
        expect(v).toBe(cell(ls[0]!, row.bucket_id, j) + cell(ls[1]!, row.bucket_id, j) + cell(ls[2]!, row.bucket_id, j));
        checked++;
      });
    }
    expect(checked).toBeGreaterThan(10_000);
    expect(m.rows.some((r) => 'conflicts' in r)).toBe(false);
  });

  test('writes merge by group and term: flip columns show conflicts, values equal the merge of the local answers', async () => {
    const { m } = await get(0, '?series=writes', false);
    const expected = mergeKeyVizMatrices(await locals('?series=writes') as LooseMatrix[], 'writes');
    expect(m.rows).toEqual(JSON.parse(JSON.stringify(expected.rows)));
    expect(m.rows.filter((r) => r.conflict === true).length).toBeGreaterThan(0);
    for (const r of m.rows.filter((row) => row.conflict)) expect(r.conflicts).toHaveLength(m.column_unix_ms.length);
  });

  test('with the peer header: only its local matrix, no fanout block', async () => {
    const local = await get(0, '?series=reads&rows=16', true);
    expect(local.m.fanout).toBeUndefined();
    expect(local.m.rows.length).toBeLessThanOrEqual(16);
    expect(JSON.parse(local.text)).not.toHaveProperty('fanout');
  });

  test('parameters travel to the peers: window and series', async () => {
    const cols = (await get(1, '', true)).m.column_unix_ms;
    const { m } = await get(0, `?series=write_bytes&from_unix_ms=${cols[100]}&to_unix_ms=${cols[110]}`, false);
    expect(m.series).toBe('write_bytes');
    expect(m.column_unix_ms).toEqual(cols.slice(100, 110));
    expect(m.fanout?.responded).toBe(3);
  });

  test('a failing peer is reported in elastickv\'s words and left out of the merge', async () => {
    await cluster.setFault(2, 'status:500');
    try {
      const { m } = await get(0, '?series=reads', false);
      expect(m.fanout!.responded).toBe(2);
      expect(m.fanout!.nodes[2]).toEqual({ node: cluster.nodes[2]!.listenAddress, ok: false,
        error: 'keyviz fan-out peer error: status 500: {"error":"internal","message":"internal error"}\n' });
      const ls = await locals('?series=reads', [0, 1]);
      expect(m.rows).toEqual(JSON.parse(JSON.stringify(mergeKeyVizMatrices(ls as LooseMatrix[], 'reads').rows)));
    } finally {
      cluster.node(2).clearFaults();
    }
  });

  test('a hanging peer costs only the deadline; a down peer is a refused dial', async () => {
    await cluster.setFault(1, 'hang');
    await cluster.setFault(2, 'down');
    try {
      const t0 = performance.now();
      const { m } = await get(0, '?series=reads&rows=4', false);
      expect(performance.now() - t0).toBeLessThan(3000 + 2000);
      expect(m.fanout!.responded).toBe(1);
      expect(m.fanout!.nodes[1]!.error).toMatch(/^peer request: Get "http:\/\/127\.0\.0\.1:\d+\/admin\/api\/v1\/keyviz\/matrix\?rows=4&series=reads": context deadline exceeded$/);
      expect(m.fanout!.nodes[2]!.error).toMatch(/^peer request: Get ".*": dial tcp 127\.0\.0\.1:\d+: connect: connection refused$/);
      // Every peer failed: the local matrix passes through as it is.
      expect(m.rows).toEqual((await get(0, '?series=reads&rows=4', true)).m.rows);
    } finally {
      cluster.node(1).clearFaults();
      await cluster.setFault(2, 'up');
    }
  });

  test('garbage, wrong shapes and redirects from peers are decode or status errors, never followed', async () => {
    await cluster.setFault(1, 'garbage');
    await cluster.setFault(2, 'redirect:http://127.0.0.1:9/elsewhere');
    try {
      const { m } = await get(0, '?rows=2', false);
      expect(m.fanout!.nodes[1]!.error).toMatch(/^decode peer response: /);
      expect(m.fanout!.nodes[2]!.error).toMatch(/^keyviz fan-out peer error: status 302: /);
      await cluster.setFault(1, 'invalid');
      expect((await get(0, '?rows=2', false)).m.fanout!.nodes[1]!.error).toMatch(/^decode peer response: json: cannot unmarshal/);
    } finally {
      cluster.node(1).clearFaults();
      cluster.node(2).clearFaults();
    }
  });
});
