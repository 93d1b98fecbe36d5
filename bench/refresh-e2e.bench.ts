// A refresh end to end, as the operator waits for it: N loopback nodes (another process, answers
// pre-serialised), the app's own main-process core (fan-out with its parse workers, decode, merge,
// the view's picture), the IPC hop as Electron makes it (a structured clone: V8's serializer, the
// view's typed arrays and all), and the first paint in Chromium. Baselines in the same run:
// downloading the same bytes only, and downloading + JSON.parse (each answer as it arrives).
import { resolve } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { request } from 'undici';
import { build } from 'vite';
import { ClusterService } from '../src/main/app/cluster-service';
import type { ClusterView } from '../src/shared/ipc';
import { median, ms, ratio } from './measure';
import { startAnswerServers } from './support/answer-servers';
import { runPage } from './support/chromium-page';

const ROOT = resolve(import.meta.dirname, '..');
const WORKER = resolve(ROOT, 'out/cli/parse-worker.js');
const CASES = [{ nodes: 3, cols: 1440, what: 'a usual cluster' }, { nodes: 6, cols: 4096, what: 'the design ceiling' }];
const RUNS = 5;
/**
 * Rounds run before the measured ones: the decoder and the merge are JavaScript, and V8 settles
 * their code over the first few large rounds (the first after connecting is ~2× a settled one).
 * The first round is printed on its own; the ratios are of settled rounds, as an operator who
 * keeps the view refreshing waits for them.
 */
const SETTLE = 5;

const matrixUrl = (u: string): string => `${u}/admin/api/v1/keyviz/matrix?rows=1024&series=writes`;
const decoder = new TextDecoder();

/** Every node's answer downloaded in parallel (and, with `parse`, JSON.parse'd as each arrives); their bytes. */
async function download(urls: string[], parse: boolean): Promise<number> {
  const sizes = await Promise.all(urls.map(async (u) => {
    const res = await request(matrixUrl(u));
    const body = new Uint8Array(await res.body.arrayBuffer());
    if (parse) JSON.parse(decoder.decode(body));
    return body.byteLength;
  }));
  return sizes.reduce((a, b) => a + b, 0);
}

/** One refresh through the app's core (a warm connection: logged in, identities known). */
async function coreRound(svc: ClusterService, id: string): Promise<ClusterView> {
  const view = await svc.fetch({ connectionId: id, series: 'writes', rows: 1024, fromMs: null, toMs: null });
  if (view.outcome !== 'complete') throw new Error(`round ${view.outcome}: ${view.nodes.map((n) => n.error).join('; ')}`);
  return view;
}

async function connected(urls: string[]): Promise<{ svc: ClusterService; id: string }> {
  const svc = new ClusterService({ parseWorker: WORKER });
  const { connectionId } = svc.openWith({ nodes: urls, accessKey: 'bench', secret: 'bench', timeoutMs: 120_000, maxTotalBytes: 2 ** 31 });
  await svc.fetch({ connectionId, series: 'writes', rows: 1, fromMs: null, toMs: null }); // log in, identify, warm the connections
  return { svc, id: connectionId };
}

/** The view's arrays as the page fetches them (as they crossed IPC). */
function viewData(v: ClusterView): Map<string, Uint8Array> {
  const m = v.matrix!;
  const bytes = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  return new Map([['/matrix/meta', Buffer.from(JSON.stringify({ rows: m.rows.length, cols: m.columns.length, runs: RUNS }))],
    ['/matrix/values', bytes(m.values)], ['/matrix/columns', bytes(m.columns)], ['/matrix/conflicts', bytes(m.conflicts)],
    ['/matrix/handovers', bytes(m.handovers)]]);
}

export default async function run(): Promise<void> {
  await build({ configFile: resolve(ROOT, 'vite.cli.config.mts'), logLevel: 'warn' });
  for (const c of CASES) {
    const { child, urls } = await startAnswerServers({ BENCH_NODES: String(c.nodes), BENCH_COLS: String(c.cols) });
    try {
      const bytes = await download(urls, false);
      const dl = await median(RUNS, () => download(urls, false));
      const dlParse = await median(RUNS, () => download(urls, true));
      const all = await connected(urls);
      let view: ClusterView | null = null;
      const t0 = performance.now();
      await coreRound(all.svc, all.id);
      const first = performance.now() - t0;
      for (let i = 1; i < SETTLE; i++) await coreRound(all.svc, all.id);
      const core = await median(RUNS, async () => { view = await coreRound(all.svc, all.id); });
      await all.svc.closeAll();
      // The slowest node fetched alone, through the same core (settled the same way).
      let alone = 0;
      for (const u of urls) {
        const one = await connected([u]);
        for (let i = 0; i < SETTLE; i++) await coreRound(one.svc, one.id);
        alone = Math.max(alone, await median(RUNS, () => coreRound(one.svc, one.id)));
        await one.svc.closeAll();
      }
      const v = view!;
      const ipc = await median(RUNS, () => deserialize(serialize(v)));
      // The first paint in Chromium of the arrays as they crossed (null: no Chromium here, said so).
      const painted = await runPage<number>('refresh-e2e', { width: 1600, height: 1000 }, viewData(v));
      const paint = painted?.result ?? 0;
      const total = core + ipc + paint;
      const m = v.matrix!;
      console.log(`${c.nodes} nodes × 1024 rows × ${c.cols} columns (${c.what}): ${(bytes / 1048576).toFixed(1)} MiB of answers, `
        + `merged ${m.rows.length} × ${m.columns.length}; median of ${RUNS} (the core's after ${SETTLE} settling rounds)`);
      console.log(`  download only (baseline)              ${ms(dl)}`);
      console.log(`  download + JSON.parse (baseline)      ${ms(dlParse)} (${ratio(dlParse, dl)} the download)`);
      console.log(`  core: fan-out, decode, merge, picture ${ms(core)}; the slowest node alone ${ms(alone)}: round ${ratio(core, alone)} it`);
      console.log(`  IPC (structured clone of the view)    ${ms(ipc)}`);
      console.log(`  first paint in Chromium               ${painted ? ms(paint) : 'skipped'}`);
      console.log(`  refresh end to end                    ${ms(total)}: ${ratio(total, dlParse)} download + JSON.parse, ${ratio(total, dl)} download alone`);
      console.log(`  · the first round after connecting    core ${ms(first)}; end to end ${ms(first + ipc + paint)}: ${ratio(first + ipc + paint, dlParse)} download + JSON.parse`);
    } finally {
      child.kill();
    }
  }
}
