// Refreshing the cluster view in real Chromium, against the real core and the simulated cluster on
// a clock the test moves: a pinned cell stays on its bucket and column time (its detail and hot
// keys still shown) across Refresh and an auto-refresh tick a step later, or is let go with a word;
// the "as of" time follows the view on screen; Series and Rows refetch at once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type AppCore, createAppCore } from '../../src/main/app/app-core';
import type { IpcHandlers } from '../../src/main/app/ipc';
import { type DemoCluster, startDemoCluster } from '../../src/demo-cluster';
import type { IpcRequest } from '../../src/shared/ipc';
import { ARTIFACTS, CHROMIUM, type E2E, clickCell, clusterMatrix, startE2E, windowText } from '../helpers/e2e';
import { testSecretBox } from '../helpers/secret-box';

const dir = mkdtempSync(join(tmpdir(), 'keyviz-e2e-refresh-'));
const STEP = 60_000;
const T0 = Date.UTC(2026, 10, 24, 12, 0, 0);
const VIEWPORT = { width: 1400, height: 900 };
let e2e: E2E;
let cluster: DemoCluster;
let core: AppCore;
/** The cluster's clock: a test moves it by a step to make the next round bring a new column. */
let now = T0;
const snapshotFile = join(dir, 'view.kvsnap');

