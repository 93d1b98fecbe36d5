// Snapshots from the app's view and back, against the simulated cluster: export → open gives
// the same view model and cell detail with no network; redaction leaves no key bytes; CSV holds
// the merged values; damaged files are refused in words; B − A compares two views.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ClusterService } from '../../../src/main/app/cluster-service';
import { DEMO_ACCESS_KEY, DEMO_SECRET_KEY, type DemoCluster, startDemoCluster } from '../../../src/demo-cluster';
import { openSnapshot } from '../../../src/main/core/snapshot';
import type { ClusterView } from '../../../src/shared/ipc';

let cluster: DemoCluster;
let now = Date.UTC(2026, 10, 24, 3, 0, 0);
const dir = mkdtempSync(join(tmpdir(), 'keyviz-snapview-'));
const live = new ClusterService();
let liveId: string;
let liveView: ClusterView;
const Q = { series: 'writes' as const, rows: 1024, fromMs: null, toMs: null };

beforeAll(async () => {
  // Leadership flips every few columns: conflicts to carry across the file.
  cluster = await startDemoCluster({ nodes: 3, history: 240, routes: 24, seed: 9, clock: () => now });
  liveId = live.openWith({ nodes: cluster.urls, accessKey: DEMO_ACCESS_KEY, secret: DEMO_SECRET_KEY }).connectionId;
  await live.fetch({ connectionId: liveId, ...Q });
  now += 3 * 60_000; // three more columns, fetched incrementally: the kept matrices must be exported, not the increment
  liveView = await live.fetch({ connectionId: liveId, ...Q, incremental: true });
  expect(liveView.nodes.every((n) => n.incremental)).toBe(true);
});
afterAll(async () => {
  await live.closeAll();
  await cluster.stop();
  rmSync(dir, { recursive: true, force: true });
});

const plain = (v: ClusterView) => ({ ...v, elapsedMs: 0, nodes: v.nodes.map((n) => ({ ...n, elapsed_ms: 0 })) });

