// What a newcomer sees first, in real Chromium against the real core and the built-in Demo as the
// app starts it (real clock, default traffic): the start screen offers the Demo, and its cluster
// view is healthy (every node answered, no warning) with the heatmap, axes and legend on screen at
// 1400x900 and 1024x700, and its Balance panel shows one node carrying well over its share. These
// runs also make the README's pictures: with KEYVIZ_SCREENSHOTS=DIR (`npm run screenshots`) they
// are written there, otherwise beside the other e2e artifacts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type AppCore, createAppCore } from '../../src/main/app/app-core';
import { type DemoCluster, startDemoCluster } from '../../src/demo-cluster';
import { ARTIFACTS, CHROMIUM, clickCell, clusterMatrix, type E2E, startE2E } from '../helpers/e2e';
import { testSecretBox } from '../helpers/secret-box';

const OUT = process.env.KEYVIZ_SCREENSHOTS ? resolve(process.env.KEYVIZ_SCREENSHOTS) : ARTIFACTS;
const dir = mkdtempSync(join(tmpdir(), 'keyviz-e2e-first-run-'));
const LARGE = { width: 1400, height: 900 };
const SMALL = { width: 1024, height: 700 };

type Box = { x: number; y: number; width: number; height: number };
const inside = (b: Box, v: { width: number; height: number }): boolean =>
  b.x >= 0 && b.y >= 0 && b.x + b.width <= v.width + 0.5 && b.y + b.height <= v.height + 0.5;

let e2e: E2E;
let cluster: DemoCluster | undefined;
let core: AppCore;

describe.skipIf(!CHROMIUM)('first run in Chromium', () => {
  beforeAll(async () => {
    e2e = await startE2E();
    // The Demo exactly as the app starts it; the test only keeps a handle on it (to stop a node).
    core = createAppCore({ userDataDir: mkdtempSync(join(dir, 'user-')), box: testSecretBox(), log: () => {}, appVersion: 'e2e',
      dialogs: { saveFile: async () => null, openFile: async () => null },
      startDemo: async () => (cluster = await startDemoCluster({ log: () => {} })) });
    await core.start();
  });
  afterAll(async () => {
    await e2e?.stop();
    await core?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function openDemo(viewport: { width: number; height: number }): Promise<Page> {
    const page = await e2e.open(core.handlers, viewport);
    await page.getByRole('button', { name: 'Open the built-in Demo cluster' }).click();
    await page.getByText('cluster view (3 of 3 nodes)').waitFor();
    await page.locator('.summary[data-drawn="true"]').waitFor();
    return page;
  }

  async function expectHealthyOnScreen(page: Page, viewport: { width: number; height: number }): Promise<void> {
    for (const selector of ['.canvas-box canvas', '.key-axis', '.time-axis', '.legend']) {
      const b = await page.locator(selector).first().boundingBox();
      expect(b && inside(b, viewport), `${selector} (${JSON.stringify(b)}) inside ${viewport.width}x${viewport.height}`).toBe(true);
    }
    // A healthy cluster looks healthy: no banner, no warning, every node answered (a loaded
    // machine may make a cold Demo node's first answer 'slow', which is true and not a failure).
    await expect(page.locator('[role="alert"], .warnings').count()).resolves.toBe(0);
    const states = await page.locator('.node-strip[aria-label="Nodes"] .badge').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));
    expect(states).toHaveLength(3);
    for (const s of states) expect(['ok', 'slow']).toContain(s);
  }

  test.each([LARGE, SMALL])('the Demo opens healthy and fits $width x $height', async (viewport) => {
    const page = await openDemo(viewport);
    await expectHealthyOnScreen(page, viewport);
    await page.screenshot({ path: join(OUT, `cluster-view-${viewport.width}x${viewport.height}.png`) });
    await page.close();
  });

  test('the Balance panel open: the Demo visibly imbalanced, the busiest node named', async () => {
    const page = await openDemo(LARGE);
    const panel = page.getByRole('region', { name: 'Balance' });
    await panel.getByRole('button', { name: /Balance/ }).click();
    await page.locator('.balance-chart canvas[data-drawn="true"]').waitFor();
    await expect(panel.getByRole('status').textContent()).resolves.toMatch(/^busiest node n\d carries \d\.\d\d× its even share/);
    // Whatever the time of day (the Demo's clock is the real one here), one node carries well over its share.
    expect(Number(await panel.getAttribute('data-imbalance'))).toBeGreaterThanOrEqual(1.25);
    await expect(panel.getByRole('table', { name: 'Load per node' }).locator('tbody tr').count()).resolves.toBe(3);
    await page.screenshot({ path: join(OUT, 'balance.png') });
    await page.close();
  });

  test('a pinned cell with its hot keys, then one node down', async () => {
    const page = await openDemo(LARGE);
    const m = await clusterMatrix(cluster!);
    const col = m.columns.length - 1; // hot keys are the nodes' latest window
    const row = m.rows.map((r, i) => ({ r, i })).filter(({ r }) => /^route:\d+:redis$/.test(r.bucketId)) // Redis keys: user keys worth showing
      .sort((a, b) => b.r.values[col]! - a.r.values[col]!)[0]!.i;
    await clickCell(page, m, row, col);
    await page.locator('.cell-detail.pinned').waitFor();
    await page.getByRole('table', { name: 'Hot keys per node' }).waitFor();
    await page.screenshot({ path: join(OUT, 'pinned-cell.png') });
    await page.keyboard.press('Escape');

    await cluster!.setFault(1, 'down');
    await page.getByRole('button', { name: 'Refresh', exact: true }).click();
    await page.getByText('cluster view (2 of 3 nodes)').waitFor();
    await expect(page.getByRole('alert', { name: 'Cluster view degraded' }).textContent()).resolves.toContain(cluster!.urls[1]!.replace('http://', ''));
    await page.screenshot({ path: join(OUT, 'cluster-view-degraded.png') });
    await cluster!.setFault(1, 'up');
    await page.close();
  }, 60_000);
});
