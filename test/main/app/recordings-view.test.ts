// The app's view of a real cluster's recorded answers: healthy looks healthy; one node down says
// which group's writes it took; an unknown adapter label is shown as it is.
import { createServer } from 'node:net';
import { afterAll, describe, expect, test } from 'vitest';
import { ClusterService } from '../../../src/main/app/cluster-service';
import { mergeMatrices, parseNodeMatrixText } from '../../../src/main/core/merge';
import type { FakeNode } from '../../helpers/fake-node';
import { readText, recordedNode, window } from '../../helpers/recordings';
import { missingText } from '../../../src/shared/missing';

const started: FakeNode[] = [];
const svc = new ClusterService();
afterAll(async () => {
  await svc.closeAll();
  await Promise.all(started.map((n) => n.stop()));
});

async function play(set: string, nodes: string[]): Promise<string[]> {
  return Promise.all(nodes.map((n) => { const f = recordedNode(set, n); started.push(f); return f.start(); }));
}

describe('the app against recorded elastickv nodes', () => {
  test('healthy: no warning, no conflict, leadership changes as information', async () => {
    const urls = await play('real-3n-9routes', ['n1', 'n2', 'n3']);
    const { connectionId } = svc.openWith({ nodes: urls, accessKey: 'ops', secret: 'ops-secret' });
    const w = window('real-3n-9routes');
    const view = await svc.fetch({ connectionId, series: 'writes', rows: 1024, fromMs: w.from_unix_ms, toMs: w.to_unix_ms });
    expect(view.outcome).toBe('complete');
    expect(view.warnings).toEqual([]);
    expect(view.matrix!.conflicts.every((c) => c === 0)).toBe(true);
    expect(view.events.map((e) => e.group)).toEqual([2, 3, 1]);
    expect(view.missing).toBeNull();
  });

  test('node 3 not listening: the banner\'s words name group 3 (its writes before n2 took it), not reads served', async () => {
    const up = await play('real-3n-node-down', ['n1', 'n2']);
    const s = createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const dead = `http://127.0.0.1:${(s.address() as { port: number }).port}`;
    await new Promise((r) => s.close(r));
    const { connectionId } = svc.openWith({ nodes: [...up, dead], accessKey: 'ops', secret: 'ops-secret' });
    const w = window('real-3n-node-down');
    const view = await svc.fetch({ connectionId, series: 'writes', rows: 1024, fromMs: w.from_unix_ms, toMs: w.to_unix_ms });
    expect(view.outcome).toBe('degraded');
    expect(view.warnings).toEqual([]);
    expect(view.missing).toMatchObject({ nodes: [{ node: dead, nodeId: 'n3' }], groups: [{ group: 3, fromMs: null, leader: 'n2' }] });
    expect(missingText(view.missing!, String)).toMatch(/so their writes are missing: group 3 until \d+ \(n2 leads it now\)\.$/);
  });

  test('a recording-style answer with a label elastickv may add later merges and reads as it is', () => {
    const text = readText('real-3n-9routes', 'nodes', 'n1-writes.json').replaceAll(':redis', ':newadapter').replaceAll('"redis"', '"newadapter"');
    const m = parseNodeMatrixText(text, 'n1.json', 0).matrix;
    const r = mergeMatrices([m]);
    expect(r.matrix.rows.map((x) => x.bucketId)).toContain('route:3:newadapter#0');
    expect(r.warnings).toEqual([]);
  });
});
