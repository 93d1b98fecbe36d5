// The balance through the app's own path (issue 18, items 1 and 7): the recorded elastickv nodes
// served over loopback, asked by a live view, give the engine's figures (and the hand computation
// of docs/balance.md); the answer passes the IPC contract; it is weighed once per round; a snapshot
// exported and opened offline gives the same figures; a file without the nodes' own answers, and a
// comparison, say why they have none.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ClusterService } from '../../../src/main/app/cluster-service';
import { VIEW_CAN } from '../../../src/main/app/views';
import { computeBalance } from '../../../src/main/core/balance';
import { identityFromClusterInfo } from '../../../src/main/core/fanout/identity';
import { parseNodeMatrixText } from '../../../src/main/core/merge';
import { openSnapshot } from '../../../src/main/core/snapshot';
import { clusterInfoSchema } from '../../../src/shared/elastickv/wire';
import { type BalanceAnswer, type BalanceView, IPC } from '../../../src/shared/ipc';
import type { FakeNode } from '../../helpers/fake-node';
import { NODES, readText, recordedNode, window } from '../../helpers/recordings';

const SET = 'real-3n-9routes';
const dir = mkdtempSync(join(tmpdir(), 'keyviz-balance-view-'));
const served: FakeNode[] = NODES.map((n) => recordedNode(SET, n));
const svc = new ClusterService();
let urls: string[];
let liveId: string;
const w = window(SET);
const Q = { series: 'writes' as const, rows: 1024, fromMs: w.from_unix_ms, toMs: w.to_unix_ms };

beforeAll(async () => {
  urls = await Promise.all(served.map((n) => n.start()));
  liveId = svc.openWith({ nodes: urls, accessKey: 'ops', secret: 'ops-secret' }).connectionId;
  expect((await svc.fetch({ connectionId: liveId, ...Q })).outcome).toBe('complete');
});
afterAll(async () => {
  await svc.closeAll();
  await Promise.all(served.map((n) => n.stop()));
  rmSync(dir, { recursive: true, force: true });
});

function figures(a: BalanceAnswer): BalanceView {
  if (a.state !== 'balance') throw new Error(`no balance: ${JSON.stringify(a)}`);
  return a.balance;
}

/** The engine on the saved node answers and /cluster files, in the same order. */
function fromFiles() {
  return computeBalance(NODES.map((n, i) => ({
    node: urls[i]!, matrix: parseNodeMatrixText(readText(SET, 'nodes', `${n}-writes.json`), n).matrix,
    identity: identityFromClusterInfo(urls[i]!, clusterInfoSchema.parse(JSON.parse(readText(SET, 'nodes', `${n}-cluster.json`)))),
  })));
}

