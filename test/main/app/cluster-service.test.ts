// The service behind the cluster IPC channels, with the simulated cluster.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ClusterService, UnknownConnectionError } from '../../../src/main/app/cluster-service';
import { DemoCluster, startDemoCluster } from '../../../src/demo-cluster';
import { clusterViewSchema, type ProgressEvent } from '../../../src/shared/ipc';

let cluster: DemoCluster;
const service = new ClusterService();
beforeAll(async () => { cluster = await startDemoCluster({ nodes: 3, history: 30, routes: 12 }); });
afterAll(async () => { await service.closeAll(); await cluster.stop(); });
const Q = { series: 'writes' as const, rows: 1024, fromMs: null, toMs: null };

describe('ClusterService', () => {
  test('a view: contract-valid, row-major arrays, progress for every node as it finishes', async () => {
    const { connectionId, nodes } = service.open({ nodes: [...cluster.urls, cluster.urls[0]!], accessKey: cluster.accessKey, secret: cluster.secretKey });
    expect(nodes).toEqual(cluster.urls);
    const events: ProgressEvent[] = [];
    const view = clusterViewSchema.parse(await service.fetch({ connectionId, ...Q }, (e) => events.push(e)));
    expect(events.map((e) => e.node.node).sort()).toEqual([...cluster.urls].sort());
    expect(view.login).toBeNull();
    const m = view.matrix!;
    expect(m.values.length).toBe(m.rows.length * m.columns.length);
    expect(m.rows.some((r) => r.conflict)).toBe(m.conflicts.some((c) => c === 1));
    expect(view.warnings.some((w) => w.kind === 'node_address')).toBe(true); // the duplicate node
  });

  test('a wrong secret: the view says the credentials were refused', async () => {
    const { connectionId } = service.open({ nodes: cluster.urls, accessKey: cluster.accessKey, secret: 'wrong' });
    const view = await service.fetch({ connectionId, ...Q });
    expect(view.outcome).toBe('failed');
    expect(view.login).toMatchObject({ credentialsRefused: true });
    expect(view.login!.error).toMatch(/login refused: the access key or secret is wrong/);
  });

  test('a closed connection is an error that says what to do', async () => {
    const { connectionId } = service.open({ nodes: cluster.urls, accessKey: cluster.accessKey, secret: cluster.secretKey });
    await service.close(connectionId);
    await expect(service.fetch({ connectionId, ...Q })).rejects.toThrow(UnknownConnectionError);
    await expect(service.fetch({ connectionId, ...Q })).rejects.toThrow(/connect again/);
    // Exports of a closed view say the same (they once said "refresh first", which would not help).
    await expect(service.exportCsv(connectionId, '/nonexistent/x.csv')).rejects.toThrow(/this connection is closed; connect again/);
    await expect(service.exportSnapshot(connectionId, '/nonexistent/x.kvsnap', { redact: false, appVersion: 't' })).rejects.toThrow(UnknownConnectionError);
  });
});
