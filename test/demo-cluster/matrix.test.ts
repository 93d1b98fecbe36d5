import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DemoCluster, DEMO_ACCESS_KEY, DEMO_SECRET_KEY, startDemoCluster } from '../../src/demo-cluster';
import { clusterInfoSchema, errorBodySchema, type Matrix, matrixSchema, parseBucketId } from '../../src/shared/elastickv/wire';
import { cookieHeader, http, login, TestClock } from '../helpers/http';

const STEP = 60_000;
const HISTORY = 240;
const T0 = Date.UTC(2026, 10, 24, 9, 30, 17, 250);
let clock: TestClock;
let cluster: DemoCluster;
let cookie: string;

beforeAll(async () => {
  clock = new TestClock(T0);
  cluster = await startDemoCluster({ nodes: 3, clock: clock.now, history: HISTORY, stepMs: STEP, seed: 7 });
  cookie = cookieHeader((await login(cluster.urls[0]!, DEMO_ACCESS_KEY, DEMO_SECRET_KEY)).setCookies);
});
afterAll(async () => { await cluster.stop(); });

async function matrix(node: number, query = '', headers: Record<string, string> = {}): Promise<Matrix> {
  const r = await http(`${cluster.urls[node]}/admin/api/v1/keyviz/matrix${query}`, { headers: { cookie, ...headers } });
  expect(r.status, r.text).toBe(200);
  return matrixSchema.parse(r.json());
}

async function queryError(query: string): Promise<{ status: number; error: string; message?: string }> {
  const r = await http(`${cluster.urls[0]}/admin/api/v1/keyviz/matrix${query}`, { headers: { cookie } });
  return { status: r.status, ...errorBodySchema.parse(r.json()) };
}

const startBytes = (b64: string | null): Buffer => (b64 === null ? Buffer.alloc(0) : Buffer.from(b64, 'base64'));

