// The simulated nodes tell a test what they were asked (onRequest): every request, on the node
// that received it, with its method, path and query, as the client sent them.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type DemoCluster, type DemoRequest, startDemoCluster } from '../../src/demo-cluster';
import { ClusterClient } from '../../src/main/core/fanout';

const T0 = Date.UTC(2026, 10, 24, 9, 30, 0);
const requests: DemoRequest[] = [];
let cluster: DemoCluster;

beforeAll(async () => {
  cluster = await startDemoCluster({ nodes: 3, history: 30, routes: 12, clock: () => T0, onRequest: (r) => requests.push(r) });
});
afterAll(async () => { await cluster.stop(); });

describe('onRequest', () => {
  test('each node reports the login and the matrix query it received, with the from/to the client asked', async () => {
    const client = new ClusterClient({ nodes: cluster.urls, accessKey: cluster.accessKey, secret: cluster.secretKey });
    try {
      await client.fetch({ series: 'reads', rows: 7, fromMs: T0 - 600_000, toMs: T0 - 120_000 });
    } finally {
      await client.close();
    }
    const matrix = requests.filter((r) => r.url.pathname === '/admin/api/v1/keyviz/matrix');
    expect(matrix.map((r) => r.node).sort()).toEqual([0, 1, 2]);
    for (const r of matrix) {
      expect(r.method).toBe('GET');
      expect(Object.fromEntries(r.url.searchParams)).toMatchObject({ series: 'reads', rows: '7',
        from_unix_ms: String(T0 - 600_000), to_unix_ms: String(T0 - 120_000) });
    }
    const logins = requests.filter((r) => r.url.pathname === '/admin/api/v1/auth/login');
    expect(logins.length).toBeGreaterThanOrEqual(1);
    expect(logins.every((r) => r.method === 'POST')).toBe(true);
  });
});
