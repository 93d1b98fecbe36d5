// The cluster view end to end, in real Chromium: the built renderer served over http on
// 127.0.0.1, its bridge backed by the real main-process handlers, against the simulated cluster.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type AppCore, createAppCore } from '../../src/main/app/app-core';
import { DemoCluster, startDemoCluster } from '../../src/demo-cluster';
import { formatQuantity } from '../../src/renderer/src/heatmap/units';
import { ARTIFACTS, CHROMIUM, type E2E, clickCell, clusterMatrix, startE2E } from '../helpers/e2e';
import { testSecretBox } from '../helpers/secret-box';

const userData = mkdtempSync(join(tmpdir(), 'keyviz-e2e-user-'));
let e2e: E2E;
let cluster: DemoCluster;
let core: AppCore;

describe.skipIf(!CHROMIUM)('cluster view in Chromium', () => {
  beforeAll(async () => {
    e2e = await startE2E();
    // Node 0 fans out server-side: the app must still count every node once.
    // A fixed clock: the page and the test see the same columns.
    cluster = await startDemoCluster({ nodes: 3, history: 1440, seed: 4, fanoutNodes: [0], clock: () => Date.UTC(2026, 10, 24, 12, 0, 0) });
    // The app's whole main-process core, over a fresh user-data folder, serving this cluster as its Demo.
    core = createAppCore({ userDataDir: userData, box: testSecretBox(), dialogs: { saveFile: async () => null, openFile: async () => null },
      startDemo: async () => cluster, log: () => {} });
    await core.start();
  });

  afterAll(async () => {
    await e2e?.stop();
    await core?.close();
    rmSync(userData, { recursive: true, force: true });
  });

  async function openApp(viewport = { width: 1400, height: 900 }): Promise<Page> {
    const errors: string[] = [];
    const page = await e2e.open(core.handlers, viewport, (p) => p.on('pageerror', (e) => errors.push(e.message)));
    await page.getByRole('button', { name: 'Open the built-in Demo cluster' }).click();
    await page.getByText('cluster view (3 of 3 nodes)').waitFor();
    await page.locator('.summary[data-drawn="true"]').waitFor();
    expect(errors).toEqual([]);
    return page;
  }

  test('the view loads: every node in the strip, a drawn heatmap, framed leadership changes, no warning', async () => {
    const page = await openApp();
    for (const u of cluster.urls) await expect(page.locator('.badge', { hasText: u }).getAttribute('data-state')).resolves.toBe('ok');
    const painted = await page.locator('.canvas-box canvas').evaluate((el) => {
      const c = el as unknown as { width: number; height: number; getContext(k: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) n++;
      return n / (d.length / 4);
    });
    expect(painted).toBeGreaterThan(0.2);
    // A healthy cluster: leadership changes are information (a quiet line and framed cells), never a warning.
    const framed = Number(await page.locator('.handover-note').getAttribute('data-framed'));
    expect(framed).toBeGreaterThan(0);
    await expect(page.getByRole('status', { name: 'Leadership changes' }).textContent()).resolves.toMatch(/^Leadership changes in this window: group \d+ /);
    await expect(page.locator('.warning').count()).resolves.toBe(0);
    await expect(page.locator('.conflict-note').count()).resolves.toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'cluster-view.png') });
    await page.close();
  });

  test('a fan-out-mode node does not double the numbers', async () => {
    const page = await openApp();
    const shown = await page.locator('.summary').textContent();
    try {
      const m = await clusterMatrix(cluster);
      const rows = m.rows;
      let max = 0;
      for (const r of rows) for (const v of r.values) max = Math.max(max, v);
      expect(shown).toContain(`${rows.length} rows × ${m.columns.length} columns`);
      // In the legend's units (SI, spaced: `11.8 k`), so the summary and the legend say one number one way.
      expect(shown).toContain(`max ${formatQuantity(max, 'count')}`);
      await expect(page.locator('.legend-caption').textContent()).resolves.toContain(`max ${formatQuantity(max, 'count')}`);
    } finally {
      await page.close();
    }
  });

  test('pin a leadership-change cell: the old and the new leader\'s counts, added', async () => {
    // Wide enough that each of the 1440 columns has its own pixels (no downsampling under the pointer).
    const page = await openApp({ width: 2600, height: 1100 });
    try {
      const m = await clusterMatrix(cluster);
      expect(m.rows.every((r) => r.conflicts === null)).toBe(true);
      // A pixel may cover two columns and shows their larger one: pick a cell larger than both neighbours.
      const cells = m.rows.flatMap((r, i) => [...(r.handovers ?? [])].flatMap((h, j) =>
        (h && r.values[j]! > (r.values[j - 1] ?? 0) && r.values[j]! > (r.values[j + 1] ?? 0) ? [[i, j] as const] : [])));
      expect(cells.length).toBeGreaterThan(0);
      const [row, col] = cells[0]!;
      await clickCell(page, m, row, col);
      const panel = page.getByRole('complementary', { name: 'Cell detail' });
      await panel.getByText(m.rows[row]!.bucketId).waitFor();
      const value = m.rows[row]!.values[col]!;
      await expect(panel.locator('.merged-value').textContent()).resolves.toBe(value.toLocaleString('en-US'));
      await expect(panel.locator('.leadership-change').textContent()).resolves.toMatch(/^Leadership change: Leadership of Raft group \d+ moved from /);
      const count = async (role: string) => Number((await panel.locator(`tr[data-role="${role}"] td:nth-child(2)`).textContent())!.replace(/\D/g, ''));
      const [old, now] = [await count('old-leader'), await count('new-leader')];
      expect(old).toBeGreaterThan(0);
      expect(now).toBeGreaterThan(0);
      expect(value).toBeGreaterThanOrEqual(old + now);
      await page.screenshot({ path: join(ARTIFACTS, 'cell-detail.png') });
      await panel.screenshot({ path: join(ARTIFACTS, 'cell-detail-panel.png') });
      await page.keyboard.press('Escape');
      await expect(page.locator('.cell-detail.pinned').count()).resolves.toBe(0);
    } finally {
      await page.close();
    }
  });

  test('click a hot cell of a route in the latest column: its hot keys with every node\'s share', async () => {
    const page = await openApp({ width: 2600, height: 1100 });
    try {
      const m = await clusterMatrix(cluster);
      const col = m.columns.length - 1;
      const row = m.rows.map((r, i) => ({ r, i })).filter(({ r }) => r.bucketId.startsWith('route:'))
        .sort((a, b) => (b.r.values[col] ?? 0) - (a.r.values[col] ?? 0))[0]!.i;
      await clickCell(page, m, row, col);
      const panel = page.getByRole('region', { name: 'Hot keys' });
      const table = panel.getByRole('table', { name: 'Hot keys per node' });
      await table.waitFor();
      // One column per node, named by its node_id once the app knows who is behind each address.
      await expect.poll(() => table.locator('thead th').allTextContents()).toEqual(['key', 'count', 'share', 'n1', 'n2', 'n3']);
      expect(await table.locator('tbody tr').count()).toBeGreaterThan(2);
      // Every key's count is its nodes' counts added up.
      for (const tr of await table.locator('tbody tr').all()) {
        const cells = (await tr.locator('td').allTextContents()).map((t) => Number(t.replace(/[^\d]/g, '') || 0));
        expect(cells.slice(3).reduce((a, b) => a + b, 0)).toBe(cells[1]);
      }
      await expect(panel.textContent()).resolves.toMatch(/approximate \(sampled\) · sample rate 1\/16/);
      // The sampler's internal keys read as the user's, with their kind (rawkv keys are stored as they are).
      if (!/:rawkv/.test(m.rows[row]!.bucketId)) {
        const shown = await table.locator('tbody td:first-child code').allTextContents();
        expect(shown.every((t) => !t.startsWith('!'))).toBe(true);
        expect(await table.locator('tbody td:first-child .kind').count()).toBe(shown.length);
      }
      await page.screenshot({ path: join(ARTIFACTS, 'hot-keys.png') });
      await page.getByRole('complementary', { name: 'Cell detail' }).screenshot({ path: join(ARTIFACTS, 'hot-keys-panel.png') });
    } finally {
      await page.close();
    }
  });

  test('brush-zoom into the heatmap, wheel-zoom, then Backspace back and R to reset', async () => {
    const page = await openApp();
    const summary = page.locator('.summary');
    const full = await summary.getAttribute('data-viewport');
    const rows = (await clusterMatrix(cluster)).rows.length;
    expect(full).toBe(`0,${rows},0,1440`);
    const box = (await page.locator('.canvas-box canvas').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.25, box.y + box.height * 0.2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5, { steps: 5 });
    await page.mouse.up();
    await page.locator('.zoom-note').waitFor();
    const [r0, r1, c0, c1] = (await summary.getAttribute('data-viewport'))!.split(',').map(Number) as [number, number, number, number];
    // The rectangle covers 20 %–50 % of the rows (give or take the row under each edge).
    expect(r0).toBeGreaterThanOrEqual(Math.floor(rows * 0.2) - 1);
    expect(r1).toBeLessThanOrEqual(Math.ceil(rows * 0.5) + 1);
    expect(r1 - r0).toBeGreaterThan(rows * 0.2);
    expect(c0).toBeGreaterThanOrEqual(355);
    expect(c1).toBeLessThanOrEqual(725);
    // The zoomed picture is complete: its level came from the heatmap's worker (built with the app, allowed by its CSP).
    await page.locator('.summary[data-drawn="true"]').waitFor();
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.3);
    await page.mouse.wheel(0, -200);
    await expect.poll(async () => (await summary.getAttribute('data-viewport'))!.split(',').map(Number))
      .not.toEqual([r0, r1, c0, c1]);
    const [wr0, wr1, wc0, wc1] = (await summary.getAttribute('data-viewport'))!.split(',').map(Number) as [number, number, number, number];
    expect(wc1 - wc0).toBeLessThan(c1 - c0);
    expect(wr1 - wr0).toBeLessThanOrEqual(r1 - r0);
    await page.locator('.summary[data-drawn="true"]').waitFor();
    await page.keyboard.press('Backspace');
    await expect.poll(() => summary.getAttribute('data-viewport')).toBe(`${r0},${r1},${c0},${c1}`);
    await page.keyboard.press('r');
    await expect.poll(() => summary.getAttribute('data-viewport')).toBe(full);
    await page.close();
  });

  test('a node set down: the banner names it and why; the others stay on screen', async () => {
    const page = await openApp();
    await cluster.setFault(1, 'down');
    try {
      await page.getByRole('button', { name: 'Refresh' }).click();
      const banner = page.getByRole('alert', { name: 'Cluster view degraded' });
      await banner.waitFor();
      await expect(banner.textContent()).resolves.toMatch(new RegExp(`2 of 3 nodes responded.*${cluster.urls[1]!.replace(/[.:/]/g, '\\$&')} — connection refused`));
      await expect(page.locator('.badge', { hasText: cluster.urls[1]! }).getAttribute('data-state')).resolves.toBe('failed');
      // What that takes away from a writes view: the stretches in which the silent node led a group
      // (it leads some now, and led others earlier in the day).
      const missing = (await banner.locator('.missing').textContent())!;
      expect(missing).toMatch(/Writes are counted only by each Raft group's leader, and no answering node counted these, so their writes are missing: group \d+ /);
      expect(missing.match(/group \d+ /g)!.length).toBeGreaterThan(2);
      expect(missing).not.toMatch(/reads served/);
      await page.getByText('cluster view (2 of 3 nodes)').waitFor();
      await page.locator('.summary[data-drawn="true"]').waitFor();
      await page.screenshot({ path: join(ARTIFACTS, 'cluster-view-degraded.png') });
    } finally {
      await cluster.setFault(1, 'up');
      await page.close();
    }
  });
});
