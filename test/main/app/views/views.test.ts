// The four kinds of view, through ClusterService against the simulated cluster: each open answer
// says its kind and what it can do (the renderer acts on that, never on shapes), and what a view
// cannot do is refused in words, as its `can` says.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ClusterService } from '../../../../src/main/app/cluster-service';
import { VIEW_CAN } from '../../../../src/main/app/views';
import { type CaptureClock, CaptureReplay, readCapture, runCapture } from '../../../../src/main/core/capture';
import { roundBalance } from '../../../../src/main/core/balance';
import { balanceView } from '../../../../src/main/app/views/balance';
import { DEMO_ACCESS_KEY, DEMO_SECRET_KEY, type DemoCluster, startDemoCluster } from '../../../../src/demo-cluster';
import { ClusterClient } from '../../../../src/main/core/fanout';
import { openSnapshot } from '../../../../src/main/core/snapshot';
import type { ViewKind } from '../../../../src/shared/ipc';

const MIN = 60_000;
const Q = { series: 'writes' as const, rows: 1024, fromMs: null, toMs: null };
const dir = mkdtempSync(join(tmpdir(), 'keyviz-views-'));
let now = Date.UTC(2026, 10, 24, 3, 0, 0);
let cluster: DemoCluster;
const svc = new ClusterService();
const opened: Partial<Record<ViewKind, string>> = {};

beforeAll(async () => {
  cluster = await startDemoCluster({ nodes: 3, history: 120, routes: 12, seed: 5, clock: () => now });
  const live = svc.openWith({ nodes: cluster.urls, accessKey: DEMO_ACCESS_KEY, secret: DEMO_SECRET_KEY });
  expect(live).toMatchObject({ kind: 'live', can: VIEW_CAN.live });
  opened.live = live.connectionId;
  await svc.fetch({ connectionId: live.connectionId, ...Q });

  const snapPath = join(dir, 'v.kvsnap');
  await svc.exportSnapshot(live.connectionId, snapPath, { redact: false, appVersion: 't' });
  const snap = svc.openSnapshot(await openSnapshot(snapPath));
  expect(snap).toMatchObject({ kind: 'snapshot', can: VIEW_CAN.snapshot });
  opened.snapshot = snap.connectionId;

  const capPath = join(dir, 'v.kvcap');
  const client = new ClusterClient({ nodes: cluster.urls, accessKey: DEMO_ACCESS_KEY, secret: DEMO_SECRET_KEY });
  const clock: CaptureClock = { now: () => now, sleep: (ms) => { now += ms; return Promise.resolve(); } };
  await runCapture({ client, query: Q, everyMs: MIN, forMs: 3 * MIN, path: capPath, appVersion: 't', clock });
  await client.close();
  const replay = svc.openCapture(await readCapture(capPath, { matrices: true }));
  expect(replay).toMatchObject({ kind: 'replay', can: VIEW_CAN.replay, nodes: cluster.urls });
  opened.replay = replay.connectionId;

  const diff = svc.compare({ connectionId: snap.connectionId }, { connectionId: live.connectionId });
  expect(diff).toMatchObject({ kind: 'comparison', can: VIEW_CAN.comparison });
  // Main names the sides: which is the file, which is live, and when each was taken.
  expect(diff.nodes).toEqual([expect.stringMatching(/^snapshot \(v\.kvsnap, \d\d:\d\d:\d\d\)$/), expect.stringMatching(/^live \(\d\d:\d\d:\d\d\)$/)]);
  opened.comparison = diff.connectionId;
});
afterAll(async () => {
  await svc.closeAll();
  await cluster.stop();
  rmSync(dir, { recursive: true, force: true });
});

const id = (k: ViewKind): string => opened[k]!;

