// The fan-out against real sockets: the simulated cluster with its faults, and fake nodes.
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { DemoCluster, DEMO_ACCESS_KEY, DEMO_SECRET_KEY, startDemoCluster } from '../../../../src/demo-cluster';
import { ClusterClient, type ClusterClientOptions, matrixUrl, parseNodeAddress, parseNodeList } from '../../../../src/main/core/fanout';
import { plaintextWarning } from '../../../../src/main/core/fanout/address';
import type { MatrixQuery } from '../../../../src/main/core/fanout';
import { fakeElastickv, FakeNode } from '../../../helpers/fake-node';
import { cookieHeader, http, login, TestClock } from '../../../helpers/http';

const Q: MatrixQuery = { series: 'reads', rows: 1024, fromMs: null, toMs: null };
const clients: ClusterClient[] = [];
function client(opts: Partial<ClusterClientOptions> & { nodes: string[] }): ClusterClient {
  const c = new ClusterClient({ accessKey: DEMO_ACCESS_KEY, secret: DEMO_SECRET_KEY, timeoutMs: 1500, ...opts });
  clients.push(c);
  return c;
}
afterEach(async () => { await Promise.all(clients.splice(0).map((c) => c.close())); });

describe('node addresses', () => {
  test('host:port and http(s)://host:port, normalised; the same node twice is asked once', () => {
    expect(parseNodeAddress('10.0.0.2:8080').origin).toBe('http://10.0.0.2:8080');
    expect(parseNodeAddress('https://Node-B.internal:9443/').origin).toBe('https://node-b.internal:9443');
    expect(parseNodeAddress('https://node-c').origin).toBe('https://node-c');
    expect(parseNodeAddress('https://node-c').key).toBe('https://node-c:443');
    expect(parseNodeAddress('https://node-c:443').key).toBe('https://node-c:443');
    expect(parseNodeAddress('[::1]:8080').loopback).toBe(true);
    const { nodes, warnings } = parseNodeList(['127.0.0.1:8080', 'http://127.0.0.1:8080', 'localhost:8080']);
    expect(nodes.map((n) => n.origin)).toEqual(['http://127.0.0.1:8080', 'http://localhost:8080']);
    expect(warnings).toEqual(["'http://127.0.0.1:8080' is the same node as '127.0.0.1:8080' (http://127.0.0.1:8080): asked once and counted once"]);
    expect(() => parseNodeAddress('ftp://x:1')).toThrow(/only http/);
    expect(() => parseNodeAddress('http://user:pw@x:1')).toThrow(/credentials/);
  });

  test('plain http to a non-loopback host is allowed with a warning', () => {
    expect(plaintextWarning(parseNodeAddress('10.0.0.2:8080'))).toMatch(/unencrypted/);
    expect(plaintextWarning(parseNodeAddress('127.0.0.1:8080'))).toBeNull();
    expect(plaintextWarning(parseNodeAddress('https://10.0.0.2:8080'))).toBeNull();
  });

  test('matrix URLs follow the contract vectors (§6.3)', () => {
    const a = parseNodeAddress('http://node-a');
    expect(matrixUrl(a, { series: 'reads', rows: 8, fromMs: 1700000000000, toMs: 1700000900000 }))
      .toBe('http://node-a/admin/api/v1/keyviz/matrix?from_unix_ms=1700000000000&rows=8&series=reads&to_unix_ms=1700000900000');
    expect(matrixUrl(parseNodeAddress('10.0.0.2:8080'), { series: 'writes', rows: 256, fromMs: null, toMs: null }))
      .toBe('http://10.0.0.2:8080/admin/api/v1/keyviz/matrix?rows=256&series=writes');
  });
});

describe('fan-out over the simulated cluster', () => {
  let cluster: DemoCluster;
  // A fixed clock: the answers do not depend on the hour the suite runs (with sticky leadership, a
  // node that leads one quiet group at some hours sends a matrix of a few rows).
  beforeAll(async () => { cluster = await startDemoCluster({ nodes: 3, history: 60, seed: 2, clock: () => Date.UTC(2026, 10, 24, 12, 0, 0) }); });
  afterAll(async () => { await cluster.stop(); });

  test('complete: every node ok with its figures; the merge sums the reads', async () => {
    const r = await client({ nodes: cluster.urls }).fetch(Q);
    expect(r.outcome).toBe('complete');
    expect(r.login.map((l) => l.ok)).toEqual([true]);
    for (const n of r.nodes) {
      expect(n.status).toMatchObject({ ok: true, status_code: 200, warnings: [] });
      expect(n.status.bytes).toBeGreaterThan(1000);
      expect(n.status.generated_at).toMatch(/Z$/);
    }
    expect(r.fanout).toEqual({ nodes: cluster.urls.map((node) => ({ node, ok: true })), responded: 3, expected: 3 });
    expect(r.merge!.matrix.rows.length).toBeGreaterThan(20);
    expect(r.merge!.matrix.columns.length).toBe(60); // aligned across the three nodes
  });

  test('a down first node: login moves to the next node; the result is degraded, naming why', async () => {
    await cluster.setFault(0, 'down');
    try {
      const r = await client({ nodes: cluster.urls }).fetch(Q);
      expect(r.login.map((l) => [l.node.input, l.ok])).toEqual([[cluster.urls[0], false], [cluster.urls[1], true]]);
      expect(r.outcome).toBe('degraded');
      expect(r.nodes[0]!.status.error).toMatch(/^connection refused/);
      expect(r.fanout.responded).toBe(2);
    } finally {
      await cluster.setFault(0, 'up');
    }
  });

  test('a wrong secret fails the whole round, and no node is asked', async () => {
    const r = await client({ nodes: cluster.urls, secret: 'wrong' }).fetch(Q);
    expect(r.outcome).toBe('failed');
    expect(r.merge).toBeNull();
    expect(r.login).toHaveLength(3);
    expect(r.nodes.every((n) => n.status.error?.startsWith('not asked: no node accepted the login'))).toBe(true);
  });

  test('the session object never shows its secret or cookies', async () => {
    const c = client({ nodes: cluster.urls, secret: DEMO_SECRET_KEY });
    await c.fetch(Q);
    const shown = inspect(c, { depth: 5 }) + JSON.stringify(c);
    expect(shown).not.toContain(DEMO_SECRET_KEY);
    expect(shown).not.toContain('admin_session=');
  });
});