describe('matrix response', () => {
  test('defaults: writes, every row, full ring, headers, field order, trailing newline', async () => {
    const r = await http(`${cluster.urls[0]}/admin/api/v1/keyviz/matrix`, { headers: { cookie } });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.text.endsWith('}\n')).toBe(true);
    const raw = r.json() as Record<string, unknown>;
    expect(Object.keys(raw)).toEqual(['column_unix_ms', 'rows', 'series', 'generated_at']);
    const m = matrixSchema.parse(raw);
    expect(m.series).toBe('writes');
    expect(m.generated_at).toBe('2026-11-24T09:30:17.25Z');
    expect(m.column_unix_ms).toHaveLength(HISTORY);
    expect(m.rows.length).toBeGreaterThan(20);
    for (const row of (raw.rows as Array<Record<string, unknown>>)) {
      const order = ['bucket_id', 'label', 'start', 'end', 'aggregate', 'route_ids', 'route_ids_truncated', 'route_count',
        'values', 'raft_group_ids', 'leader_terms'];
      const keys = Object.keys(row);
      expect(keys).toEqual(order.filter((k) => keys.includes(k)));
      expect(keys).not.toContain('conflict');
      expect(keys).not.toContain('conflicts');
    }
  });

  test('columns: ascending, the newest flushed no later than now, one step apart', async () => {
    const m = await matrix(1);
    const cols = m.column_unix_ms;
    expect(cols.at(-1)!).toBeLessThanOrEqual(T0);
    expect(cols.at(-1)!).toBeGreaterThan(T0 - STEP);
    for (let j = 1; j < cols.length; j++) {
      const gap = cols[j]! - cols[j - 1]!;
      expect(gap).toBeGreaterThan(STEP * 0.9);
      expect(gap).toBeLessThan(STEP * 1.1);
    }
  });

  test('each node flushes on its own milliseconds (jitter); --jitter-ms 0 aligns them', async () => {
    const all = await Promise.all([0, 1, 2].map((i) => matrix(i)));
    const seen = new Map<number, number>();
    all.forEach((m, i) => m.column_unix_ms.forEach((t) => {
      expect(seen.get(t), `node ${i} shares ${t} with node ${seen.get(t)}`).toBeUndefined();
      seen.set(t, i);
    }));
    const aligned = await startDemoCluster({ nodes: 3, clock: clock.now, history: 10, jitterMs: 0, seed: 7 });
    try {
      const c = cookieHeader((await login(aligned.urls[0]!, DEMO_ACCESS_KEY, DEMO_SECRET_KEY)).setCookies);
      const cols = await Promise.all(aligned.urls.map(async (u) =>
        matrixSchema.parse((await http(`${u}/admin/api/v1/keyviz/matrix`, { headers: { cookie: c } })).json()).column_unix_ms));
      expect(cols[1]).toEqual(cols[0]);
      expect(cols[2]).toEqual(cols[0]);
      expect(cols[0]!.every((t) => t % STEP === 0)).toBe(true);
    } finally {
      await aligned.stop();
    }
  });

  test('the ring moves with the clock: a new column in, the oldest out', async () => {
    const before = (await matrix(0)).column_unix_ms;
    clock.advance(STEP);
    try {
      const after = (await matrix(0)).column_unix_ms;
      expect(after).toHaveLength(HISTORY);
      expect(after.slice(0, -1)).toEqual(before.slice(1));
      expect(after.at(-1)!).toBeGreaterThan(before.at(-1)!);
    } finally {
      clock.advance(-STEP);
    }
  });

  test.each(['reads', 'writes', 'read_bytes', 'write_bytes'] as const)('series=%s is echoed and picks that counter', async (series) => {
    const m = await matrix(0, `?series=${series}`);
    expect(m.series).toBe(series);
    expect(m.rows.some((r) => r.values.some((v) => v > 0))).toBe(true);
  });

  test('bytes track counts: a cell has read_bytes exactly when it has reads', async () => {
    const [reads, bytes] = await Promise.all([matrix(0, '?series=reads'), matrix(0, '?series=read_bytes')]);
    expect(bytes.rows.map((r) => r.bucket_id)).toEqual(reads.rows.map((r) => r.bucket_id));
    reads.rows.forEach((row, i) => row.values.forEach((v, j) => expect(bytes.rows[i]!.values[j]! > 0).toBe(v > 0)));
  });
});