describe('views as types', () => {
  test('only the live view refreshes from the nodes; the others return their picture as it is', async () => {
    for (const k of ['snapshot', 'replay', 'comparison'] as const) {
      expect(VIEW_CAN[k].refresh).toBe(false);
      const a = await svc.fetch({ connectionId: id(k), ...Q });
      const b = await svc.fetch({ connectionId: id(k), ...Q });
      expect(b, k).toBe(a);
    }
    expect(VIEW_CAN.live.refresh).toBe(true);
    const before = await svc.fetch({ connectionId: id('live'), ...Q });
    now += 2 * MIN;
    const after = await svc.fetch({ connectionId: id('live'), ...Q });
    expect(after.outcome).toBe('complete');
    // Asked again: the nodes' newer columns are in it.
    expect(after.matrix!.columns.at(-1)).toBeGreaterThan(before.matrix!.columns.at(-1)!);
  });

  test('nodes are asked only where `identify` and `capture` say so', async () => {
    for (const k of ['snapshot', 'replay', 'comparison'] as const) {
      expect(VIEW_CAN[k]).toMatchObject({ identify: false, capture: false });
      await expect(svc.identify(id(k)), k).rejects.toThrow(/this view is a file: it has no live nodes/);
      expect(() => svc.sibling(id(k)), k).toThrow(/this view is a file: it has no live nodes/);
    }
    const who = await svc.identify(id('live'));
    expect(who.nodes.every((n) => n.ok)).toBe(true);
  });

  test('frames only in a replay; snapshots not of a comparison; every kind exports CSV', async () => {
    for (const k of ['live', 'snapshot', 'comparison'] as const) {
      expect(VIEW_CAN[k].frames).toBe(false);
      expect(() => svc.frame(id(k), 0), k).toThrow(/this view is not a capture/);
    }
    expect(svc.frame(id('replay'), 0)).toBeNull();
    expect(VIEW_CAN.comparison.exportSnapshot).toBe(false);
    await expect(svc.exportSnapshot(id('comparison'), join(dir, 'x.kvsnap'), { redact: false, appVersion: 't' })).rejects.toThrow(/a comparison is not a snapshot/);
    for (const k of ['live', 'snapshot', 'replay', 'comparison'] as const) {
      expect(VIEW_CAN[k].exportCsv).toBe(true);
      expect(await svc.exportCsv(id(k), join(dir, `${k}.csv`)), k).toBeGreaterThan(0);
    }
  });

  test('hot keys: asked live, read from the file, and the reason where a view has none', async () => {
    expect(VIEW_CAN.live.hotKeys).toBe('ask');
    expect(VIEW_CAN.snapshot.hotKeys).toBe('file');
    const req = async (k: ViewKind) => {
      const m = (await svc.fetch({ connectionId: id(k), ...Q })).matrix!;
      const row = m.rows.findIndex((r) => r.bucketId.startsWith('route:') && !r.aggregate);
      expect(row, k).toBeGreaterThanOrEqual(0);
      return { connectionId: id(k), row, col: m.columns.length - 1, bucketId: m.rows[row]!.bucketId, top: 5 };
    };
    expect(await svc.hotKeys(await req('comparison'))).toEqual({ state: 'unavailable', why: { reason: 'comparison' } });
    expect(await svc.hotKeys(await req('replay'))).toEqual({ state: 'unavailable', why: { reason: 'capture' } });
    expect(await svc.hotKeys(await req('snapshot'))).toEqual({ state: 'unavailable', why: { reason: 'not-in-file' } });
    const asked = await svc.hotKeys(await req('live'));
    expect(asked).toMatchObject({ state: 'answer', fromFile: false });
    expect(await svc.hotKeys({ ...(await req('live')), connectionId: 'closed' })).toEqual({ state: 'unavailable', why: { reason: 'nothing-on-screen' } });
  });

  test('balance: live, snapshot and replay weigh their nodes\' own answers; a comparison says why it has none', async () => {
    expect(VIEW_CAN.comparison.balance).toBe(false);
    expect(svc.balance({ connectionId: id('comparison') })).toEqual({ state: 'unavailable', why: { reason: 'comparison' } });
    for (const k of ['live', 'snapshot', 'replay'] as const) {
      expect(VIEW_CAN[k].balance, k).toBe(true);
      const a = svc.balance({ connectionId: id(k) });
      expect(a.state, k).toBe('balance');
      if (a.state !== 'balance') continue;
      expect(a.balance.nodes.map((n) => n.node), k).toEqual(cluster.urls);
      expect(Math.abs(a.balance.nodes.reduce((x, n) => x + n.share, 0) - 1), k).toBeLessThanOrEqual(1e-12);
      // Leadership where the view knows each node's /cluster: live and its snapshot; a capture records none.
      expect(a.balance.nodes.every((n) => (k === 'replay' ? n.leads === null : Array.isArray(n.leads))), k).toBe(true);
      expect(a.balance.membershipKnown, k).toBe(k !== 'replay');
    }
    // The replay weighs the poll on screen, as the capture merges it.
    const file = await readCapture(join(dir, 'v.kvcap'), { matrices: true });
    const last = file.polls.length - 1;
    for (const poll of [0, last]) {
      svc.frame(id('replay'), poll);
      const expected = roundBalance(new CaptureReplay(file).frame(poll), 'writes')!;
      expect(svc.balance({ connectionId: id('replay') })).toEqual({ state: 'balance', balance: balanceView(expected, []) });
    }
  });
});
