// What every end-to-end test in Chromium needs: the browser (found on this machine, required in
// CI, skipped with a message elsewhere), the built renderer served on 127.0.0.1, and a page whose
// bridge reaches a main-process core's real IPC handlers.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { IpcHandlers } from '../../src/main/app/ipc';
import { trustedUrlCheck } from '../../src/main/shell/security';
import { CHROMIUM_ARGS, findChromium } from './chromium';
import { installBridge } from './renderer-bridge';
import { serveRenderer } from './renderer-server';
import { ClusterClient } from '../../src/main/core/fanout';
import type { MergedMatrix } from '../../src/main/core/merge';
import { blocks } from '../../src/renderer/src/heatmap/buffer';

export const CHROMIUM = findChromium();
if (!CHROMIUM && process.env.CI) throw new Error('CI must run the browser tests, but no Chromium was found (install Debian chromium)');
if (!CHROMIUM) console.warn('e2e: skipped — no Chromium or Chrome found (set KEYVIZ_CHROMIUM to its path)');

/** Screenshots worth a look after a run. */
export const ARTIFACTS = resolve(import.meta.dirname, '../../.test-results/e2e');

export interface E2E {
  browser: Browser;
  origin: string;
  /** A page of the app whose IPC goes to `handlers`; `watch` sees the page before it loads (console, errors). */
  open(handlers: IpcHandlers, viewport?: { width: number; height: number }, watch?: (page: Page) => void): Promise<Page>;
  stop(): Promise<void>;
}

export async function startE2E(): Promise<E2E> {
  const web = await serveRenderer();
  const browser = await chromium.launch({ executablePath: CHROMIUM!, headless: true, args: CHROMIUM_ARGS });
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    browser,
    origin: web.origin,
    async open(handlers, viewport = { width: 1400, height: 900 }, watch) {
      const page = await browser.newPage({ viewport });
      watch?.(page);
      await installBridge(page, handlers, trustedUrlCheck('/not/used/index.html', web.origin));
      await page.goto(`${web.origin}/index.html`);
      return page;
    },
    async stop() {
      await browser.close();
      await web.stop();
    },
  };
}

/** The merged writes matrix a Demo cluster's nodes give now, asked by the test itself (what the page should show). */
export async function clusterMatrix(cluster: { urls: string[]; accessKey: string; secretKey: string }, rows = 1024): Promise<MergedMatrix> {
  const client = new ClusterClient({ nodes: cluster.urls, accessKey: cluster.accessKey, secret: cluster.secretKey });
  try {
    return (await client.fetch({ series: 'writes', rows, fromMs: null, toMs: null })).merge!.matrix;
  } finally {
    await client.close();
  }
}

/** A cell's window as the detail panel says it (`Dec 2, 06:25:00 AM → Dec 2, 06:26:00 AM`), formatted in the page's own locale and time zone. */
export async function windowText(page: Page, startMs: number, endMs: number): Promise<string> {
  return page.evaluate(([a, b]) => {
    const f = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    return `${f.format(new Date(a!))} → ${f.format(new Date(b!))}`;
  }, [startMs, endMs]);
}

/**
 * The whole-matrix heatmap's raster as the page draws it: canvas pixel x holds columns
 * colStart[x] .. colStart[x + 1] - 1 (heatmap/buffer.ts). A cell's geometric middle can fall in
 * its neighbour's pixel, so a test that means one cell points at the pixel that holds it.
 */
export async function heatmapPixels(page: Page, m: { rows: ArrayLike<unknown>; columns: ArrayLike<number> }) {
  const canvas = page.locator('.canvas-box canvas');
  const box = (await canvas.boundingBox())!;
  const width = Math.min(m.columns.length, await canvas.evaluate((el) => (el as unknown as { width: number }).width));
  const colStart = blocks(m.columns.length, width);
  const pixelOf = (col: number): number => colStart.findIndex((start, x) => x < width && start <= col && col < colStart[x + 1]!);
  /**
   * A point in raster pixel x, on row `row`, in page coordinates. Chromium delivers mouse events at
   * whole CSS pixels: the point is a whole pixel inside the span (a 1.6 px column's middle, 1390.9,
   * arrives as 1390, in its neighbour), the middle only where the span holds none.
   */
  const inside = (start: number, end: number): number => {
    const mid = (start + end) / 2;
    const whole = Math.max(Math.floor(mid), Math.ceil(start));
    return whole < end ? whole : mid;
  };
  const at = (x: number, row: number) => ({
    x: inside(box.x + (x / width) * box.width, box.x + ((x + 1) / width) * box.width),
    y: inside(box.y + (row / m.rows.length) * box.height, box.y + ((row + 1) / m.rows.length) * box.height),
  });
  return { box, width, colStart, pixelOf, at, cols: (x: number) => Array.from({ length: colStart[x + 1]! - colStart[x]! }, (_, k) => colStart[x]! + k) };
}

/** Click cell (row, col) of the whole-matrix heatmap, in the pixel that holds its column. */
export async function clickCell(page: Page, m: { rows: ArrayLike<unknown>; columns: ArrayLike<number> }, row: number, col: number): Promise<void> {
  const p = await heatmapPixels(page, m);
  const point = p.at(p.pixelOf(col), row);
  await page.mouse.click(point.x, point.y);
}