describe('query validation and clamps (contract §3.2)', () => {
  test.each([
    ['?series=bogus', 'series must be one of: reads, writes, read_bytes, write_bytes'],
    ['?series=Writes', 'series must be one of: reads, writes, read_bytes, write_bytes'],
    ['?from_unix_ms=notanumber', 'from_unix_ms must be an integer (unix milliseconds)'],
    ['?to_unix_ms=1.5', 'to_unix_ms must be an integer (unix milliseconds)'],
    ['?from_unix_ms=99999999999999999999', 'from_unix_ms must be an integer (unix milliseconds)'],
    ['?rows=ten', 'rows must be an integer'],
    ['?rows=1e3', 'rows must be an integer'],
  ])('%s → 400 invalid_query', async (query, message) => {
    expect(await queryError(query)).toEqual({ status: 400, error: 'invalid_query', message });
  });

  test('empty values mean the defaults; unknown parameters are ignored', async () => {
    const m = await matrix(0, '?series=&rows=&from_unix_ms=&to_unix_ms=&label=redis&bucket=1');
    expect(m.series).toBe('writes');
    expect(m.column_unix_ms).toHaveLength(HISTORY);
  });

  test('rows 0, negative, or above 1024 all mean 1024, without an error', async () => {
    const all = (await matrix(0)).rows.length;
    for (const q of ['?rows=0', '?rows=-1', '?rows=9999', '?rows=1024']) expect((await matrix(0, q)).rows).toHaveLength(all);
  });

  test('with more than 1024 rows the default, 0, negative and too-large budgets all give 1024 (L07/L08)', async () => {
    const big = await startDemoCluster({ nodes: 1, routes: 1100, history: 4, clock: clock.now, seed: 7 });
    try {
      const c = cookieHeader((await login(big.urls[0]!, DEMO_ACCESS_KEY, DEMO_SECRET_KEY)).setCookies);
      const count = async (q: string): Promise<number> => matrixSchema.parse(
        (await http(`${big.urls[0]}/admin/api/v1/keyviz/matrix?series=reads${q}`, { headers: { cookie: c } })).json()).rows.length;
      expect(await count('&rows=1025')).toBe(1024);
      for (const q of ['', '&rows=0', '&rows=-1', '&rows=9999', '&rows=1024']) expect(await count(q)).toBe(1024);
      expect(await count('&rows=1023')).toBe(1023);
    } finally {
      await big.stop();
    }
  });

  test('from/to select the half-open window [from, to) on the flush timestamps', async () => {
    const cols = (await matrix(2)).column_unix_ms;
    const m = await matrix(2, `?from_unix_ms=${cols[10]}&to_unix_ms=${cols[20]}`);
    expect(m.column_unix_ms).toEqual(cols.slice(10, 20));
    expect(m.rows.every((r) => r.values.length === 10)).toBe(true);
    expect((await matrix(2, `?from_unix_ms=${cols[10]! + 1}`)).column_unix_ms).toEqual(cols.slice(11));
    expect((await matrix(2, '?from_unix_ms=0&to_unix_ms=0')).column_unix_ms).toEqual(cols);
    expect((await matrix(2, '?from_unix_ms=-5')).column_unix_ms).toEqual(cols);
  });

  test('from > to is not an error: empty columns and rows', async () => {
    const m = await matrix(0, `?from_unix_ms=${T0}&to_unix_ms=${T0 - 3600_000}`);
    expect(m.column_unix_ms).toEqual([]);
    expect(m.rows).toEqual([]);
  });

  test('HEAD and other methods are 405; unknown API paths are 404 before auth', async () => {
    const head = await http(`${cluster.urls[0]}/admin/api/v1/keyviz/matrix`, { method: 'HEAD', headers: { cookie } });
    expect(head.status).toBe(405);
    const unknown = await http(`${cluster.urls[0]}/admin/api/v1/keyviz/nothing`);
    expect(unknown.status).toBe(404);
    expect(unknown.json()).toEqual({ error: 'unknown_endpoint', message: 'no admin API handler is registered for this path' });
    expect((await http(`${cluster.urls[0]}/admin/api/v2/keyviz/matrix`)).json()).toEqual({ error: 'not_found' });
    expect((await http(`${cluster.urls[0]}/elsewhere`)).status).toBe(404);
  });
});