describe.skipIf(!CHROMIUM)('refresh in Chromium', () => {
  beforeAll(async () => {
    e2e = await startE2E();
    cluster = await startDemoCluster({ nodes: 3, history: 1440, seed: 4, stepMs: STEP, clock: () => now });
    core = createAppCore({ userDataDir: mkdtempSync(join(dir, 'user-')), box: testSecretBox(),
      dialogs: { saveFile: async () => snapshotFile, openFile: async () => snapshotFile }, startDemo: async () => cluster, log: () => {} });
    await core.start();
  });

  afterAll(async () => {
    await e2e?.stop();
    await core?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The app's page, its calls to main recorded on the way (the real handlers answer them). */
  async function openApp(): Promise<{ page: Page; fetches: Array<IpcRequest<'fetch'>>; hotKeys: Array<IpcRequest<'hotKeys'>> }> {
    now = T0;
    const fetches: Array<IpcRequest<'fetch'>> = [];
    const hotKeys: Array<IpcRequest<'hotKeys'>> = [];
    const handlers: IpcHandlers = {
      ...core.handlers,
      fetch: (req, reply) => { fetches.push(req); return core.handlers.fetch(req, reply); },
      hotKeys: (req, reply) => { hotKeys.push(req); return core.handlers.hotKeys(req, reply); },
    };
    const errors: string[] = [];
    const page = await e2e.open(handlers, VIEWPORT, (p) => p.on('pageerror', (e) => errors.push(e.message)));
    await page.getByRole('button', { name: 'Open the built-in Demo cluster' }).click();
    await page.getByText('cluster view (3 of 3 nodes)').waitFor();
    await page.locator('.summary[data-drawn="true"]').waitFor();
    expect(errors).toEqual([]);
    return { page, fetches, hotKeys };
  }



  const panel = (page: Page) => page.getByRole('complementary', { name: 'Cell detail' });
  /** What the detail panel says the pinned cell is: its bucket and its column's time (where its window ends). */
  const pinnedCell = async (page: Page) => {
    if (await page.locator('.cell-detail.pinned').count() === 0) return { pinned: false, bucket: null, column: null };
    return {
      pinned: true,
      bucket: await panel(page).locator('header strong').textContent(),
      column: (await panel(page).locator('dt:text-is("Window") + dd').textContent())!.split(' → ').at(-1),
    };
  };
  const asOf = async (page: Page): Promise<number> => Date.parse((await page.locator('.as-of time').getAttribute('datetime'))!);
  const pinLeft = async (page: Page): Promise<number> => Number.parseFloat(await page.locator('.pin-mark').evaluate((el) => (el as unknown as { style: { left: string } }).style.left));

  test('a pinned cell stays on its bucket and column time across Refresh and an auto-refresh tick, with its detail and hot keys', async () => {
    const { page, fetches, hotKeys } = await openApp();
    try {
      await expect(asOf(page)).resolves.toBe(T0);
      // A route's latest column, larger than its neighbour (a pixel may cover two columns and shows the larger).
      const m = await clusterMatrix(cluster);
      const col = m.columns.length - 1;
      const row = m.rows.map((r, i) => ({ r, i })).filter(({ r }) => r.bucketId.startsWith('route:') && r.values[col]! > r.values[col - 1]!)
        .sort((a, b) => b.r.values[col]! - a.r.values[col]!)[0]!.i;
      await clickCell(page, m, row, col);
      await panel(page).getByRole('table', { name: 'Hot keys per node' }).waitFor();
      const pinned = await pinnedCell(page);
      expect(pinned).toEqual({ pinned: true, bucket: m.rows[row]!.bucketId, column: expect.any(String) });
      // The latest column: its flush closed the window since the column before (contract §3.5).
      await expect(panel(page).locator('dt:text-is("Window") + dd').textContent()).resolves
        .toBe(await windowText(page, m.columns[col - 1]!, m.columns[col]!));
      expect(hotKeys).toHaveLength(1);
      const keys = await panel(page).getByRole('table', { name: 'Hot keys per node' }).locator('tbody tr').allTextContents();
      const left = await pinLeft(page);

      // Refresh, nothing changed: the same cell, its detail and its hot keys, not asked again.
      const before = fetches.length;
      await page.getByRole('button', { name: 'Refresh' }).click();
      await expect.poll(() => fetches.length).toBe(before + 1);
      await page.getByRole('button', { name: 'Refresh' }).waitFor(); // the round is done (not "Refreshing…")
      await expect.poll(() => pinnedCell(page)).toEqual(pinned);
      await expect(panel(page).getByRole('table', { name: 'Hot keys per node' }).locator('tbody tr').allTextContents()).resolves.toEqual(keys);
      expect(hotKeys).toHaveLength(1);
      await expect(asOf(page)).resolves.toBe(T0);

      // A step later, an auto-refresh tick brings a new column and drops the oldest: every column
      // index shifts by one; the pin stays on its column's time.
      now = T0 + STEP;
      await page.getByLabel('Auto-refresh').selectOption('5000');
      await expect.poll(() => asOf(page), { timeout: 15_000 }).toBe(T0 + STEP);
      expect(fetches.at(-1)).toMatchObject({ incremental: true });
      await page.getByLabel('Auto-refresh').selectOption('0');
      await expect.poll(() => pinnedCell(page)).toEqual(pinned);
      await expect.poll(() => pinLeft(page)).toBeCloseTo(left - 100 / m.columns.length, 3); // one column to the left
      await expect(panel(page).getByRole('table', { name: 'Hot keys per node' }).locator('tbody tr').allTextContents()).resolves.toEqual(keys);
      expect(hotKeys).toHaveLength(1);
      await expect(page.getByRole('status', { name: 'Pin let go' }).count()).resolves.toBe(0);
      await page.screenshot({ path: join(ARTIFACTS, 'refresh-pinned.png') });
    } finally {
      await page.close();
    }
  }, 60_000);

  test('Rows refetches at once; a pin whose row leaves the top rows is let go, with a word', async () => {
    const { page, fetches } = await openApp();
    try {
      const m = await clusterMatrix(cluster);
      // Rows is each node's budget: the merged view of five rows each can hold more.
      const five = await clusterMatrix(cluster, 5);
      const top = new Set(five.rows.map((r) => r.bucketId));
      const row = m.rows.findIndex((r) => !top.has(r.bucketId));
      expect(row).toBeGreaterThanOrEqual(0);
      await clickCell(page, m, row, Math.floor(m.columns.length / 2));
      await expect.poll(() => pinnedCell(page)).toMatchObject({ pinned: true, bucket: m.rows[row]!.bucketId });
      const before = fetches.length;
      const rows = page.getByLabel('Rows');
      await rows.fill('5');
      await rows.press('Enter');
      await expect.poll(() => page.locator('.summary').textContent()).toMatch(new RegExp(`^${five.rows.length} rows × `));
      expect(fetches.slice(before)).toEqual([expect.objectContaining({ rows: 5 })]);
      await expect(page.getByRole('status', { name: 'Pin let go' }).textContent())
        .resolves.toContain(`Unpinned: the pinned cell's row ${m.rows[row]!.bucketId} is no longer among the top rows.`);
      await expect(page.locator('.cell-detail.pinned').count()).resolves.toBe(0);
      await page.screenshot({ path: join(ARTIFACTS, 'refresh-pin-let-go.png') });
    } finally {
      await page.close();
    }
  });

  test('Series refetches at once: the picture, summary and legend say reads, asked as reads', async () => {
    const { page, fetches } = await openApp();
    try {
      await expect(page.locator('.summary').textContent()).resolves.toMatch(/ · writes · /);
      const before = fetches.length;
      await page.getByLabel('Series').selectOption('reads');
      await expect.poll(() => page.locator('.summary').textContent()).toMatch(/ · reads · /);
      await expect(page.locator('.legend').textContent()).resolves.toMatch(/reads per column/);
      await expect(page.locator('.canvas-box canvas').getAttribute('aria-label')).resolves.toBe('KeyViz heatmap of reads');
      expect(fetches.slice(before)).toEqual([expect.objectContaining({ series: 'reads' })]);
    } finally {
      await page.close();
    }
  });

  test('a snapshot of the view says as of when that view was generated, not when it is opened', async () => {
    const { page } = await openApp();
    try {
      await page.keyboard.press('Control+s');
      await page.getByRole('status', { name: 'File' }).filter({ hasText: /Exported to .*view\.kvsnap/ }).waitFor();
      now = T0 + 10 * STEP;
      await page.keyboard.press('Control+o');
      await page.getByRole('status', { name: 'Snapshot' }).waitFor();
      await page.locator('.summary[data-drawn="true"]').waitFor();
      await expect(asOf(page)).resolves.toBe(T0);
      await expect(page.locator('.as-of').textContent()).resolves.toMatch(/^as of /);
    } finally {
      await page.close();
    }
  });
});
