// A refresh end to end, as the operator waits for it: N loopback nodes (another process, answers
// pre-serialised), the app's own main-process core (fan-out with its parse workers, decode, merge,
// the view's picture), the IPC hop as Electron makes it (a structured clone: V8's serializer, the
// view's typed arrays and all), and the first paint in Chromium. Baselines in the same run:
// downloading the same bytes only, and downloading + JSON.parse (each answer as it arrives).
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { chromium } from 'playwright-core';
import { request } from 'undici';
import { build } from 'vite';
import { ClusterService } from '../src/main/app/cluster-service';
import type { ClusterView } from '../src/shared/ipc';
import { CHROMIUM_ARGS, findChromium } from '../test/helpers/chromium';
import { ms, ratio } from './measure';

const ROOT = resolve(import.meta.dirname, '..');
const WORKER = resolve(ROOT, 'out/cli/parse-worker.js');
const CASES = [{ nodes: 3, cols: 1440, what: 'a usual cluster' }, { nodes: 6, cols: 4096, what: 'the design ceiling' }];
const RUNS = 3;

function startServers(nodes: number, cols: number): Promise<{ child: ChildProcess; urls: string[] }> {
  const runner = `import('vite').then(async ({ runnerImport }) => { const { module } = await runnerImport(${JSON.stringify(
    resolve(import.meta.dirname, 'support/answer-server.ts'))}); await module.default(); })`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', runner], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, BENCH_NODES: String(nodes), BENCH_COLS: String(cols) } });
  return new Promise((res, rej) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) res({ child, urls: JSON.parse(out) as string[] });
    });
    child.on('exit', (code) => rej(new Error(`answer servers exited ${code}`)));
  });
}

async function medianOf(fn: () => Promise<number>): Promise<number> {
  await fn();
  const t: number[] = [];
  for (let i = 0; i < RUNS; i++) t.push(await fn());
  return t.sort((a, b) => a - b)[Math.floor(t.length / 2)]!;
}

const matrixUrl = (u: string): string => `${u}/admin/api/v1/keyviz/matrix?rows=1024&series=writes`;
const decoder = new TextDecoder();

/** Every node's answer downloaded in parallel (and, with `parse`, JSON.parse'd as each arrives): wall ms. */
async function download(urls: string[], parse: boolean): Promise<{ wall: number; bytes: number }> {
  const t0 = performance.now();
  const sizes = await Promise.all(urls.map(async (u) => {
    const res = await request(matrixUrl(u));
    const body = new Uint8Array(await res.body.arrayBuffer());
    if (parse) JSON.parse(decoder.decode(body));
    return body.byteLength;
  }));
  return { wall: performance.now() - t0, bytes: sizes.reduce((a, b) => a + b, 0) };
}

/** One refresh through the app's core (a warm connection: logged in, identities known): its wall ms and view. */
async function coreRound(svc: ClusterService, id: string): Promise<{ wall: number; view: ClusterView }> {
  const t0 = performance.now();
  const view = await svc.fetch({ connectionId: id, series: 'writes', rows: 1024, fromMs: null, toMs: null });
  const wall = performance.now() - t0;
  if (view.outcome !== 'complete') throw new Error(`round ${view.outcome}: ${view.nodes.map((n) => n.error).join('; ')}`);
  return { wall, view };
}

async function connected(urls: string[]): Promise<{ svc: ClusterService; id: string }> {
  const svc = new ClusterService({ parseWorker: WORKER });
  const { connectionId } = svc.openWith({ nodes: urls, accessKey: 'bench', secret: 'bench', timeoutMs: 120_000, maxTotalBytes: 2 ** 31 });
  await svc.fetch({ connectionId, series: 'writes', rows: 1, fromMs: null, toMs: null }); // log in, identify, warm the connections
  return { svc, id: connectionId };
}