describe('export → open', () => {
  test('the same view model and cell detail, from a fresh service with no network', async () => {
    const path = join(dir, 'view.kvsnap');
    await live.exportSnapshot(liveId, path, { redact: false, appVersion: 'test', label: 'rig' });
    expect(readFileSync(path)[0]).toBe(0x1f); // gzip
    await cluster.setFault(0, 'down');
    await cluster.setFault(1, 'down');
    await cluster.setFault(2, 'down');
    try {
      const opened = await openSnapshot(path);
      expect(opened.meta).toMatchObject({ label: 'rig', redacted: false, series: 'writes', appVersion: 'test' });
      const offline = new ClusterService();
      const { connectionId } = offline.openSnapshot(opened);
      const view = await offline.fetch({ connectionId, ...Q });
      expect(plain(view)).toEqual(plain(liveView));
      const m = liveView.matrix!;
      const change = m.handovers.indexOf(1);
      expect(change).toBeGreaterThanOrEqual(0);
      expect(view.events.length).toBeGreaterThan(0);
      const cell = { row: Math.floor(change / m.columns.length), col: change % m.columns.length };
      const detail = offline.cell({ connectionId, ...cell });
      expect(detail).toEqual(live.cell({ connectionId: liveId, ...cell }));
      // Both leaders' counts are in the cell, and added.
      const lc = detail!.leadershipChange!;
      expect(lc.from.source).not.toBe(lc.to.source);
      expect(detail!.value).toBeGreaterThanOrEqual(lc.from.value + lc.to.value);
      await expect(offline.identify(connectionId)).rejects.toThrow(/this view is a file/);
    } finally {
      for (const i of [0, 1, 2]) await cluster.setFault(i, 'up');
    }
  });

  test('redacted: no key bytes left anywhere, rows in the same order, the same numbers', async () => {
    const path = join(dir, 'redacted.json');
    await live.exportSnapshot(liveId, path, { redact: true, appVersion: 'test' });
    const text = readFileSync(path, 'utf8');
    const keys = liveView.matrix!.rows.flatMap((r) => [r.start, r.end]).filter((k): k is string => !!k);
    expect(keys.length).toBeGreaterThan(10);
    for (const k of keys) {
      expect(text).not.toContain(`"${k}"`);
      const raw = Buffer.from(k, 'base64').toString('latin1');
      if (raw.length >= 4) expect(text).not.toContain(raw);
    }
    const opened = await openSnapshot(path);
    expect(opened.meta.redacted).toBe(true);
    const offline = new ClusterService();
    const view = await offline.fetch({ connectionId: offline.openSnapshot(opened).connectionId, ...Q });
    expect(view.matrix!.rows.map((r) => r.bucketId)).toEqual(liveView.matrix!.rows.map((r) => r.bucketId));
    expect([...view.matrix!.values]).toEqual([...liveView.matrix!.values]);
    expect(Buffer.from(view.matrix!.rows[1]!.start!, 'base64').toString()).toMatch(/^#\d{4} h:[0-9a-f]{12} \d+B$/);

    // Exported again: still marked redacted, still dated when the data was taken.
    const again = join(dir, 'redacted-again.json');
    await offline.exportSnapshot(offline.openSnapshot(opened).connectionId, again, { redact: false, appVersion: 'test' });
    const second = await openSnapshot(again);
    expect(second.meta).toMatchObject({ redacted: true, createdAt: opened.meta.createdAt });
    // A redacted view against one with real keys would pair rows with unrelated ranges: refused.
    const plainId = offline.openSnapshot(await openSnapshot(join(dir, 'view.kvsnap'))).connectionId;
    expect(() => offline.compare({ connectionId: plainId }, { connectionId: offline.openSnapshot(second).connectionId }))
      .toThrow(/^snapshot \(redacted-again\.json, [\d: -]+\) has its keys redacted and the other does not/);
  });

  test('redaction rewrites keys quoted in warnings, once each, even when one key\'s text begins another\'s', async () => {
    const { keyRedactor } = await import('../../../src/main/core/snapshot');
    const k1 = Buffer.from('#00').toString('base64'); // "IzAw": every replacement text starts with "#000…"
    const k2 = Buffer.from('#00x').toString('base64');
    const r = keyRedactor([{ rows: [{ start: k1, end: k2 }, { start: k2, end: null }] as never }]);
    const said = r.text(`route:1: the inputs disagree on its key range: a says [${k1}, ${k2}); b says [${k2}, null)`);
    // (every replacement's base64 begins with k1's text, so a substring check would prove nothing)
    const words = [...said.matchAll(/\[([^,]+), ([^)]+)\)/g)].map((m) => [m[1], m[2]]);
    expect(words).toEqual([[r.key(k1), r.key(k2)], [r.key(k2), 'null']]);
    expect(Buffer.from(r.key(k1), 'base64').toString()).toMatch(/^#0001 h:[0-9a-f]{12} 3B$/);
  });

  test('CSV: one row per bucket, one column per time, keys decoded, the merged values', async () => {
    const path = join(dir, 'view.csv');
    await live.exportCsv(liveId, path);
    const lines = readFileSync(path, 'utf8').trimEnd().split('\r\n');
    const m = liveView.matrix!;
    expect(lines).toHaveLength(m.rows.length + 1);
    const header = lines[0]!.split(',');
    expect(header.slice(0, 9)).toEqual(['bucket_id', 'label', 'start', 'end', 'row', 'start_user_key', 'start_kind', 'end_user_key', 'end_kind']);
    expect(header.slice(9).map((t) => Date.parse(t))).toEqual([...m.columns]);
    const W = m.columns.length;
    m.rows.forEach((r, i) => {
      const cells = lines[i + 1]!.split(',');
      expect(cells[0]).toBe(r.bucketId);
      // What the row is, in words: `route 7 · group 2 · redis`.
      if (r.bucketId.startsWith('route:')) expect(cells[4]).toMatch(/^route \d+(#\d+)?( · group \d+)?( · [a-z0-9]+)?$/);
      expect(cells.slice(-W).map(Number)).toEqual([...m.values.subarray(i * W, (i + 1) * W)]);
    });
    const keyed = m.rows.find((r) => r.start && /^[\x20-\x7e]+$/.test(Buffer.from(r.start, 'base64').toString('latin1')))!;
    expect(readFileSync(path, 'utf8')).toContain(Buffer.from(keyed.start!, 'base64').toString('latin1'));
  });
});

describe('files that cannot be opened', () => {
  const write = (name: string, content: string | Buffer): string => { const p = join(dir, name); writeFileSync(p, content); return p; };
  let good: string;
  beforeAll(async () => {
    good = join(dir, 'good.json');
    await live.exportSnapshot(liveId, good, { redact: false, appVersion: 'test' });
  });

  test('truncated, damaged, too large, newer, not a snapshot: each said in words', async () => {
    const text = readFileSync(good, 'utf8');
    await expect(openSnapshot(write('cut.json', text.slice(0, text.length / 2)))).rejects.toThrow(/damaged or truncated: not valid JSON/);
    const gz = gzipSync(text);
    await expect(openSnapshot(write('cut.kvsnap', gz.subarray(0, gz.length - 100)))).rejects.toThrow(/damaged or truncated gzip data/);
    await expect(openSnapshot(good, 1000)).rejects.toThrow(/too large to open \(.* MiB; the limit is 0\.0 MiB\)/);
    await expect(openSnapshot(write('bomb.kvsnap', gzipSync(Buffer.alloc(4 << 20, 0x20))), 1 << 20)).rejects.toThrow(/decompresses to more than 1\.0 MiB/);
    const doc = JSON.parse(text);
    await expect(openSnapshot(write('v9.json', JSON.stringify({ ...doc, version: 9 })))).rejects.toThrow(/newer KeyViz Inspector.*version 9.*update the app/);
    await expect(openSnapshot(write('other.json', '{"hello":1}'))).rejects.toThrow(/not a KeyViz Inspector snapshot/);
    doc.nodes[1].matrix.rows[2].values[3] = 'lots';
    await expect(openSnapshot(write('bad-cell.json', JSON.stringify(doc)))).rejects.toThrow(/damaged snapshot: nodes\[1\]\.matrix: rows\[2\]\.values\[3\]/);
    delete doc.request;
    await expect(openSnapshot(write('no-request.json', JSON.stringify(doc)))).rejects.toThrow(/damaged snapshot: request: /);
    expect(gunzipSync(gz).toString()).toBe(text); // (the fixture itself was fine)
  });
});

describe('compare', () => {
  test('B − A on the union of rows and columns; a view compared with itself is all zeros', async () => {
    const a = join(dir, 'a.json');
    await live.exportSnapshot(liveId, a, { redact: false, appVersion: 'test' });
    now += 2 * 60_000;
    const later = await live.fetch({ connectionId: liveId, ...Q });
    const svc = new ClusterService();
    const idA = svc.openSnapshot(await openSnapshot(a)).connectionId;
    const same = svc.compare({ connectionId: idA }, { connectionId: idA });
    expect((await svc.fetch({ connectionId: same.connectionId, ...Q })).matrix!.values.every((v) => v === 0)).toBe(true);

    expect(() => svc.compare({ connectionId: idA }, { connectionId: 'gone' })).toThrow(/^B is closed: open it again to compare$/);
    const both = live; // holds the live view: open the snapshot beside it
    const idA2 = both.openSnapshot(await openSnapshot(a)).connectionId;
    const diff = both.compare({ connectionId: idA2 }, { connectionId: liveId });
    expect(diff.nodes).toEqual([expect.stringMatching(/^snapshot \(a\.json, \d\d:\d\d:\d\d\)$/), expect.stringMatching(/^live \(\d\d:\d\d:\d\d\)$/)]);
    const d = (await both.fetch({ connectionId: diff.connectionId, ...Q })).matrix!;
    const before = liveView.matrix!;
    const after = later.matrix!;
    expect([...d.columns]).toEqual([...new Set([...before.columns, ...after.columns])].sort((x, y) => x - y));
    const row = d.rows.findIndex((r) => r.bucketId === after.rows[3]!.bucketId);
    const col = d.columns.indexOf(after.columns[after.columns.length - 1]!);
    const W = after.columns.length;
    expect(d.values[row * d.columns.length + col]).toBe(after.values[3 * W + W - 1]); // a column only B has: B − 0
    const detail = both.cell({ connectionId: diff.connectionId, row, col })!;
    expect(detail.nodes.map((n) => [n.source, n.present])).toEqual([[`A · ${diff.nodes[0]}`, false], [`B · ${diff.nodes[1]}`, true]]);
    await expect(Promise.resolve().then(() => both.exportSnapshot(diff.connectionId, join(dir, 'x.json'), { redact: false, appVersion: 't' })))
      .rejects.toThrow(/a comparison is not a snapshot/);
  });
});
