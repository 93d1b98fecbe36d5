// @vitest-environment node
// The heatmap drawn in real Chromium, off the window's thread (drawHeatmap's offThread: the level
// worker gathers, quantises and draws; the window puts its bitmap on the canvas) and on it: the
// canvas holds the same pixels for the opening picture, zooms, and back at the whole matrix; and
// with the worker refused (a CSP without workers), the window's own drawing gives them all the same.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CHROMIUM_ARGS, findChromium } from '../../helpers/chromium';

const CHROMIUM = findChromium();
const root = resolve(import.meta.dirname, 'draw-page');
const out = resolve(import.meta.dirname, '../../../out/test-heatmap-draw');
let server: Server;
let origin = '';
let browser: Browser;

describe.skipIf(!CHROMIUM)('heatmap drawing off the thread, in Chromium', () => {
  beforeAll(async () => {
    // Built as the app builds its renderer: the worker an ES module of its own.
    await build({ root, base: './', logLevel: 'warn', worker: { format: 'es' },
      build: { outDir: out, emptyOutDir: true, rollupOptions: { input: { index: join(root, 'index.html'), blocked: join(root, 'blocked.html') } } } });
    const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript' };
    server = createServer((req, res) => {
      const path = join(out, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
      readFile(path).then((b) => { res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' }); res.end(b); },
        () => { res.writeHead(404); res.end(); });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM!, headless: true, args: CHROMIUM_ARGS });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  type Seen = { pixels: number[]; painted: number; drawsOffThread: number; max: number | null };
  async function run(html: string, name: string) {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.goto(`${origin}/${html}`);
      await page.waitForFunction(() => 'runCase' in globalThis);
      const got = await page.evaluate((n) => (globalThis as unknown as { runCase: (n: string) => Promise<unknown> }).runCase(n), name) as
        Record<string, { sync: Seen; off: Seen }>;
      return { got, workers: page.workers().length, errors };
    } finally {
      await page.close();
    }
  }

  for (const name of ['ramp', 'diverging']) {
    test(`the worker's pictures are the window's own, pixel for pixel (${name})`, async () => {
      const { got, workers, errors } = await run('index.html', name);
      expect(errors).toEqual([]);
      expect(workers).toBe(1);
      for (const [k, { sync, off }] of Object.entries(got)) {
        expect(sync.painted, k).toBeGreaterThan(1000); // a real picture, not an empty canvas
        expect(off.max, k).toBe(sync.max);
        expect(off.pixels.length, k).toBe(sync.pixels.length);
        expect(off.pixels.findIndex((p, i) => p !== sync.pixels[i]), k).toBe(-1);
      }
      // Each came from the worker: the first drawing of a viewport waited for it.
      expect(Object.values(got).every(({ off }) => off.drawsOffThread > 1)).toBe(true);
    }, 60_000);
  }

  test('a worker that cannot run (refused by the CSP): the window draws the same pictures itself', async () => {
    const { got, workers, errors } = await run('blocked.html', 'ramp');
    expect(errors).toEqual([]);
    expect(workers).toBe(0);
    for (const [k, { sync, off }] of Object.entries(got)) {
      expect(sync.painted, k).toBeGreaterThan(1000);
      expect(off.max, k).toBe(sync.max);
      expect(off.pixels.findIndex((p, i) => p !== sync.pixels[i]), k).toBe(-1);
    }
  }, 60_000);
});
