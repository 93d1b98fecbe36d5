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
import { ARTIFACTS, CHROMIUM, type E2E, clusterMatrix, heatmapPixels, startE2E, windowText } from '../helpers/e2e';
import { testSecretBox } from '../helpers/secret-box';

const dir = mkdtempSync(join(tmpdir(), 'keyviz-e2e-cell-'));
const snapshotFile = join(dir, 'degraded.kvsnap');
const WIDE = { width: 1400, height: 900 };
const NARROW = { width: 1024, height: 700 };
let e2e: E2E;
let cluster: DemoCluster;
let core: AppCore;

describe.skipIf(!CHROMIUM)('cell detail in Chromium', () => {
  beforeAll(async () => {
    e2e = await startE2E();
    // A fixed clock: the page and the test see the same columns.
    cluster = await startDemoCluster({ nodes: 3, history: 1440, seed: 4, clock: () => Date.UTC(2026, 10, 24, 12, 0, 0) });
    core = createAppCore({ userDataDir: mkdtempSync(join(dir, 'user-')), box: testSecretBox(),
      dialogs: { saveFile: async () => snapshotFile, openFile: async () => snapshotFile }, startDemo: async () => cluster, log: () => {} });
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

  /** How the drawing maps onto the columns at this size: raster pixel x covers columns colStart[x] to colStart[x + 1] − 1. */
  /** The pin's mark, in percent of the drawing from its left edge (the pinned column's start). */
  const pinLeft = async (page: Page): Promise<number> => Number.parseFloat(await page.locator('.pin-mark').evaluate((el) => (el as unknown as { style: { left: string } }).style.left));
  const hovered = async (page: Page) => page.locator('.hover-mark').evaluate((el) => {
    const e = el as unknown as { hidden: boolean; dataset: Record<string, string | undefined>; children: ArrayLike<{ getBoundingClientRect(): { x: number; y: number; width: number; height: number } }> };
    const r = e.children[0]!.getBoundingClientRect();
    return { hidden: e.hidden, row: Number(e.dataset.row), col: Number(e.dataset.col), centre: { x: r.x + r.width / 2, y: r.y + r.height / 2 }, width: r.width };
  });
  /** A fingerprint of the heatmap's own pixels: hovering must not redraw them. */
  const drawing = (page: Page) => page.locator('.canvas-box canvas').evaluate((el) => (el as unknown as { toDataURL(): string }).toDataURL());

  test('default zoom: a leadership-change cell is pinned and highlighted, not the larger neighbour sharing its pixel', async () => {
    const page = await openApp();
    try {
      const m = await clusterMatrix(cluster);
      const p = await heatmapPixels(page, m);
      expect(p.width).toBeLessThan(m.columns.length); // one pixel holds more than one column here
      // A framed cell whose pixel also holds a larger, unframed cell of its row.
      const found = m.rows.flatMap((r, row) => [...(r.handovers ?? [])].flatMap((h, col) => {
        if (!h) return [];
        const x = p.pixelOf(col);
        const others = p.cols(x).filter((c) => c !== col);
        return others.some((c) => !r.handovers![c] && r.values[c]! > r.values[col]!) && others.every((c) => !r.handovers![c]) ? [{ row, col, x }] : [];
      }));
      expect(found.length).toBeGreaterThan(0);
      const { row, col, x } = found[0]!;
      const before = await drawing(page);
      const point = p.at(x, row);
      await page.mouse.move(point.x, point.y);
      // The highlight sits on that cell: its outline centred on the cell's middle.
      await expect.poll(() => hovered(page)).toMatchObject({ hidden: false, row, col });
      const h = await hovered(page);
      const cellMiddle = p.box.x + ((col + 0.5) / m.columns.length) * p.box.width;
      expect(Math.abs(h.centre.x - cellMiddle)).toBeLessThan(1);
      expect(Math.abs(h.centre.y - point.y)).toBeLessThan(1);
      expect(h.width).toBeGreaterThanOrEqual(7);
      await panel(page).locator('.leadership-change').waitFor(); // the hovered cell's detail
      expect(await drawing(page)).toBe(before); // the heatmap itself was not redrawn
      await page.mouse.click(point.x, point.y);
      await page.locator('.cell-detail.pinned').waitFor();
      await expect(panel(page).locator('header strong').textContent()).resolves.toBe(m.rows[row]!.bucketId);
      await expect.poll(() => pinLeft(page)).toBeCloseTo((col / m.columns.length) * 100, 3); // a column is 0.07 %
      await expect(panel(page).locator('.leadership-change').textContent()).resolves.toMatch(/^Leadership change: Leadership of Raft group \d+ moved from n\d to n\d/);
      await page.screenshot({ path: join(ARTIFACTS, 'cell-detail-hover-handover.png') });
      // Off the heatmap: no highlight.
      await page.mouse.move(p.box.x - 40, p.box.y - 40);
      await expect.poll(async () => (await hovered(page)).hidden).toBe(true);
    } finally {
      await page.close();
    }
  });

  test('default zoom: the latest column is pinned (with its hot keys) over a larger neighbour in the same pixel', async () => {
    const page = await openApp();
    try {
      const m = await clusterMatrix(cluster);
      const p = await heatmapPixels(page, m);
      const latest = m.columns.length - 1;
      const x = p.width - 1;
      expect(p.cols(x)).toContain(latest - 1); // the last pixel holds the latest column and the one before
      const row = m.rows.findIndex((r) => r.bucketId.startsWith('route:') && r.values[latest]! > 0
        && p.cols(x).some((c) => c !== latest && r.values[c]! > r.values[latest]!) && p.cols(x).every((c) => !r.handovers?.[c]));
      expect(row).toBeGreaterThanOrEqual(0);
      const point = p.at(x, row);
      await page.mouse.move(point.x, point.y);
      await expect.poll(() => hovered(page)).toMatchObject({ hidden: false, row, col: latest });
      await page.mouse.click(point.x, point.y);
      await panel(page).getByRole('table', { name: 'Hot keys per node' }).waitFor();
      await expect.poll(() => pinLeft(page)).toBeCloseTo((latest / m.columns.length) * 100, 3); // a column is 0.07 %
      // The latest column's flush closed the window since the one before: it ends at the latest column's time.
      await expect(panel(page).locator('dt:text-is("Window") + dd').textContent()).resolves
        .toBe(await windowText(page, m.columns[latest - 1]!, m.columns[latest]!));
    } finally {
      await page.close();
    }
  });

  /**
   * Text in the per-node tables and the detail's fields that does not fit: a text node wider than its
   * cell, or a word split across lines ("valu e", "127.0.0.1:1808 1", "07:03:00 A M"). Keys are byte
   * strings, not words: they may wrap, but never past their cell.
   */
  const misfits = (page: Page) => page.locator('.cell-detail table.per-node, .cell-detail dl').evaluateAll((tables) => {
    type R = { left: number; right: number; top: number };
    type TextNode = { textContent: string | null; parentElement: { closest(s: string): unknown } | null };
    const doc = (globalThis as unknown as { document: {
      createTreeWalker(root: unknown, what: number): { nextNode(): TextNode | null };
      createRange(): { selectNodeContents(n: unknown): void; setStart(n: unknown, i: number): void; setEnd(n: unknown, i: number): void;
        getBoundingClientRect(): R; getClientRects(): ArrayLike<R> };
    } }).document;
    const bad: string[] = [];
    for (const t of tables as unknown as Array<{ querySelectorAll(s: string): ArrayLike<{ getBoundingClientRect(): R }> }>) {
      for (const cell of Array.from(t.querySelectorAll('th, td, dt, dd'))) {
        const box = cell.getBoundingClientRect();
        const walker = doc.createTreeWalker(cell, 4 /* NodeFilter.SHOW_TEXT */);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const text = n.textContent ?? '';
          if (!text.trim()) continue;
          const all = doc.createRange();
          all.selectNodeContents(n);
          const r = all.getBoundingClientRect();
          if (r.left < box.left - 0.5 || r.right > box.right + 0.5) bad.push(`wider than its cell: "${text}"`);
          if (n.parentElement?.closest('code')) continue;
          for (const m of text.matchAll(/\S+/g)) {
            const word = doc.createRange();
            word.setStart(n, m.index);
            word.setEnd(n, m.index + m[0].length);
            if (new Set(Array.from(word.getClientRects()).map((q) => Math.round(q.top))).size > 1) bad.push(`split across lines: "${m[0]}"`);
          }
        }
      }
    }
    return bad;
  });

  for (const viewport of [WIDE, NARROW]) {
    test(`${viewport.width}×${viewport.height}: the per-node tables keep every word whole and name nodes as the strip does`, async () => {
      const page = await openApp(viewport);
      try {
        const names = await stripNames(page);
        expect(names).toEqual(['n1', 'n2', 'n3']);
        const m = await clusterMatrix(cluster);
        const p = await heatmapPixels(page, m);
        const latest = m.columns.length - 1;
        // The busiest route in the latest column: its hot keys, every node with a count.
        const row = m.rows.map((r, i) => ({ r, i })).filter(({ r }) => r.bucketId.startsWith('route:'))
          .sort((a, b) => b.r.values[latest]! - a.r.values[latest]!)[0]!.i;
        const point = p.at(p.width - 1, row);
        await page.mouse.click(point.x, point.y);
        const hotKeys = panel(page).getByRole('table', { name: 'Hot keys per node' });
        await hotKeys.waitFor();
        await expect(perNode(page).locator('tbody td:first-child').allTextContents()).resolves.toEqual(names);
        await expect.poll(() => hotKeys.locator('thead th').allTextContents()).toEqual(['key', 'count', 'share', ...names]);
        expect(await misfits(page)).toEqual([]);
        await panel(page).screenshot({ path: join(ARTIFACTS, `cell-detail-tables-${viewport.width}.png`) });

        // A node down: its row says so in words, still without breaking one.
        await cluster.setFault(2, 'down');
        await page.getByRole('button', { name: 'Refresh' }).click();
        await page.getByText('cluster view (2 of 3 nodes)').waitFor();
        await page.locator('.summary[data-drawn="true"]').waitFor();
        await page.mouse.click(point.x, point.y);
        await page.locator('.cell-detail.pinned').waitFor();
        await expect.poll(() => perNode(page).locator('tbody tr.no-answer td:first-child').allTextContents()).toEqual(['n3']);
        expect(await misfits(page)).toEqual([]);
        await panel(page).screenshot({ path: join(ARTIFACTS, `cell-detail-tables-down-${viewport.width}.png`) });
      } finally {
        await cluster.setFault(2, 'up');
        await page.close();
      }
    });
  }

  test('1024×700, a snapshot taken with a node down: its nodes by saved node_id (host:port where none was known), every word whole', async () => {
    const page = await openApp(NARROW);
    try {
      await cluster.setFault(1, 'down');
      await page.getByRole('button', { name: 'Refresh' }).click();
      await page.getByText('cluster view (2 of 3 nodes)').waitFor();
      await page.keyboard.press('Control+s');
      await page.getByRole('status', { name: 'File' }).filter({ hasText: /Exported to .*degraded\.kvsnap/ }).waitFor();
      await cluster.setFault(1, 'up');
      await page.keyboard.press('Control+o');
      await page.getByRole('status', { name: 'Snapshot' }).waitFor();
      await page.locator('.summary[data-drawn="true"]').waitFor();
      const box = (await page.locator('.canvas-box canvas').boundingBox())!;
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await page.locator('.cell-detail.pinned').waitFor();
      // The file kept who each answering node was; the silent one is known by its address only.
      const rows = perNode(page).locator('tbody tr');
      await expect(rows.locator('td:first-child').allTextContents()).resolves.toEqual(['n1', cluster.urls[1]!.replace('http://', ''), 'n3']);
      await expect(rows.nth(1).locator('td').last().textContent()).resolves.toBe('no answer: connection refused');
      expect(await misfits(page)).toEqual([]);
      await panel(page).screenshot({ path: join(ARTIFACTS, 'cell-detail-snapshot-1024.png') });
    } finally {
      await cluster.setFault(1, 'up');
      await page.close();
    }
  }, 60_000);
});
