// The cluster view's layout in real Chromium against the real core (issue 17, items 8, 9, 11, 12):
// at 1024x700 and 1400x900 the heatmap, its axes and its legend stay on screen, and the heatmap
// keeps most of the window's width, with a pinned cell and its hot keys, while recording and in a
// replay; wheel zoom keeps the canvas still under the pointer; a comparison says which side is
// live and leaves no stray badge; the Export menu, the help and the file notice behave.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type AppCore, createAppCore } from '../../src/main/app/app-core';
import { type DemoCluster, startDemoCluster } from '../../src/demo-cluster';
import { ARTIFACTS, CHROMIUM, clickCell, clusterMatrix, type E2E, startE2E } from '../helpers/e2e';
import { testSecretBox } from '../helpers/secret-box';

const dir = mkdtempSync(join(tmpdir(), 'keyviz-e2e-layout-'));
const STEP = 60_000;
const T0 = Date.UTC(2026, 10, 24, 12, 0, 0);
const SMALL = { width: 1024, height: 700 };
const LARGE = { width: 1400, height: 900 };
/**
 * The heatmap's canvas keeps at least this share of the window's width. The picture is the point
 * of the window: what may sit beside it is the key axis (180 px, 18 % at 1024) and the page's
 * margins; the old layout (a 380 px detail column always reserved) left it about 40 %.
 */
const MIN_HEATMAP_SHARE = 0.6;

let e2e: E2E;
let cluster: DemoCluster;
let core: AppCore;
let now = T0;
/** What the open dialog answers next. */
let toOpen: string | null = null;
/** Where the save dialog put the last file. */
let saved: string | null = null;

/** Rows a flex container's items take: an item starting below every item of the row so far starts a new one. */
const rowsOf = (el: unknown): number => {
  const items = Array.from((el as { children: ArrayLike<{ getBoundingClientRect(): { top: number; bottom: number; height: number } }> }).children)
    .map((c) => c.getBoundingClientRect()).filter((r) => r.height > 0).sort((a, b) => a.top - b.top);
  let rows = 0;
  let bottom = -Infinity;
  for (const r of items) {
    if (r.top >= bottom) { rows++; bottom = r.bottom; } else bottom = Math.max(bottom, r.bottom);
  }
  return rows;
};

type Box = { x: number; y: number; width: number; height: number };
const inside = (b: Box, v: { width: number; height: number }): boolean =>
  b.x >= 0 && b.y >= 0 && b.x + b.width <= v.width + 0.5 && b.y + b.height <= v.height + 0.5;

