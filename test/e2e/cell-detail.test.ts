// A cell's detail in real Chromium, against the real core and the simulated cluster on a fixed
// clock: every configured node in the per-node table (a down one as "no answer", with why); at
// default zoom a click pins a leadership-change cell or the latest column rather than a larger
// neighbour sharing its pixel, and the hovered cell is highlighted; the per-node tables never
// break a word and name nodes as the node strip does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type AppCore, createAppCore } from '../../src/main/app/app-core';
import { type DemoCluster, startDemoCluster } from '../../src/demo-cluster';
import { ARTIFACTS, CHROMIUM, type E2E, startE2E } from '../helpers/e2e';
import { testSecretBox } from '../helpers/secret-box';

const dir = mkdtempSync(join(tmpdir(), 'keyviz-e2e-cell-'));
const WIDE = { width: 1400, height: 900 };
let e2e: E2E;
let cluster: DemoCluster;
let core: AppCore;

describe.skipIf(!CHROMIUM)('cell detail in Chromium', () => {
  beforeAll(async () => {
    e2e = await startE2E();
    // A fixed clock: the page and the test see the same columns.
    cluster = await startDemoCluster({ nodes: 3, history: 1440, seed: 4, clock: () => Date.UTC(2026, 10, 24, 12, 0, 0) });
    core = createAppCore({ userDataDir: mkdtempSync(join(dir, 'user-')), box: testSecretBox(),
      dialogs: { saveFile: async () => null, openFile: async () => null }, startDemo: async () => cluster, log: () => {} });
    await core.start();
  });

  afterAll(async () => {
    await e2e?.stop();
    await core?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function openApp(viewport = WIDE): Promise<Page> {
    const errors: string[] = [];
    const page = await e2e.open(core.handlers, viewport, (p) => p.on('pageerror', (e) => errors.push(e.message)));
    await page.getByRole('button', { name: 'Open the built-in Demo cluster' }).click();
    await page.getByText('cluster view (3 of 3 nodes)').waitFor();
    await page.locator('.summary[data-drawn="true"]').waitFor();
    // The strip names every node by its node_id once the app has asked who they are.
    await expect.poll(() => page.locator('.node-strip .node-id').count()).toBe(3);
    expect(errors).toEqual([]);
    return page;
  }

  const panel = (page: Page) => page.getByRole('complementary', { name: 'Cell detail' });
  const perNode = (page: Page) => panel(page).getByRole('table', { name: 'Per-node values' });
  /** The node_ids the strip shows, in its order. */
  const stripNames = async (page: Page): Promise<string[]> =>
    (await page.locator('.node-strip .node-id').allTextContents()).map((t) => t.split(' · ')[0]!);

  test('a node down: the pinned cell lists every configured node, the silent one as "no answer" with why', async () => {
    const page = await openApp();
    try {
      const names = await stripNames(page);
      expect(names).toEqual(['n1', 'n2', 'n3']);
      await cluster.setFault(1, 'down');
      await page.getByRole('button', { name: 'Refresh' }).click();
      await page.getByText('cluster view (2 of 3 nodes)').waitFor();
      await page.locator('.summary[data-drawn="true"]').waitFor();
      const box = (await page.locator('.canvas-box canvas').boundingBox())!;
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await page.locator('.cell-detail.pinned').waitFor();
      const rows = perNode(page).locator('tbody tr');
      // Every configured node, in the strip's order and by the strip's names.
      await expect(rows.locator('td:first-child').allTextContents()).resolves.toEqual(names);
      await expect(rows.nth(1).getAttribute('class')).resolves.toBe('no-answer');
      await expect(rows.nth(1).locator('td').allTextContents()).resolves.toEqual(['n2', '—', '', '', 'no answer: connection refused']);
      for (const i of [0, 2]) await expect(rows.nth(i).locator('td').last().textContent()).resolves.not.toMatch(/no answer/);
      await panel(page).screenshot({ path: join(ARTIFACTS, 'cell-detail-node-down.png') });
    } finally {
      await cluster.setFault(1, 'up');
      await page.close();
    }
  });
});
