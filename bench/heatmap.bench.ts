// First paint of the heatmap in real Chromium, engine vs elastickv's fillRect-per-cell SPA, same run.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { CHROMIUM_ARGS, findChromium } from '../test/helpers/chromium';
import { ms, ratio } from './measure';

export default async function run(): Promise<void> {
  const exe = findChromium();
  if (!exe) {
    console.log('skipped: no Chromium or Chrome found (set KEYVIZ_CHROMIUM to its path)');
    return;
  }
  const root = resolve(import.meta.dirname, 'heatmap');
  const out = resolve(import.meta.dirname, '../out/bench-heatmap');
  await build({ root, base: './', logLevel: 'warn', build: { outDir: out, emptyOutDir: true } });
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
  const server = createServer((req, res) => {
    const path = join(out, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/$/, '/index.html'));
    readFile(path).then((b) => { res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' }); res.end(b); },
      () => { res.writeHead(404); res.end(); });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const browser = await chromium.launch({ executablePath: exe, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/index.html`);
    await page.waitForFunction(() => "runBench" in globalThis);
    const r = await page.evaluate(() => (globalThis as unknown as { runBench: () => Promise<Record<string, number>> }).runBench());
    console.log(`Chromium ${browser.version()} headless (software raster), 1600 × 1000 view`);
    console.log(`  1024 × 1440: engine ${ms(r.engineSmall!)}, fillRect per cell ${ms(r.baselineSmall!)} (engine ${ratio(r.baselineSmall!, r.engineSmall!)} faster)`);
    console.log(`    (1024 × 1440 engine: quantise and draw ${ms(r.small_draw!)}, wait for the frame ${ms(r.small_frame!)})`);
    console.log(`  6144 × 4096: engine ${ms(r.engineBig!)} first paint (max-downsampled to the view)`);
    console.log(`  6144 × 4096 zoom redraw (wheel in and out, median) ${ms(r.redrawBig!)}; hover hit-test ${ms(r.hoverBig!)}`);
    console.log(`  6144 × 4096 first zoom of a new matrix (quantises every cell once, then draws) ${ms(r.firstZoomBig!)}`);
    const pct = (a: number, b: number): string => `${((100 * a) / b).toFixed(1)} %`;
    console.log(`  6144 × 4096 marginal totals (both strips, added and drawn), first paint of a new matrix ${ms(r.marg_marginalsFirst!)}`
      + ` vs the heatmap's ${ms(r.marg_heatmapFirst!)} (${pct(r.marg_marginalsFirst!, r.marg_heatmapFirst!)})`);
    console.log(`  6144 × 4096 marginal totals per zoom step (median) ${ms(r.marg_marginalsRedraw!)}`
      + ` vs the heatmap's redraw ${ms(r.marg_heatmapRedraw!)} (${pct(r.marg_marginalsRedraw!, r.marg_heatmapRedraw!)})`);
  } finally {
    await browser.close();
    server.close();
  }
}