describe('every fault knob: the node fails with its reason, the others are merged', () => {
  let cluster: DemoCluster;
  let target: FakeNode;
  let targetUrl: string;
  beforeAll(async () => {
    target = new FakeNode((_p, res) => { res.writeHead(200); res.end('{}'); });
    targetUrl = await target.start();
    cluster = await startDemoCluster({ nodes: 9, history: 30, routes: 12, faults: [
      { node: 1, fault: 'hang' }, { node: 2, fault: 'status:500' }, { node: 3, fault: 'status:503' }, { node: 4, fault: 'garbage' },
      { node: 5, fault: 'invalid' }, { node: 6, fault: 'reset' }, { node: 7, fault: `redirect:${targetUrl}/steal` }, { node: 8, fault: 'huge:3' },
    ] });
  });
  afterAll(async () => { await cluster.stop(); await target.stop(); });

  test('each reason, in configured order; hang fails at the deadline, the rest long before', async () => {
    const t0 = performance.now();
    // A deadline no healthy node misses even on a loaded machine; only the hanging one does.
    const r = await client({ nodes: cluster.urls, timeoutMs: 2500, maxBodyBytes: 2 * 1024 * 1024 }).fetch(Q);
    const wall = performance.now() - t0;
    expect(wall).toBeGreaterThanOrEqual(2490);
    expect(wall).toBeLessThan(2500 + 1500);
    const e = r.nodes.map((n) => n.status.error ?? 'ok');
    expect(e[0]).toBe('ok');
    expect(e[1]).toBe('no answer within the deadline (2500 ms)');
    expect(r.nodes[1]!.status.elapsed_ms).toBeGreaterThanOrEqual(2490);
    expect(e[2]).toBe('the node failed to answer [HTTP 500: {"error":"internal","message":"internal error"}]');
    expect(e[3]).toBe('KeyViz is disabled on this node (start it with --keyvizEnabled) [HTTP 503: '
      + '{"error":"keyviz_disabled","message":"key visualizer sampler is not configured on this node"}]');
    expect(r.nodes[3]!.status.status_code).toBe(503);
    expect(e[4]).toMatch(/^the answer is not valid JSON/);
    expect(e[5]).toMatch(/^the answer is not a KeyViz matrix: column_unix_ms: expected an array/);
    expect(e[6]).toBe('connection reset before the answer was complete');
    expect(e[7]).toBe(`redirected to ${targetUrl}/steal; redirects are never followed, so the session cannot leak to another host`);
    expect(e[8]).toBe('response larger than 2 MiB (the node announced 3 MiB), aborted');
    expect(r.outcome).toBe('degraded');
    expect(r.fanout.responded).toBe(1);
    // Node 0's answer alone is the merged view, passed through.
    // The one node that answered is merged: its 30 columns (its rows only where it led a group:
    // writes and Redis reads are counted on the leader).
    expect(r.merge!.matrix.columns.length).toBe(30);
    // The redirect target was never contacted, so it saw no cookie.
    expect(target.seen).toEqual([]);
  });
});

