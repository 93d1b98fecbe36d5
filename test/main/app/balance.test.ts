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
import { type BalanceAnswer, type BalanceView, IPC, type TimeSpan } from '../../../src/shared/ipc';
import { MAX_SAVED_ROWS } from '../../../src/shared/limits';
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

/** The engine on the saved node answers and /cluster files, in the same order (over `span`, when given). */
function fromFiles(span: TimeSpan | null = null) {
  return computeBalance(NODES.map((n, i) => ({
    node: urls[i]!, matrix: parseNodeMatrixText(readText(SET, 'nodes', `${n}-writes.json`), n).matrix,
    identity: identityFromClusterInfo(urls[i]!, clusterInfoSchema.parse(JSON.parse(readText(SET, 'nodes', `${n}-cluster.json`)))),
  })), { span });
}

describe('the balance of a live view of the recorded cluster', () => {
  test('each node\'s total and share, leadership, the imbalance and the move: the engine\'s figures, as worked by hand', () => {
    const b = figures(svc.balance({ connectionId: liveId }));
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
    const a = svc.balance({ connectionId: liveId });
    const parsed = IPC.balance.response.parse(a);
    expect(parsed).toEqual(a);
    expect(IPC.balance.request.parse({ connectionId: liveId })).toEqual({ connectionId: liveId });
    // A window total for a node that is not there is refused.
    const b = figures(a);
    expect(IPC.balance.response.safeParse({ ...a, balance: { ...b, windowTotals: b.windowTotals.subarray(1) } }).success).toBe(false);
    expect(IPC.balance.response.safeParse({ ...a, balance: { ...b, busiest: 3 } }).success).toBe(false);
    // Group ids are Go uint64s: past 2^53 they cross as the rounded numbers the CLI prints too.
    const big = 2 ** 60;
    const wide = { ...b, nodes: b.nodes.map((n) => ({ ...n, leads: [big], groups: [{ groupId: big, total: 1 }] })),
      whatIf: b.whatIf.map((m) => ({ ...m, groupId: big })) };
    expect(IPC.balance.response.safeParse({ ...a, balance: wide }).success).toBe(true);
  });

  test('weighed once per round: asked again, the same answer; after a refresh, the new round\'s', async () => {
    const first = svc.balance({ connectionId: liveId });
    expect(svc.balance({ connectionId: liveId })).toBe(first);
    await svc.fetch({ connectionId: liveId, ...Q });
    const next = svc.balance({ connectionId: liveId });
    expect(next).not.toBe(first);
    expect(next).toEqual(first);
  });

  test('the capability: live, snapshot and replay weigh their nodes; a comparison does not', () => {
    expect([VIEW_CAN.live.balance, VIEW_CAN.snapshot.balance, VIEW_CAN.replay.balance, VIEW_CAN.comparison.balance]).toEqual([true, true, true, false]);
    expect(svc.balance({ connectionId: 'no-such-view' })).toEqual({ state: 'unavailable', why: { reason: 'nothing-on-screen' } });
  });
});

describe('over the zoomed columns, and which node served a row (item 1)', () => {
  /** The merged columns of the view on screen, and its rows' bucket ids. */
  async function shown(): Promise<{ columns: Float64Array; buckets: string[] }> {
    const v = await svc.fetch({ connectionId: liveId, ...Q });
    return { columns: v.matrix!.columns, buckets: v.matrix!.rows.map((r) => r.bucketId) };
  }

  test('the balance of a span is the engine\'s on the same span, kept per span; the whole window again is the first answer\'s figures', async () => {
    const { columns } = await shown();
    const span = { fromMs: columns[30]!, toMs: columns[70]! };
    const a = figures(svc.balance({ connectionId: liveId, span }));
    const e = fromFiles(span);
    expect(a.span).toEqual(span);
    expect(a.nodes).toEqual(e.nodes);
    expect(a.whatIf).toEqual(e.whatIf);
    expect(a.windowMs.length).toBe(40);
    expect(a.nodes.map((n) => n.total)).not.toEqual(figures(svc.balance({ connectionId: liveId })).nodes.map((n) => n.total));
    expect(svc.balance({ connectionId: liveId, span: null })).toBe(svc.balance({ connectionId: liveId }));
    expect(IPC.balance.response.parse(svc.balance({ connectionId: liveId, span }))).toEqual(svc.balance({ connectionId: liveId, span }));
  });

  test('served by: a merged row over a span is each node\'s own count of that bucket there, straight from its JSON', async () => {
    const { columns, buckets } = await shown();
    expect(buckets).toContain('route:3:redis#0');
    const span = { fromMs: columns[10]!, toMs: columns[50]! };
    const a = svc.served({ connectionId: liveId, buckets: ['route:3:redis#0'], span });
    const raw = NODES.map((n) => JSON.parse(readText(SET, 'nodes', `${n}-writes.json`)) as { rows: Array<{ bucket_id: string; values: number[] }> });
    const want = raw.map((m) => m.rows.filter((r) => r.bucket_id === 'route:3:redis#0').reduce((x, r) => x + r.values.slice(10, 50).reduce((p, q) => p + q, 0), 0));
    expect(a).toEqual({ state: 'served', total: want[0]! + want[1]! + want[2]!,
      nodes: NODES.map((n, i) => ({ node: urls[i], nodeId: n, total: want[i], share: want[i]! / (want[0]! + want[1]! + want[2]!) })) });
    expect(want[1]).toBe(0); // n2 holds no such bucket
    expect(IPC.served.response.parse(a)).toEqual(a);
    // Every row over the whole window: the balance's totals.
    const all = svc.served({ connectionId: liveId, buckets, span: null });
    expect(all.state === 'served' && all.nodes.map((n) => n.total)).toEqual([15386, 4852, 16054]);
  });

  test('what the request may not ask: no buckets, more buckets than a file holds rows, backwards spans; a bucket no node holds was served by none', () => {
    expect(svc.served({ connectionId: liveId, buckets: ['route:999:none'], span: null })).toMatchObject({ state: 'served', total: 0 });
    expect(svc.served({ connectionId: 'no-such-view', buckets: ['route:1'], span: null }).state).toBe('unavailable');
    expect(IPC.served.request.safeParse({ connectionId: liveId, buckets: [], span: null }).success).toBe(false);
    expect(IPC.served.request.safeParse({ connectionId: liveId, buckets: Array.from({ length: MAX_SAVED_ROWS + 1 }, (_, i) => `b${i}`), span: null }).success).toBe(false);
    expect(IPC.served.request.safeParse({ connectionId: liveId, buckets: ['b'], span: { fromMs: 5, toMs: 5 } }).success).toBe(false);
    expect(IPC.balance.request.safeParse({ connectionId: liveId, span: { fromMs: Infinity, toMs: null } }).success).toBe(false);
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
      expect(offline.balance({ connectionId })).toEqual(svc.balance({ connectionId: liveId }));
      const rows = { buckets: ['route:1:redis#1', 'route:3:redis#0'], span: null };
      expect(offline.served({ connectionId, ...rows })).toEqual(svc.served({ connectionId: liveId, ...rows }));

      // B − A of the file and the live view: a difference has no balance.
      const diff = svc.compare({ connectionId: svc.openSnapshot(await openSnapshot(path)).connectionId }, { connectionId: liveId });
      expect(diff.can.balance).toBe(false);
      expect(svc.balance({ connectionId: diff.connectionId })).toEqual({ state: 'unavailable', why: { reason: 'comparison' } });
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
    expect(offline.balance({ connectionId })).toEqual({ state: 'unavailable', why: { reason: 'no-node-answers' } });
  });
});