/** The page that paints: built once, served with the matrix of the case at hand. */
async function paintServer(): Promise<{ server: Server; url: string; set(v: ClusterView): void }> {
  const out = resolve(ROOT, 'out/bench-refresh-e2e');
  await build({ root: resolve(import.meta.dirname, 'refresh-e2e'), base: './', logLevel: 'warn', build: { outDir: out, emptyOutDir: true } });
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript' };
  let parts = new Map<string, Uint8Array>();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const part = parts.get(path);
    if (part) { res.writeHead(200, { 'content-type': 'application/octet-stream' }); res.end(part); return; }
    const file = join(out, path === '/' ? '/index.html' : path);
    readFile(file).then((b) => { res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }); res.end(b); },
      () => { res.writeHead(404); res.end(); });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const bytes = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  return {
    server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/index.html`,
    set(v) {
      const m = v.matrix!;
      parts = new Map([['/matrix/meta', Buffer.from(JSON.stringify({ rows: m.rows.length, cols: m.columns.length }))],
        ['/matrix/values', bytes(m.values)], ['/matrix/columns', bytes(m.columns)], ['/matrix/conflicts', bytes(m.conflicts)],
        ['/matrix/handovers', bytes(m.handovers)]]);
    },
  };
}

export default async function run(): Promise<void> {
  const exe = findChromium();
  await build({ configFile: resolve(ROOT, 'vite.cli.config.mts'), logLevel: 'warn' });
  const pages = exe ? await paintServer() : null;
  const browser = exe ? await chromium.launch({ executablePath: exe, headless: true, args: CHROMIUM_ARGS }) : null;
  if (!exe) console.log('  (no Chromium found: the paint stage is left out; set KEYVIZ_CHROMIUM to its path)');
  try {
    for (const c of CASES) {
      const { child, urls } = await startServers(c.nodes, c.cols);
      try {
        const dl = await medianOf(async () => (await download(urls, false)).wall);
        const { bytes } = await download(urls, false);
        const dlParse = await medianOf(async () => (await download(urls, true)).wall);
        const all = await connected(urls);
        let view: ClusterView | null = null;
        const core = await medianOf(async () => { const r = await coreRound(all.svc, all.id); view = r.view; return r.wall; });
        await all.svc.closeAll();
        // The slowest node fetched alone, through the same core.
        let alone = 0;
        for (const u of urls) {
          const one = await connected([u]);
          alone = Math.max(alone, await medianOf(async () => (await coreRound(one.svc, one.id)).wall));
          await one.svc.closeAll();
        }
        const v = view!;
        const ipc = await medianOf(async () => { const t0 = performance.now(); deserialize(serialize(v)); return performance.now() - t0; });
        let paint = 0;
        if (pages && browser) {
          pages.set(v);
          const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
          await page.goto(pages.url);
          await page.waitForFunction(() => 'paint' in globalThis);
          paint = await page.evaluate((runs) => (globalThis as unknown as { paint: (n: number) => Promise<number> }).paint(runs), RUNS);
          await page.close();
        }
        const total = core + ipc + paint;
        const m = v.matrix!;
        console.log(`${c.nodes} nodes × 1024 rows × ${c.cols} columns (${c.what}): ${(bytes / 1048576).toFixed(1)} MiB of answers, `
          + `merged ${m.rows.length} × ${m.columns.length}; median of ${RUNS}`);
        console.log(`  download only (baseline)              ${ms(dl)}`);
        console.log(`  download + JSON.parse (baseline)      ${ms(dlParse)} (${ratio(dlParse, dl)} the download)`);
        console.log(`  core: fan-out, decode, merge, picture ${ms(core)}; the slowest node alone ${ms(alone)}: round ${ratio(core, alone)} it`);
        console.log(`  IPC (structured clone of the view)    ${ms(ipc)}`);
        console.log(`  first paint in Chromium               ${pages ? ms(paint) : 'skipped'}`);
        console.log(`  refresh end to end                    ${ms(total)}: ${ratio(total, dlParse)} download + JSON.parse, ${ratio(total, dl)} download alone`);
      } finally {
        child.kill();
      }
    }
  } finally {
    await browser?.close();
    pages?.server.close();
  }
}