describe('cookies, identity and roles', () => {
  test('only admin_session and admin_csrf, and only to the configured node', async () => {
    const empty = JSON.stringify({ column_unix_ms: [], rows: [], series: 'reads' });
    const node = fakeElastickv(() => ({ body: empty }));
    const url = await node.start();
    try {
      const r = await client({ nodes: [url] }).fetch(Q);
      expect(r.outcome).toBe('complete');
      const get = node.seen.find((s) => s.method === 'GET')!;
      expect(get.headers.cookie).toBe('admin_session=fake.jwt.token; admin_csrf=fakecsrf');
      expect(get.headers['x-admin-fanout-peer']).toBe('1');
      const post = node.seen.find((s) => s.method === 'POST')!;
      expect(post.headers.cookie).toBeUndefined();
    } finally {
      await node.stop();
    }
  });

  test('{} is an empty matrix; an answer with a fanout block is excluded as already merged', async () => {
    const a = fakeElastickv(() => ({ body: '{}' }));
    const b = fakeElastickv(() => ({ body: JSON.stringify({ column_unix_ms: [1], rows: [], series: 'reads', fanout: { nodes: [], responded: 1, expected: 1 } }) }));
    const urls = [await a.start(), await b.start()];
    try {
      const r = await client({ nodes: urls }).fetch(Q);
      expect(r.nodes[0]!.status.ok).toBe(true);
      expect(r.nodes[1]!.status.error).toMatch(/^the answer is already merged across nodes/);
      expect(r.outcome).toBe('degraded');
    } finally {
      await a.stop();
      await b.stop();
    }
  });

  test('a fan-out-mode node is asked for its local matrix: nothing is counted twice', async () => {
    const cluster = await startDemoCluster({ nodes: 3, history: 20, routes: 12, jitterMs: 0, fanoutNodes: [0] });
    try {
      const r = await client({ nodes: cluster.urls }).fetch(Q, { compat: true });
      expect(r.outcome).toBe('complete');
      const cookie = cookieHeader((await login(cluster.urls[0]!, DEMO_ACCESS_KEY, DEMO_SECRET_KEY)).setCookies);
      const serverSide = (await http(`${cluster.urls[0]}/admin/api/v1/keyviz/matrix?series=reads&rows=${Q.rows}`, { headers: { cookie } })).json() as
        { rows: Array<{ bucket_id: string; values: number[] }> };
      for (const row of r.merge!.matrix.rows) {
        expect([...row.values]).toEqual(serverSide.rows.find((x) => x.bucket_id === row.bucketId)!.values);
      }
    } finally {
      await cluster.stop();
    }
  });

  test('a node with its own signing key is recovered by logging in on it; a read-only key works', async () => {
    const cluster = await startDemoCluster({ nodes: 3, history: 10, routes: 12, ownSigningKeys: [2],
      readOnlyKeys: [{ accessKey: 'viewer', secretKey: 'viewer-pw' }] });
    try {
      const r = await client({ nodes: cluster.urls }).fetch(Q);
      expect(r.nodes.map((n) => n.status.ok)).toEqual([true, true, true]);
      const ro = await client({ nodes: cluster.urls, accessKey: 'viewer', secret: 'viewer-pw' }).fetch(Q);
      expect(ro.outcome).toBe('complete');
    } finally {
      await cluster.stop();
    }
  });

  test('a node that refuses the cookie and rate-limits the re-login fails with the wait time', async () => {
    const cluster = await startDemoCluster({ nodes: 2, history: 10, routes: 12, ownSigningKeys: [1] });
    try {
      for (let i = 0; i < 5; i++) await login(cluster.urls[1]!, DEMO_ACCESS_KEY, 'wrong');
      const r = await client({ nodes: cluster.urls }).fetch(Q);
      expect(r.outcome).toBe('degraded');
      expect(r.nodes[1]!.status.error).toMatch(/^session refused, and logging in on this node failed: login rate-limited by the node .*retry in 60 s/);
    } finally {
      await cluster.stop();
    }
  });

  test('after the 1 h session expires, one fresh login and one retry per node; a refused retry does not loop', async () => {
    const clock = new TestClock(Date.UTC(2026, 10, 24, 9, 0, 0));
    const cluster = await startDemoCluster({ nodes: 2, history: 10, routes: 12, clock: clock.now });
    try {
      const c = client({ nodes: cluster.urls });
      expect((await c.fetch(Q)).outcome).toBe('complete');
      clock.advance(3600_000);
      const later = await c.fetch(Q);
      expect(later.outcome).toBe('complete');
      expect(later.login).toEqual([]); // recovered per node, not by a new round of logins
      // A node that keeps refusing: exactly one re-login attempt, then a clear failure.
      await cluster.setFault(1, 'status:401');
      const refused = await c.fetch(Q);
      expect(refused.nodes[1]!.status.error).toMatch(/^session refused \(does this node share the admin signing key\?\)/);
    } finally {
      await cluster.stop();
    }
  });

  test('the total cap across nodes bounds memory whatever each node sends', async () => {
    const cluster = await startDemoCluster({ nodes: 3, history: 5, routes: 12, faults: [0, 1, 2].map((node) => ({ node, fault: 'huge:2' })) });
    try {
      const r = await client({ nodes: cluster.urls, maxTotalBytes: 5 * 1024 * 1024 }).fetch(Q);
      const errors = r.nodes.map((n) => n.status.error).filter(Boolean);
      expect(errors.length).toBeGreaterThanOrEqual(1);
      expect(errors[0]).toMatch(/together passed the 5 MiB total cap/);
      expect(r.nodes.reduce((a, n) => a + (n.status.ok ? n.status.bytes : 0), 0)).toBeLessThanOrEqual(5 * 1024 * 1024);
    } finally {
      await cluster.stop();
    }
  });
});