describe.skipIf(!CHROMIUM)('layout in Chromium', () => {
  beforeAll(async () => {
    e2e = await startE2E();
    cluster = await startDemoCluster({ nodes: 3, history: 1440, seed: 4, stepMs: STEP, clock: () => now });
    core = createAppCore({ userDataDir: mkdtempSync(join(dir, 'user-')), box: testSecretBox(), log: () => {}, appVersion: 'e2e',
      dialogs: { saveFile: async (name) => (saved = join(dir, name)), openFile: async () => toOpen }, startDemo: async () => cluster });
    await core.start();
  });
  afterAll(async () => {
    await e2e?.stop();
    await core?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function openDemo(viewport: { width: number; height: number }): Promise<{ page: Page; errors: string[] }> {
    // Each test a few minutes on: the Demo lets five logins a minute through (the test logs in again and again).
    now += 5 * STEP;
    const errors: string[] = [];
    const page = await e2e.open(core.handlers, viewport, (p) => p.on('pageerror', (e) => errors.push(e.message)));
    await page.getByRole('button', { name: 'Open the built-in Demo cluster' }).click();
    await page.getByText('cluster view (3 of 3 nodes)').waitFor();
    await page.locator('.summary[data-drawn="true"]').waitFor();
    return { page, errors };
  }


  /** Pin a route's busiest cell in the latest column (a live view has its hot keys). */
  async function pinHotCell(page: Page, hotKeys = true): Promise<void> {
    const m = await clusterMatrix(cluster);
    const col = m.columns.length - 1;
    const row = m.rows.map((r, i) => ({ r, i })).filter(({ r }) => r.bucketId.startsWith('route:') && r.values[col]! > r.values[col - 1]!)
      .sort((a, b) => b.r.values[col]! - a.r.values[col]!)[0]!.i;
    await clickCell(page, m, row, col);
    await page.locator('.cell-detail.pinned').waitFor();
    if (hotKeys) await page.getByRole('table', { name: 'Hot keys per node' }).waitFor();
  }

  /** What must stay on screen, and how wide the picture is. */
  async function geometry(page: Page) {
    const box = async (selector: string): Promise<Box> => {
      const b = await page.locator(selector).first().boundingBox();
      if (!b) throw new Error(`${selector} is not on screen`);
      return b;
    };
    return {
      heatmap: await box('.canvas-box canvas'),
      keyAxis: await box('.key-axis'),
      timeAxis: await box('.time-axis'),
      legend: await box('.legend'),
      /** The page itself never scrolls: what is taller scrolls inside its own box. */
      page: await page.evaluate<{ scrollWidth: number; scrollHeight: number }>(
        '({ scrollWidth: document.documentElement.scrollWidth, scrollHeight: document.documentElement.scrollHeight })'),
      toolbarRows: await page.locator('.toolbar').evaluate(rowsOf),
      stripRows: await page.locator('.node-strip[aria-label="Nodes"]').evaluate(rowsOf),
    };
  }

  async function expectOnScreen(page: Page, viewport: { width: number; height: number }, what: string): Promise<void> {
    await page.screenshot({ path: join(ARTIFACTS, `layout-${viewport.width}x${viewport.height}-${what}.png`) });
    const g = await geometry(page);
    for (const [name, b] of Object.entries({ heatmap: g.heatmap, keyAxis: g.keyAxis, timeAxis: g.timeAxis, legend: g.legend })) {
      expect(inside(b, viewport), `${what}: the ${name} (${JSON.stringify(b)}) inside ${viewport.width}x${viewport.height}`).toBe(true);
    }
    expect(g.heatmap.width, `${what}: the heatmap's width`).toBeGreaterThanOrEqual(MIN_HEATMAP_SHARE * viewport.width);
    expect(g.page, `${what}: the page does not scroll`).toEqual({ scrollWidth: viewport.width, scrollHeight: viewport.height });
    expect(g.toolbarRows, `${what}: the toolbar's rows`).toBeLessThanOrEqual(2);
    expect(g.stripRows, `${what}: the node strip's rows`).toBe(1);
  }

  /** The pinned cell's detail: on screen (its hot keys scroll inside it), over the canvas only, its cell still in view. */
  async function expectDetailBesideItsCell(page: Page, viewport: { width: number; height: number }): Promise<void> {
    const dock = (await page.locator('.detail-dock').boundingBox())!;
    const canvas = (await page.locator('.canvas-box canvas').boundingBox())!;
    const mark = (await page.locator('.pin-mark').boundingBox())!;
    expect(inside(dock, viewport)).toBe(true);
    expect(dock.x).toBeGreaterThanOrEqual(canvas.x - 0.5);
    expect(dock.x + dock.width).toBeLessThanOrEqual(canvas.x + canvas.width + 0.5);
    expect(dock.y).toBeGreaterThanOrEqual(canvas.y - 0.5);
    expect(dock.y + dock.height).toBeLessThanOrEqual(canvas.y + canvas.height + 0.5);
    const apart = mark.x >= dock.x + dock.width || mark.x + mark.width <= dock.x;
    expect(apart, `the pinned cell (${JSON.stringify(mark)}) beside the detail (${JSON.stringify(dock)})`).toBe(true);
  }

  for (const viewport of [SMALL, LARGE]) {
    test(`${viewport.width}x${viewport.height}: heatmap, axes and legend on screen, as it opens, with a pinned cell and its hot keys`, async () => {
      const { page, errors } = await openDemo(viewport);
      try {
        await expectOnScreen(page, viewport, 'opened');
        await pinHotCell(page);
        await expectOnScreen(page, viewport, 'pinned');
        await expectDetailBesideItsCell(page, viewport);
        expect(errors).toEqual([]);
      } finally {
        await page.close();
      }
    }, 60_000);
  }

  for (const viewport of [SMALL, LARGE]) {
    test(`${viewport.width}x${viewport.height}: heatmap, axes and legend on screen while recording and in the replay`, async () => {
      const { page, errors } = await openDemo(viewport);
      try {
        await page.getByRole('button', { name: 'Record…' }).click();
        const form = page.getByRole('group', { name: 'Record' });
        await form.getByLabel('every').selectOption({ label: '1 s' });
        await form.getByLabel('for').selectOption({ label: 'until stopped' });
        await form.getByRole('button', { name: 'Start…' }).click();
        const bar = page.getByRole('region', { name: 'Capture' });
        await bar.getByText(/^Recording 2 polls/).waitFor({ timeout: 10_000 });
        await expectOnScreen(page, viewport, 'recording');
        await bar.getByRole('button', { name: 'Stop' }).click();
        await bar.getByText(/^Capture completed/).waitFor({ timeout: 10_000 });
        await bar.getByRole('button', { name: 'Replay' }).click();
        const replay = page.getByRole('region', { name: 'Replay' });
        await replay.getByText(/Poll \d+ of \d+/).waitFor();
        await page.locator('.summary[data-drawn="true"]').waitFor();
        await expectOnScreen(page, viewport, 'replay');
        await pinHotCell(page, false);
        await expectOnScreen(page, viewport, 'replay-pinned');
        await expectDetailBesideItsCell(page, viewport);
        expect(errors).toEqual([]);
      } finally {
        await page.close();
      }
    }, 60_000);
  }

  for (const viewport of [SMALL, LARGE]) {
    test(`${viewport.width}x${viewport.height}: wheel steps at one pointer position keep zooming in around it; the canvas never moves`, async () => {
      const { page, errors } = await openDemo(viewport);
      try {
        const m = await clusterMatrix(cluster);
        const summary = page.locator('.summary');
        const shown = async (): Promise<[number, number, number, number]> =>
          (await summary.getAttribute('data-viewport'))!.split(',').map(Number) as [number, number, number, number];
        expect(await shown()).toEqual([0, m.rows.length, 0, m.columns.length]);
        const canvas = page.locator('.canvas-box canvas');
        const first = (await canvas.boundingBox())!;
        const fx = 0.3;
        const fy = 0.4;
        await page.mouse.move(first.x + fx * first.width, first.y + fy * first.height);
        // What lies under the pointer stays there, step after step (within a cell: each step is in whole cells).
        const under = ([r0, r1, c0, c1]: [number, number, number, number]) => ({ row: r0 + fy * (r1 - r0), col: c0 + fx * (c1 - c0) });
        const at = under(await shown());
        let last = await shown();
        for (let step = 1; step <= 12; step++) {
          await page.mouse.wheel(0, -100);
          await expect.poll(shown, { message: `wheel step ${step} zooms in` }).not.toEqual(last);
          const now = await shown();
          const [r0, r1, c0, c1] = now;
          expect(c1 - c0, `step ${step}: fewer columns`).toBeLessThan(last[3] - last[2]);
          if (last[1] - last[0] > 1) expect(r1 - r0, `step ${step}: fewer rows`).toBeLessThan(last[1] - last[0]);
          expect(await canvas.boundingBox(), `step ${step}: the canvas where it was`).toEqual(first);
          const here = under(now);
          expect(Math.abs(here.col - at.col), `step ${step}: the column under the pointer`).toBeLessThanOrEqual(2);
          expect(Math.abs(here.row - at.row), `step ${step}: the row under the pointer`).toBeLessThanOrEqual(2);
          last = now;
        }
        await page.screenshot({ path: join(ARTIFACTS, `layout-${viewport.width}x${viewport.height}-wheel.png`) });
        expect(errors).toEqual([]);
      } finally {
        await page.close();
      }
    }, 60_000);
  }

  /** The node strip as the operator reads it: its counter and each badge's text. */
  const strip = async (page: Page) => ({
    counter: (await page.locator('.node-strip[aria-label="Nodes"] .counter').textContent())!.trim(),
    badges: (await page.locator('.node-strip[aria-label="Nodes"] .badge').allTextContents()).map((t) => t.trim()),
  });
  const CLOCK = String.raw`\d{2}:\d{2}:\d{2}`;
  const escape = (t: string): string => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

  test('a comparison says which side is live, in its title, banner and strip; no stray badge stays, nor after going back', async () => {
    const { page, errors } = await openDemo(LARGE);
    try {
      await page.keyboard.press('Control+s');
      await page.getByRole('status', { name: 'File' }).filter({ hasText: /Exported to / }).waitFor();
      const file = basename(saved!);
      toOpen = saved;
      await page.getByRole('button', { name: 'Compare with snapshot…' }).click();
      const banner = page.getByRole('status').filter({ hasText: /^Comparison: / });
      await banner.waitFor();
      await page.locator('.summary[data-drawn="true"]').filter({ hasText: 'B − A' }).waitFor();
      const live = `live \\(${CLOCK}\\)`;
      const snap = `snapshot \\(${escape(file)}, ${CLOCK}\\)`;
      await expect(page.locator('.connection-label').textContent()).resolves.toMatch(new RegExp(`^${live} − ${snap}$`));
      await expect(banner.textContent()).resolves.toMatch(new RegExp(`^Comparison: ${live} minus ${snap}\\.`));
      // The strip names the sides, A the file and B the live view; a side is a view, not a node that took time.
      await expect.poll(() => strip(page)).toEqual({ counter: 'comparison B − A', badges: [expect.stringMatching(new RegExp(`^A · ${snap} · ok$`)),
        expect.stringMatching(new RegExp(`^B · ${live} · ok$`))] });
      await page.screenshot({ path: join(ARTIFACTS, 'layout-compare-live.png') });

      await page.getByRole('button', { name: 'Back to Demo cluster' }).click();
      await page.getByText('cluster view (3 of 3 nodes)').waitFor();
      await expect.poll(async () => (await strip(page)).badges.length).toBe(3);
      expect((await strip(page)).badges.filter((b) => /waiting|Demo cluster/.test(b))).toEqual([]);

      // The file against itself: both sides have the same name, and each still has one badge.
      await page.keyboard.press('Control+o');
      await page.getByRole('status', { name: 'Snapshot' }).waitFor();
      await page.getByRole('button', { name: 'Compare with snapshot…' }).click();
      await banner.waitFor();
      await page.locator('.summary[data-drawn="true"]').filter({ hasText: 'B − A' }).waitFor();
      await expect.poll(() => strip(page)).toEqual({ counter: 'comparison B − A', badges: [expect.stringMatching(new RegExp(`^A · ${snap} · ok$`)),
        expect.stringMatching(new RegExp(`^B · ${snap} · ok$`))] });
      await expect(page.locator('.badge-pending').count()).resolves.toBe(0);
      await page.screenshot({ path: join(ARTIFACTS, 'layout-compare-itself.png') });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);

  test('menus close on a click outside or Escape (a pinned cell stays pinned); the help lists the mouse; a file notice goes with its view', async () => {
    const { page, errors } = await openDemo(SMALL);
    try {
      const exportMenu = page.getByRole('menu', { name: 'Export' });
      const display = page.getByRole('group', { name: 'Display' });
      // Somewhere outside the menus that does nothing on a click: the node strip's counter.
      const outside = async (): Promise<void> => {
        const b = (await page.locator('.node-strip[aria-label="Nodes"] .counter').boundingBox())!;
        await page.mouse.click(b.x + 4, b.y + b.height / 2);
      };
      await page.locator('.menu summary', { hasText: 'Export' }).click();
      await exportMenu.waitFor();
      await outside();
      await exportMenu.waitFor({ state: 'hidden' });
      await page.locator('.menu summary', { hasText: 'Display' }).click();
      await display.waitFor();
      await outside();
      await display.waitFor({ state: 'hidden' });

      // Escape closes the menu and does nothing else: the pinned cell stays; the next Escape unpins.
      await pinHotCell(page, false);
      await page.locator('.menu summary', { hasText: 'Export' }).click();
      await exportMenu.waitFor();
      await page.keyboard.press('Escape');
      await exportMenu.waitFor({ state: 'hidden' });
      await expect(page.locator('.cell-detail.pinned').count()).resolves.toBe(1);
      await page.keyboard.press('Escape');
      await expect.poll(() => page.locator('.cell-detail.pinned').count()).toBe(0);

      // The help: the keys, and what the mouse does on the heatmap.
      await page.keyboard.press('?');
      const help = page.getByRole('dialog', { name: 'Keys and mouse' });
      await help.waitFor();
      const mouse = (await help.getByRole('table', { name: 'Mouse' }).locator('td:first-child').allTextContents());
      expect(mouse).toEqual(['Point at a cell', 'Click a cell', 'Drag over the heatmap', 'Drag along the time axis', 'Drag along the key axis',
        'Wheel over the heatmap']);
      const keys = await help.getByRole('table', { name: 'Keyboard shortcuts' }).locator('kbd').allTextContents();
      expect(keys).toEqual(expect.arrayContaining(['Escape', '?', 'Backspace', 'r', 'R']));
      await page.screenshot({ path: join(ARTIFACTS, 'layout-help.png') });
      await page.keyboard.press('Escape');
      await help.waitFor({ state: 'hidden' });

      // "Exported to …" belongs to the view it was exported from: opening the file, or comparing with it, starts without it.
      const notice = page.getByRole('status', { name: 'File' });
      await page.keyboard.press('Control+s');
      await notice.filter({ hasText: /Exported to / }).waitFor();
      toOpen = saved;
      await page.keyboard.press('Control+o');
      await page.getByRole('status', { name: 'Snapshot' }).waitFor();
      await page.locator('.summary[data-drawn="true"]').waitFor();
      await expect(notice.count()).resolves.toBe(0);
      await page.locator('.menu summary', { hasText: 'Export' }).click();
      await page.getByRole('menuitem', { name: 'CSV…', exact: true }).click();
      await notice.filter({ hasText: /Exported to .*\.csv/ }).waitFor();
      await page.getByRole('button', { name: 'Compare with snapshot…' }).click();
      await page.getByRole('status').filter({ hasText: /^Comparison: / }).waitFor();
      await expect(notice.count()).resolves.toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);
});
