// Hot keys as the app asks for them, against the simulated cluster: the row decides (aggregate,
// series, older column), the answer is kept with the view and travels in its snapshot — redacted
// when the snapshot is — and a snapshot opened offline shows what was saved.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ClusterService } from '../../../src/main/app/cluster-service';
import { DEMO_ACCESS_KEY, DEMO_SECRET_KEY, type DemoCluster, startDemoCluster } from '../../../src/demo-cluster';
import { openSnapshot } from '../../../src/main/core/snapshot';
import type { ClusterView, HotKeysView } from '../../../src/shared/ipc';
import { hotKeysUnavailableText, OLDER_COLUMN_TEXT } from '../../../src/renderer/src/hotkeys-words';

/** The answer with the words the renderer puts on it (main says the reason, the renderer the words). */
const said = (v: HotKeysView) => (v.state === 'unavailable' ? { ...v, message: hotKeysUnavailableText(v.why) }
  : v.state === 'older-column' ? { ...v, message: OLDER_COLUMN_TEXT } : v);

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);
const dir = mkdtempSync(join(tmpdir(), 'keyviz-hkview-'));
let cluster: DemoCluster;
const svc = new ClusterService();
let id: string;
let view: ClusterView;
const Q = { series: 'writes' as const, rows: 1024, fromMs: null, toMs: null };

beforeAll(async () => {
  cluster = await startDemoCluster({ nodes: 3, history: 30, routes: 24, seed: 7, clock: () => NOW });
  id = svc.openWith({ nodes: cluster.urls, accessKey: DEMO_ACCESS_KEY, secret: DEMO_SECRET_KEY }).connectionId;
  view = await svc.fetch({ connectionId: id, ...Q });
});
afterAll(async () => {
  await svc.closeAll();
  await cluster.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A hot-keys request for a cell of `v` (the bucket id as the renderer would send it). */
const at = (connectionId: string, v: ClusterView, row: number, col: number, more: { top?: number; latest?: boolean } = {}) =>
  ({ connectionId, row, col, bucketId: v.matrix!.rows[row]!.bucketId, top: more.top ?? 20, ...(more.latest ? { latest: true } : {}) });

/** The busiest route row in the latest column, and an aggregate row. */
function rows() {
  const m = view.matrix!;
  const W = m.columns.length;
  const last = W - 1;
  const routes = m.rows.map((r, i) => ({ r, i })).filter(({ r }) => r.bucketId.startsWith('route:'));
  const hot = routes.sort((a, b) => m.values[b.i * W + last]! - m.values[a.i * W + last]!)[0]!;
  const agg = m.rows.findIndex((r) => r.aggregate);
  return { hot: hot.i, agg, last, writes: m.values[hot.i * W + last]! };
}

describe('hot keys in the app', () => {
  test('what a row allows: aggregates and older columns are explained; the latest column of a route answers', async () => {
    const { hot, agg, last, writes } = rows();
    expect(said(await svc.hotKeys(at(id, view, agg, last)))).toMatchObject({ state: 'unavailable', why: { reason: 'aggregate' }, message: expect.stringMatching(/aggregates .* per route/) });
    expect(said(await svc.hotKeys(at(id, view, hot, 0)))).toMatchObject({ state: 'older-column', message: expect.stringMatching(/latest window/) });
    const r = await svc.hotKeys(at(id, view, hot, last, { top: 5 }));
    if (r.state !== 'answer') throw new Error(JSON.stringify(r));
    expect(r).toMatchObject({ fromFile: false, rowTotal: writes, saved: { outcome: 'complete', bucket_id: view.matrix!.rows[hot]!.bucketId } });
    expect(r.saved.split.length).toBeGreaterThan(0);
    expect(r.saved.split.length).toBeLessThanOrEqual(5);
    // The older column, on request: the latest window's keys.
    expect(await svc.hotKeys(at(id, view, hot, 0, { top: 5, latest: true }))).toMatchObject({ state: 'answer' });
    // Other series: explained.
    const reads = new ClusterService();
    const rid = reads.openWith({ nodes: cluster.urls, accessKey: DEMO_ACCESS_KEY, secret: DEMO_SECRET_KEY }).connectionId;
    const readsView = await reads.fetch({ connectionId: rid, ...Q, series: 'reads' });
    expect(said(await reads.hotKeys(at(rid, readsView, 0, 0)))).toMatchObject({ state: 'unavailable', message: expect.stringMatching(/writes only/) });
    await reads.closeAll();
    // A row that is no longer the one the renderer saw is not answered for.
    expect(said(await svc.hotKeys({ ...at(id, view, hot, last), bucketId: 'route:999999' }))).toEqual({ state: 'unavailable', why: { reason: 'gone' }, message: 'this cell is no longer on screen' });
    // A view of a past window: even its last column is older than any node's sketch.
    const past = new ClusterService();
    const pid = past.openWith({ nodes: cluster.urls, accessKey: DEMO_ACCESS_KEY, secret: DEMO_SECRET_KEY }).connectionId;
    const pastView = await past.fetch({ connectionId: pid, ...Q, fromMs: NOW - 20 * 60_000, toMs: NOW - 10 * 60_000 });
    const pr = pastView.matrix!.rows.findIndex((r) => r.bucketId.startsWith('route:'));
    expect(said(await past.hotKeys(at(pid, pastView, pr, pastView.matrix!.columns.length - 1)))).toMatchObject({ state: 'older-column' });
    await past.closeAll();
  });

  test('kept in the snapshot (keys redacted with the rest when asked), shown from the file offline', async () => {
    const { hot, last } = rows();
    const asked = await svc.hotKeys(at(id, view, hot, last, { top: 5 }));
    if (asked.state !== 'answer') throw new Error(asked.state);
    const path = join(dir, 'with-hot-keys.kvsnap');
    await svc.exportSnapshot(id, path, { redact: false, appVersion: 't' });
    const opened = await openSnapshot(path);
    expect(opened.hotKeys.map((h) => h.bucket_id)).toEqual([asked.saved.bucket_id]);
    const offline = new ClusterService();
    const oid = offline.openSnapshot(opened).connectionId;
    const offView = await offline.fetch({ connectionId: oid, ...Q });
    expect(await offline.hotKeys(at(oid, offView, hot, last, { top: 5 }))).toMatchObject({ state: 'answer', fromFile: true, saved: asked.saved });
    expect(said(await offline.hotKeys(at(oid, offView, hot === 0 ? 1 : 0, last, { top: 5 })))).toMatchObject({ state: 'unavailable', message: expect.stringMatching(/holds no hot keys for this row/) });

    const redacted = join(dir, 'redacted.json');
    await svc.exportSnapshot(id, redacted, { redact: true, appVersion: 't' });
    const text = readFileSync(redacted, 'utf8');
    for (const k of asked.saved.split) {
      expect(text).not.toContain(k.key_b64);
      expect(text).not.toContain(Buffer.from(k.key_b64, 'base64').toString('latin1'));
    }
    expect((await openSnapshot(redacted)).hotKeys[0]!.split.length).toBe(asked.saved.split.length);
  });
});
