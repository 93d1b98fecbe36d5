// Access keys and roles, KeyViz switched off, a node with its own signing key, and node
// endpoints that agree with the traffic the nodes report.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DemoCluster, DEMO_ACCESS_KEY, DEMO_SECRET_KEY, startDemoCluster } from '../../src/demo-cluster';
import { clusterInfoSchema, errorBodySchema, loginResponseSchema, matrixSchema } from '../../src/shared/elastickv/wire';
import { cookieHeader, http, login } from '../helpers/http';

const NOW = Date.UTC(2026, 10, 24, 15, 30, 0);
let cluster: DemoCluster;
let full: string;

beforeAll(async () => {
  cluster = await startDemoCluster({
    nodes: 4, history: 60, clock: () => NOW, jitterMs: 0, seed: 5,
    readOnlyKeys: [{ accessKey: 'viewer', secretKey: 'viewer-secret' }],
    unauthorisedKeys: [{ accessKey: 's3-only', secretKey: 's3-secret' }],
    keyvizDisabled: [2],
    ownSigningKeys: [3],
  });
  full = cookieHeader((await login(cluster.urls[0]!, DEMO_ACCESS_KEY, DEMO_SECRET_KEY)).setCookies);
});
afterAll(async () => { await cluster.stop(); });

const api = (i: number, path: string): string => `${cluster.urls[i]}/admin/api/v1/${path}`;
const errorOf = (text: string): string => errorBodySchema.parse(JSON.parse(text)).error;

describe('roles', () => {
  test('a read-only key logs in as read_only, reads matrices, and is refused hot keys', async () => {
    const r = await login(cluster.urls[1]!, 'viewer', 'viewer-secret');
    expect(loginResponseSchema.parse(r.json()).role).toBe('read_only');
    const cookie = cookieHeader(r.setCookies);
    expect((await http(api(1, 'keyviz/matrix'), { headers: { cookie } })).status).toBe(200);
    const hot = await http(api(1, 'keyviz/hotkeys?route_id=1'), { headers: { cookie } });
    expect(hot.status).toBe(403);
    expect(hot.json()).toEqual({ error: 'forbidden', message: 'this endpoint requires admin.full_access_keys membership' });
  });

  test('a valid key outside both role lists is 403 at login; a wrong secret for it is 401', async () => {
    const r = await login(cluster.urls[0]!, 's3-only', 's3-secret');
    expect(r.status).toBe(403);
    expect(r.json()).toEqual({ error: 'forbidden', message: 'access_key is not authorised for admin access' });
    expect((await login(cluster.urls[0]!, 's3-only', 'guess')).status).toBe(401);
  });

  test('duplicate or malformed extra keys are configuration errors', async () => {
    await expect(startDemoCluster({ nodes: 1, readOnlyKeys: [{ accessKey: DEMO_ACCESS_KEY, secretKey: 'x' }] })).rejects.toThrow(/configured twice/);
    await expect(startDemoCluster({ nodes: 1, unauthorisedKeys: [{ accessKey: ' ', secretKey: 'x' }] })).rejects.toThrow(/non-empty/);
  });
});

describe('KeyViz disabled on a node', () => {
  test('the matrix is 503 keyviz_disabled after auth and before parameter parsing', async () => {
    const r = await http(api(2, 'keyviz/matrix?series=bogus'), { headers: { cookie: full } });
    expect(r.status).toBe(503);
    expect(r.json()).toEqual({ error: 'keyviz_disabled', message: 'key visualizer sampler is not configured on this node' });
    expect((await http(api(2, 'keyviz/matrix'))).status).toBe(401);
    expect(errorOf((await http(api(2, 'keyviz/hotkeys?route_id=1'), { headers: { cookie: full } })).text)).toBe('keyviz_disabled');
    expect((await http(api(2, 'cluster'), { headers: { cookie: full } })).status).toBe(200);
  });

  test('can be switched back on while running', async () => {
    cluster.node(2).settings.keyviz = true;
    try {
      expect((await http(api(2, 'keyviz/matrix'), { headers: { cookie: full } })).status).toBe(200);
    } finally {
      cluster.node(2).settings.keyviz = false;
    }
  });
});

describe('a node with its own signing key', () => {
  test('refuses the shared cookie with 401 until one logs in there; its cookie is refused elsewhere', async () => {
    const shared = await http(api(3, 'keyviz/matrix'), { headers: { cookie: full } });
    expect(shared.status).toBe(401);
    expect(shared.json()).toEqual({ error: 'unauthenticated', message: 'invalid or expired session' });
    const own = cookieHeader((await login(cluster.urls[3]!, DEMO_ACCESS_KEY, DEMO_SECRET_KEY)).setCookies);
    expect((await http(api(3, 'keyviz/matrix'), { headers: { cookie: own } })).status).toBe(200);
    expect((await http(api(0, 'keyviz/matrix'), { headers: { cookie: own } })).status).toBe(401);
  });
});

describe('node endpoints agree with the traffic model', () => {
  test('/cluster names, for each group, the node that counts its writes now; healthz/leader agrees', async () => {
    const infos = await Promise.all([0, 1, 3].map(async (i) => {
      const cookie = i === 3 ? cookieHeader((await login(cluster.urls[3]!, DEMO_ACCESS_KEY, DEMO_SECRET_KEY)).setCookies) : full;
      return clusterInfoSchema.parse((await http(api(i, 'cluster'), { headers: { cookie } })).json());
    }));
    const leaderOf = new Map<number, string>();
    for (const info of infos) for (const g of info.groups) leaderOf.set(g.group_id, g.leader_id);

    // Who wrote in the newest column, per group (node 2 has KeyViz off: skip it).
    const writers = new Map<number, Set<string>>();
    for (const i of [0, 1]) {
      const m = matrixSchema.parse((await http(api(i, 'keyviz/matrix?series=writes'), { headers: { cookie: full } })).json());
      const last = m.column_unix_ms.length - 1;
      for (const r of m.rows) {
        if (r.values[last]! > 0 && r.raft_group_ids![last]! > 0) {
          const g = r.raft_group_ids![last]!;
          (writers.get(g) ?? writers.set(g, new Set()).get(g)!).add(`n${i + 1}`);
        }
      }
    }
    expect(writers.size).toBeGreaterThan(0);
    for (const [g, nodes] of writers) expect([...nodes], `group ${g}`).toContain(leaderOf.get(g));

    const health = await Promise.all(cluster.urls.map(async (u) => (await http(`${u}/admin/healthz/leader`)).status));
    expect(health.map((s, i) => (s === 200 ? `n${i + 1}` : null)).filter(Boolean)).toEqual([leaderOf.get(1)]);
  });
});