describe('rows (contract §3.5)', () => {
  test('row budget: the top N by total activity (ties by bucket_id), then sorted by start key', async () => {
    const full = await matrix(1, '?series=reads');
    const total = (r: { values: number[] }): number => r.values.reduce((a, b) => a + b, 0);
    const expected = [...full.rows].sort((a, b) => total(b) - total(a) || (a.bucket_id < b.bucket_id ? -1 : 1))
      .slice(0, 7).map((r) => r.bucket_id);
    const budget = await matrix(1, '?series=reads&rows=7');
    expect(budget.rows.map((r) => r.bucket_id).sort()).toEqual([...expected].sort());
    const inFullOrder = full.rows.filter((r) => expected.includes(r.bucket_id)).map((r) => r.bucket_id);
    expect(budget.rows.map((r) => r.bucket_id)).toEqual(inFullOrder);
  });

  test('final order: raw start bytes ascending, empty (null) start first, ties by bucket_id', async () => {
    const m = await matrix(0, '?series=reads');
    expect(m.rows[0]!.start).toBeNull();
    for (let i = 1; i < m.rows.length; i++) {
      const a = m.rows[i - 1]!;
      const b = m.rows[i]!;
      const c = Buffer.compare(startBytes(a.start), startBytes(b.start));
      expect(c < 0 || (c === 0 && a.bucket_id < b.bucket_id), `${a.bucket_id} before ${b.bucket_id}`).toBe(true);
    }
  });

  test('keys: standard padded base64, null only for the empty first start and the unbounded last end', async () => {
    const m = await matrix(0, '?series=reads');
    const nullStarts = m.rows.filter((r) => r.start === null);
    const nullEnds = m.rows.filter((r) => r.end === null);
    expect(nullStarts.map((r) => r.bucket_id)).toEqual([m.rows[0]!.bucket_id]);
    expect(nullEnds).toHaveLength(1);
    expect(nullEnds[0]!.bucket_id).toBe(m.rows.at(-1)!.bucket_id);
    for (const r of m.rows) {
      if (r.start !== null && r.end !== null) expect(Buffer.compare(startBytes(r.start), startBytes(r.end))).toBeLessThan(0);
    }
    // Some keys are binary (rawkv): they must survive base64 exactly.
    expect(m.rows.some((r) => r.start !== null && startBytes(r.start).some((b) => b < 0x20 || b > 0x7e))).toBe(true);
  });

  test('bucket ids: every shape elastickv emits, each parseable', async () => {
    const ids = (await matrix(0, '?series=reads')).rows.map((r) => r.bucket_id);
    for (const id of ids) expect(parseBucketId(id), id).not.toBeNull();
    expect(ids.some((id) => /^route:\d+$/.test(id))).toBe(true);
    expect(ids.some((id) => /^route:\d+:(dynamo|redis|s3|sqs|rawkv)$/.test(id))).toBe(true);
    expect(ids.some((id) => /^route:\d+:[a-z0-9]+#\d+$/.test(id))).toBe(true);
    expect(ids.some((id) => /^virtual:\d{20}$/.test(id))).toBe(true);
    // One route spans two adapters' keys: two labelled rows share its route id.
    const labelsByRoute = new Map<string, Set<string>>();
    for (const b of ids.map(parseBucketId)) {
      if (b?.kind !== 'route' || !b.label) continue;
      labelsByRoute.set(b.routeId, (labelsByRoute.get(b.routeId) ?? new Set()).add(b.label));
    }
    expect([...labelsByRoute.values()].some((labels) => labels.size === 2)).toBe(true);
  });

  test('aggregate rows: virtual id near 2^64, members listed up to 256, truncation flag, group/term 0', async () => {
    const m = await matrix(0, '?series=reads');
    const aggs = m.rows.filter((r) => r.aggregate);
    expect(aggs.length).toBeGreaterThan(0);
    for (const r of aggs) {
      expect(BigInt(r.bucket_id.slice('virtual:'.length))).toBeGreaterThan(2n ** 63n);
      expect(r.label).toBeUndefined();
      expect(r.route_ids!.length).toBeLessThanOrEqual(256);
      expect(r.route_count).toBeGreaterThanOrEqual(r.route_ids!.length);
      expect(r.route_ids_truncated ?? false).toBe(r.route_count > r.route_ids!.length);
      expect(r.raft_group_ids!.every((g) => g === 0)).toBe(true);
      expect(r.leader_terms!.every((t) => t === 0)).toBe(true);
    }
    expect(aggs.some((r) => r.route_ids_truncated === true)).toBe(true);
    for (const r of m.rows.filter((row) => !row.aggregate)) {
      expect(r.route_count).toBe(1);
      expect(r.route_ids).toBeUndefined();
      expect(r.route_ids_truncated).toBeUndefined();
    }
  });

  test('identity arrays: parallel to values, zero exactly where the node had no entry', async () => {
    const m = await matrix(0, '?series=reads');
    for (const r of m.rows) {
      expect(r.raft_group_ids).toHaveLength(r.values.length);
      expect(r.leader_terms).toHaveLength(r.values.length);
      r.values.forEach((v, j) => {
        // Reads count here; a non-zero value with a zero identity is an aggregate or a lagging term publisher.
        if (v === 0 && r.raft_group_ids![j] === 0) expect(r.leader_terms![j]).toBe(0);
        if (r.raft_group_ids![j]! > 0) expect(r.leader_terms![j]!).toBeGreaterThan(0);
      });
    }
  });

  test('X-Admin-Fanout-Peer is accepted and changes nothing on a node without fan-out', async () => {
    const plain = await http(`${cluster.urls[0]}/admin/api/v1/keyviz/matrix?series=reads`, { headers: { cookie } });
    const peer = await http(`${cluster.urls[0]}/admin/api/v1/keyviz/matrix?series=reads`, { headers: { cookie, 'X-Admin-Fanout-Peer': '1' } });
    expect(peer.status).toBe(200);
    expect(peer.text).toBe(plain.text);
    expect(peer.json()).not.toHaveProperty('fanout');
  });
});

describe('other endpoints', () => {
  test('cluster overview lists the hosted groups with one consistent leader each', async () => {
    const infos = await Promise.all(cluster.urls.map(async (u) =>
      clusterInfoSchema.parse((await http(`${u}/admin/api/v1/cluster`, { headers: { cookie } })).json())));
    expect(infos.map((i) => i.node_id)).toEqual(['n1', 'n2', 'n3']);
    const leaders = new Map<number, string>();
    for (const info of infos) {
      expect(info.version).toBe('dev');
      for (const g of info.groups) {
        expect(g.members).toContain(info.node_id);
        expect(g.is_leader).toBe(g.leader_id === info.node_id);
        if (leaders.has(g.group_id)) expect(g.leader_id).toBe(leaders.get(g.group_id));
        leaders.set(g.group_id, g.leader_id);
      }
    }
    expect(leaders.size).toBeGreaterThan(1);
  });

  test('healthz answers without a session; exactly one node is the default group leader', async () => {
    for (const u of cluster.urls) {
      const r = await http(`${u}/admin/healthz`);
      expect([r.status, r.text, r.headers['content-type']]).toEqual([200, 'ok\n', 'text/plain; charset=utf-8']);
    }
    const leaders = await Promise.all(cluster.urls.map(async (u) => (await http(`${u}/admin/healthz/leader`)).status));
    expect(leaders.filter((s) => s === 200)).toHaveLength(1);
    expect(leaders.filter((s) => s === 503)).toHaveLength(2);
    const post = await http(`${cluster.urls[0]}/admin/healthz`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  test('hot keys: elastickv\'s checks and clamps (contract §7.3); off = 503 hotkeys_disabled', async () => {
    const hk = (q: string) => http(`${cluster.urls[0]}/admin/api/v1/keyviz/hotkeys?${q}`, { headers: { cookie } });
    for (const [q, message] of [
      ['', 'route_id is required'], ['route_id=x', 'route_id must be an unsigned 64-bit integer'],
      ['route_id=18446744073709551616', 'route_id must be an unsigned 64-bit integer'],
      ['route_id=1&label=mongo', 'label must be a known KeyViz adapter label'],
      ['route_id=1&series=reads', "series: v1 supports only 'writes' (design §5)"], ['route_id=1&top=0', 'top must be a positive integer'],
      ['route_id=1&from_unix_ms=5&to_unix_ms=4', 'from_unix_ms must be <= to_unix_ms'],
    ] as const) {
      const r = await hk(q);
      expect([r.status, errorBodySchema.parse(r.json())], q).toEqual([400, { error: 'invalid_query', message }]);
    }
    const ok = await hk('route_id=1&top=5000');
    expect(ok.status).toBe(200);
    expect((ok.json() as { keys: unknown[] }).keys.length).toBeLessThanOrEqual(64); // clamped to the sketch's capacity
    cluster.setHotKeys(0, 'off');
    try {
      const r = await hk('route_id=1');
      expect([r.status, errorBodySchema.parse(r.json()).error]).toEqual([503, 'hotkeys_disabled']);
    } finally {
      cluster.setHotKeys(0, 'on');
    }
  });
});
