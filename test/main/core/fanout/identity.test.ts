import { afterEach, describe, expect, test } from 'vitest';
import { DEMO_ACCESS_KEY, DEMO_SECRET_KEY, startDemoCluster } from '../../../../src/demo-cluster';
import { ClusterClient } from '../../../../src/main/core/fanout';
import { fakeElastickv } from '../../../helpers/fake-node';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });
const client = (nodes: string[]): ClusterClient => {
  const c = new ClusterClient({ nodes, accessKey: DEMO_ACCESS_KEY, secret: DEMO_SECRET_KEY });
  cleanups.push(() => c.close());
  return c;
};

describe('node identity', () => {
  test('each address maps to its node_id, hosted groups and leadership; one node under two addresses is flagged', async () => {
    const cluster = await startDemoCluster({ nodes: 3, history: 5, routes: 12 });
    cleanups.push(() => cluster.stop());
    const port = new URL(cluster.urls[0]!).port;
    const { nodes, duplicates } = await client([...cluster.urls, `http://localhost:${port}`]).identify();
    expect(nodes.map((n) => n.nodeId)).toEqual(['n1', 'n2', 'n3', 'n1']);
    for (const n of nodes) expect(n.groups!.length).toBeGreaterThan(0);
    const leaders = new Set(nodes.slice(0, 3).flatMap((n) => n.groups!.filter((g) => g.isLeader).map((g) => g.groupId)));
    expect(leaders.size).toBeGreaterThan(0);
    expect(duplicates).toEqual([{ nodeId: 'n1', nodes: [cluster.urls[0], `http://localhost:${port}`] }]);
  });

  test('a fan-out-enabled node names its peers (self first, configured order), with the seed\'s scheme', async () => {
    const cluster = await startDemoCluster({ nodes: 3, history: 5, routes: 12, fanoutNodes: [0] });
    cleanups.push(() => cluster.stop());
    const found = await client([cluster.urls[0]!]).discover();
    expect(found).toEqual(cluster.nodes.map((n) => `http://${n.listenAddress}`));
  });

  test('a wildcard --adminListen takes the seed\'s host; a node without fan-out says it cannot help', async () => {
    const seed = fakeElastickv(() => ({ body: JSON.stringify({ column_unix_ms: [], rows: [], series: 'writes',
      fanout: { nodes: [{ node: '0.0.0.0:8080', ok: true }, { node: '10.0.0.2:8080', ok: true }], responded: 2, expected: 2 } }) }));
    const url = await seed.start();
    cleanups.push(() => seed.stop());
    expect(await client([url]).discover()).toEqual(['http://127.0.0.1:8080', 'http://10.0.0.2:8080']);
    const plain = await startDemoCluster({ nodes: 1, history: 5, routes: 12 });
    cleanups.push(() => plain.stop());
    await expect(client(plain.urls).discover()).rejects.toThrow(/does not fan out/);
  });
});

describe('logout', () => {
  test('closing a client logs out with the CSRF double submit', async () => {
    const node = fakeElastickv(() => ({ body: JSON.stringify({ column_unix_ms: [], rows: [], series: 'writes' }) }));
    const url = await node.start();
    cleanups.push(() => node.stop());
    const c = new ClusterClient({ nodes: [url], accessKey: 'k', secret: 's' });
    await c.fetch({ series: 'writes', rows: 10, fromMs: null, toMs: null });
    await c.close();
    const logout = node.seen.find((r) => r.path === '/admin/api/v1/auth/logout')!;
    expect(logout.method).toBe('POST');
    expect(logout.headers['x-admin-csrf']).toBe('fakecsrf');
    expect(logout.headers.cookie).toBe('admin_session=fake.jwt.token; admin_csrf=fakecsrf');
  });
});
