// Snapshots end to end in real Chromium: export the Demo cluster's view (snapshot, PNG at 1×
// and 2×, CSV), then open the file in a fresh main-process core with the cluster gone: the same
// picture, pixel for pixel. A comparison of the file with itself is blank.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type AppCore, createAppCore } from '../../src/main/app/app-core';
import { type DemoCluster, startDemoCluster } from '../../src/demo-cluster';
import type { Dialogs } from '../../src/main/app/dialogs';
import { ARTIFACTS, CHROMIUM, type E2E, startE2E } from '../helpers/e2e';
import { testSecretBox } from '../helpers/secret-box';

const dir = mkdtempSync(join(tmpdir(), 'keyviz-e2e-snap-'));
const VIEWPORT = { width: 1400, height: 900 };
let e2e: E2E;
let cluster: DemoCluster | null = null;
const cores: AppCore[] = [];

/** Dialogs answered by the test: the next save goes to `saves.shift()`, every open picks `open`. */
function scripted(saves: string[], open: () => string | null): Dialogs {
  return { saveFile: async () => saves.shift() ?? null, openFile: async () => open() };
}

async function startCore(dialogs: Dialogs, demo: () => Promise<DemoCluster>): Promise<AppCore> {
  const core = createAppCore({ userDataDir: mkdtempSync(join(dir, 'user-')), box: testSecretBox(), dialogs, startDemo: demo,
    log: () => {}, appVersion: 'e2e' });
  cores.push(core);
  await core.start();
  return core;
}

async function openPage(core: AppCore): Promise<Page> {
  const page = await e2e.open(core.handlers, VIEWPORT);
  return page;
}

/** The heatmap canvas's pixels, hashed in the page (the picture, not the page around it). */
const canvasHash = (page: Page): Promise<string> => page.locator('.canvas-box canvas').evaluate(async (el) => {
  const c = el as unknown as { width: number; height: number; getContext(k: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  const digest = await crypto.subtle.digest('SHA-256', d);
  return `${c.width}x${c.height}:${[...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
});

function pngSize(path: string): { width: number; height: number } {
  const b = readFileSync(path);
  expect(b.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(b.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe.skipIf(!CHROMIUM)('snapshots in Chromium', () => {
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(async () => {
    await e2e?.stop();
    for (const c of cores) await c.close();
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('export from the Demo cluster, open with no network: the same picture; PNG and CSV too; B − A of itself is blank', async () => {
    const snap = join(dir, 'demo.kvsnap');
    const png1 = join(dir, 'demo.png');
    const png2 = join(dir, 'demo@2x.png');
    const csv = join(dir, 'demo.csv');
    cluster = await startDemoCluster({ nodes: 3, history: 1440, seed: 4, clock: () => Date.UTC(2026, 10, 24, 12, 0, 0) });
    const live = cluster;
    const first = await startCore(scripted([snap, png1, png2, csv], () => null), async () => live);
    let page = await openPage(first);
    await page.getByRole('button', { name: 'Open the built-in Demo cluster' }).click();
    await page.getByText('cluster view (3 of 3 nodes)').waitFor();
    await page.locator('.summary[data-drawn="true"]').waitFor();
    const liveHash = await canvasHash(page);
    const liveSummary = await page.locator('.summary').textContent();
    const liveStrip = await page.locator('.node-strip .badge').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));
    await page.screenshot({ path: join(ARTIFACTS, 'snapshot-live.png') });

    const exportAs = async (item: string, done: RegExp): Promise<void> => {
      await page.locator('.menu summary', { hasText: 'Export' }).click();
      await page.getByRole('menuitem', { name: item, exact: true }).click();
      await page.getByRole('status', { name: 'File' }).filter({ hasText: done }).waitFor();
    };
    await exportAs('Snapshot…', /Exported to .*demo\.kvsnap/);
    await exportAs('Picture (PNG)…', /Saved the picture to .*demo\.png/);
    await exportAs('Picture (PNG, 2×)…', /demo@2x\.png/);
    await exportAs('CSV…', /Exported to .*demo\.csv/);
    expect(pngSize(png1)).toEqual({ width: 1200, height: 800 });
    copyFileSync(png1, join(ARTIFACTS, 'snapshot-picture.png'));
    expect(pngSize(png2)).toEqual({ width: 2400, height: 1600 });
    // And it decodes: Chromium's own PNG decoder reads it whole.
    const decoded = await page.evaluate(`(async () => {
      const bin = atob(${JSON.stringify(readFileSync(png2).toString('base64'))});
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      const bmp = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      return [bmp.width, bmp.height];
    })()`);
    expect(decoded).toEqual([2400, 1600]);
    expect(readFileSync(csv, 'utf8').split('\r\n')[0]).toMatch(/^bucket_id,label,start,end,row,start_user_key,start_kind,end_user_key,end_kind,2026-11-2\dT/);
    await page.close();
    await first.close(); // stops the cluster too: no network from here on
    cluster = null;

    const second = await startCore(scripted([], () => snap), () => Promise.reject(new Error('no cluster in this test')));
    page = await openPage(second);
    await page.getByRole('button', { name: 'Open snapshot…' }).click();
    await page.locator('.summary[data-drawn="true"]').waitFor();
    await expect(page.getByRole('status', { name: 'Snapshot' }).textContent()).resolves.toMatch(/Snapshot of Demo cluster, taken .* read-only/);
    // The read-only toolbar is shorter, so the heatmap gets more room: give the page the height that
    // makes the heatmap the live one's size, then the pixels must be the same.
    const [liveW, liveH] = liveHash.split(':')[0]!.split('x').map(Number) as [number, number];
    const [, openH] = (await canvasHash(page)).split(':')[0]!.split('x').map(Number) as [number, number];
    await page.setViewportSize({ width: VIEWPORT.width, height: VIEWPORT.height + liveH - openH });
    await expect.poll(() => canvasHash(page), { timeout: 10_000 }).toBe(liveHash);
    expect(liveW).toBeGreaterThan(500);
    expect(await page.locator('.summary').textContent()).toBe(liveSummary);
    expect(await page.locator('.node-strip .badge').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))).toEqual(liveStrip);
    await expect(page.getByRole('button', { name: 'Refresh' }).count()).resolves.toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'snapshot-opened.png') });

    await page.getByRole('button', { name: 'Compare with snapshot…' }).click();
    await page.getByText(/Comparison: .* minus /).waitFor();
    await page.locator('.summary[data-drawn="true"]').waitFor();
    await expect(page.locator('.summary').textContent()).resolves.toMatch(/B − A · largest change ±0/);
    await page.close();

    // The recent list remembers it for the next start.
    page = await openPage(second);
    await page.getByRole('list', { name: 'Recent files' }).getByRole('button', { name: 'Demo cluster' }).waitFor();
    await page.close();
    expect(existsSync(snap)).toBe(true);
  }, 90_000);
});
