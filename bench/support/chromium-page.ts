// A bench page in real Chromium: bench/<name>/index.html built by Vite (its workers as ES modules,
// as the app builds them), served on 127.0.0.1 (an ephemeral port) with any data the bench hands
// it (`data`: path → bytes), its window.runBench() called.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { CHROMIUM_ARGS, findChromium } from '../../test/helpers/chromium';

/** The page's runBench() result and the browser's version, or null (said why) without a Chromium. */
export async function runPage<T>(name: string, viewport = { width: 1600, height: 1000 },
  data: ReadonlyMap<string, Uint8Array> = new Map()): Promise<{ result: T; version: string } | null> {
  const exe = findChromium();
  if (!exe) {
    console.log('skipped: no Chromium or Chrome found (set KEYVIZ_CHROMIUM to its path)');
    return null;
  }
  const root = resolve(import.meta.dirname, '..', name);
  const out = resolve(import.meta.dirname, `../../out/bench-${name}`);
  await build({ root, base: './', logLevel: 'warn', worker: { format: 'es' }, build: { outDir: out, emptyOutDir: true } });
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
  const server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const part = data.get(pathname);
    if (part) { res.writeHead(200, { 'content-type': 'application/octet-stream' }); res.end(part); return; }
    const path = join(out, pathname.replace(/^\/$/, '/index.html'));
    readFile(path).then((b) => { res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' }); res.end(b); },
      () => { res.writeHead(404); res.end(); });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const browser = await chromium.launch({ executablePath: exe, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport });
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/index.html`);
    await page.waitForFunction(() => 'runBench' in globalThis);
    const result = await page.evaluate(() => (globalThis as unknown as { runBench: () => Promise<unknown> }).runBench()) as T;
    return { result, version: browser.version() };
  } finally {
    await browser.close();
    server.close();
  }
}