describe('the balance of a live view of the recorded cluster', () => {
  test('each node\'s total and share, leadership, the imbalance and the move: the engine\'s figures, as worked by hand', () => {
    const b = figures(svc.balance(liveId));
    expect(b.series).toBe('writes');
    expect(b.nodes.map((n) => [n.node, n.nodeId, n.total, n.leads])).toEqual([
      [urls[0], 'n1', 15386, [3]], [urls[1], 'n2', 4852, [1]], [urls[2], 'n3', 16054, [2]]]);
    expect(b.nodes.map((n) => n.share.toFixed(3))).toEqual(['0.424', '0.134', '0.442']);
    expect(b.total).toBe(36292);
    expect(b.busiest).toBe(2);
    expect(b.imbalance).toBe((16054 * 3) / 36292);
    expect(b.whatIf).toEqual([{ groupId: 2, from: 2, to: 1, moved: 7568, imbalanceBefore: (16054 * 3) / 36292, imbalanceAfter: (15386 * 3) / 36292 }]);
    expect(b.failed).toEqual([]);
    expect(b.membershipKnown).toBe(true);

    const e = fromFiles();
    expect(b.nodes).toEqual(e.nodes);
    expect(b.notes).toEqual(e.notes);
    expect(b.stepMs).toBe(e.stepMs);
    // The windows as flat arrays: times, windows × nodes totals (NaN = no column), figures (NaN = none), busiest (-1 = none).
    expect(b.windowMs.length).toBe(e.windows.length);
    expect(b.windowMs.length).toBeGreaterThan(100);
    expect([...b.windowMs]).toEqual(e.windows.map((x) => x.columnMs));
    expect(Array.from({ length: e.windows.length }, (_, s) => [...b.windowTotals.subarray(s * 3, s * 3 + 3)].map((t) => (Number.isNaN(t) ? null : t))))
      .toEqual(e.windows.map((x) => x.totals));
    expect([...b.windowImbalance].map((x) => (Number.isNaN(x) ? null : x))).toEqual(e.windows.map((x) => x.imbalance));
    expect([...b.windowBusiest].map((x) => (x < 0 ? null : x))).toEqual(e.windows.map((x) => x.busiest));
  });

  test('the answer passes the IPC contract both ways, typed arrays and all', () => {
    const a = svc.balance(liveId);
    const parsed = IPC.balance.response.parse(a);
    expect(parsed).toEqual(a);
    expect(IPC.balance.request.parse({ connectionId: liveId })).toEqual({ connectionId: liveId });
    // A window total for a node that is not there is refused.
    const b = figures(a);
    expect(IPC.balance.response.safeParse({ ...a, balance: { ...b, windowTotals: b.windowTotals.subarray(1) } }).success).toBe(false);
    expect(IPC.balance.response.safeParse({ ...a, balance: { ...b, busiest: 3 } }).success).toBe(false);
  });

  test('weighed once per round: asked again, the same answer; after a refresh, the new round\'s', async () => {
    const first = svc.balance(liveId);
    expect(svc.balance(liveId)).toBe(first);
    await svc.fetch({ connectionId: liveId, ...Q });
    const next = svc.balance(liveId);
    expect(next).not.toBe(first);
    expect(next).toEqual(first);
  });

  test('the capability: live, snapshot and replay weigh their nodes; a comparison does not', () => {
    expect([VIEW_CAN.live.balance, VIEW_CAN.snapshot.balance, VIEW_CAN.replay.balance, VIEW_CAN.comparison.balance]).toEqual([true, true, true, false]);
    expect(svc.balance('no-such-view')).toEqual({ state: 'unavailable', why: { reason: 'nothing-on-screen' } });
  });
});

describe('the balance of a snapshot (item 7: offline, the same figures)', () => {
  // Last: it stops the recorded nodes.
  test('exported and opened in a fresh service with the nodes gone: the same figures, leadership included', async () => {
    const path = join(dir, 'recorded.kvsnap');
    await svc.exportSnapshot(liveId, path, { redact: false, appVersion: 'test' });
    const offline = new ClusterService();
    try {
      await Promise.all(served.map((n) => n.stop()));
      const { connectionId, can } = offline.openSnapshot(await openSnapshot(path));
      expect(can.balance).toBe(true);
      expect(offline.balance(connectionId)).toEqual(svc.balance(liveId));

      // B − A of the file and the live view: a difference has no balance.
      const diff = svc.compare({ connectionId: svc.openSnapshot(await openSnapshot(path)).connectionId }, { connectionId: liveId });
      expect(diff.can.balance).toBe(false);
      expect(svc.balance(diff.connectionId)).toEqual({ state: 'unavailable', why: { reason: 'comparison' } });
    } finally {
      await offline.closeAll();
    }
  });

  test('a file that kept only the merged matrix: no node\'s own answer to weigh, said so', async () => {
    const path = join(dir, 'recorded.kvsnap');
    const doc = JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')) as { nodes: Array<Record<string, unknown>> };
    for (const n of doc.nodes) delete n.matrix;
    const merged = join(dir, 'merged-only.json');
    writeFileSync(merged, JSON.stringify(doc));
    const offline = new ClusterService();
    const { connectionId } = offline.openSnapshot(await openSnapshot(merged));
    expect(offline.balance(connectionId)).toEqual({ state: 'unavailable', why: { reason: 'no-node-answers' } });
  });
});
