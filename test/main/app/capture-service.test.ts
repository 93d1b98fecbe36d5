// The app's recorder: one capture at a time (also while the save dialog is open), and a window
// that went away never costs the capture its end record.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CaptureService } from '../../../src/main/app/capture-service';
import { ClusterService } from '../../../src/main/app/cluster-service';
import { readCapture } from '../../../src/main/core/capture';
import { DEMO_ACCESS_KEY, DEMO_SECRET_KEY, type DemoCluster, startDemoCluster } from '../../../src/demo-cluster';
import { registerIpc, type IpcEventLike, type IpcHandlers } from '../../../src/main/app/ipc';
import { IPC } from '../../../src/shared/ipc';

const dir = mkdtempSync(join(tmpdir(), 'keyviz-capsvc-'));
let cluster: DemoCluster;
const clusters = new ClusterService();
let connectionId: string;
beforeAll(async () => {
  cluster = await startDemoCluster({ nodes: 2, history: 10, routes: 12 });
  connectionId = clusters.openWith({ nodes: cluster.urls, accessKey: DEMO_ACCESS_KEY, secret: DEMO_SECRET_KEY }).connectionId;
});
afterAll(async () => {
  await clusters.closeAll();
  await cluster.stop();
  rmSync(dir, { recursive: true, force: true });
});
const req = (forMs: number | null) => ({ connectionId, label: 'rig', everyMs: 100, forMs,
  query: { series: 'writes' as const, rows: 100, fromMs: null, toMs: null } });

describe('capture service', () => {
  test('a second Start while the save dialog is open is refused; a cancelled dialog frees the recorder', async () => {
    let answer: (path: string | null) => void = () => {};
    const svc = new CaptureService({ clusters, appVersion: 't', dialogs: { saveFile: () => new Promise((r) => { answer = r; }), openFile: async () => null } });
    const first = svc.start(req(300), () => {});
    await expect(svc.start(req(300), () => {})).rejects.toThrow(/already recording/);
    answer(null);
    expect(await first).toEqual({ path: null });
    const path = join(dir, 'after.kvcap');
    const again = svc.start(req(200), () => {});
    answer(path);
    expect(await again).toEqual({ path });
    await svc.stop();
    expect((await readCapture(path)).end).not.toBeNull();
  });

  test('the window is gone (every report throws): the capture still ends with its end record', async () => {
    const path = join(dir, 'gone.kvcap');
    const svc = new CaptureService({ clusters, appVersion: 't', dialogs: { saveFile: async () => path, openFile: async () => null } });
    let reports = 0;
    await svc.start(req(null), () => { reports++; throw new Error('Object has been destroyed'); });
    await expect.poll(() => reports, { timeout: 5000 }).toBeGreaterThanOrEqual(2);
    await svc.stop();
    const f = await readCapture(path);
    expect(f.end).toMatchObject({ reason: 'stopped', aggregate_status: 'completed' });
    expect(svc.status()).toBeNull();
  });

  test('IPC replies to a destroyed window are dropped, not thrown', async () => {
    const handlers = new Map<string, (e: IpcEventLike, ...a: unknown[]) => unknown>();
    const calls: string[] = [];
    registerIpc({ handle: (c, l) => { handlers.set(c, l); }, removeHandler: () => {} },
      { ...Object.fromEntries(Object.keys(IPC).map((k) => [k, () => { throw new Error('unused'); }])),
        demoStatus: (_r, reply) => { reply.send('x', 1); calls.push('answered'); return { state: 'starting' }; } } as IpcHandlers, () => true);
    const sender = { isDestroyed: () => true, send: () => { throw new Error('Object has been destroyed'); } };
    await expect(Promise.resolve(handlers.get(IPC.demoStatus.channel)!({ senderFrame: { url: 'x' }, sender }))).resolves.toEqual({ state: 'starting' });
    expect(calls).toEqual(['answered']);
  });
});
