// The fan-out at the design ceiling: 6 nodes × 1024 rows × 4096 columns on loopback. The
// figure of merit is the whole round's wall time ÷ the slowest single-node fetch (same work
// for one node alone), plus peak RSS.
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { ClusterClient } from '../src/main/core/fanout';
import { ms, ratio } from './measure';
import { COLS, NODES, ROWS } from './support/node-answers';

const Q = { series: 'writes' as const, rows: 1024, fromMs: null, toMs: null };

function startServers(): Promise<{ child: ChildProcess; urls: string[] }> {
  const runner = `import('vite').then(async ({ runnerImport }) => { const { module } = await runnerImport(${JSON.stringify(
    resolve(import.meta.dirname, 'support/answer-server.ts'))}); await module.default(); })`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', runner], { cwd: resolve(import.meta.dirname, '..'), stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((res, rej) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) res({ child, urls: JSON.parse(out) as string[] });
    });
    child.on('exit', (code) => rej(new Error(`answer servers exited ${code}`)));
  });
}

async function round(nodes: string[], compat: boolean): Promise<number> {
  const client = new ClusterClient({ nodes, accessKey: 'bench', secret: 'bench', timeoutMs: 120_000, maxTotalBytes: 2 ** 31 });
  try {
    await client.fetch({ ...Q, rows: 1 }); // log in and warm the connections outside the timing
    const t0 = performance.now();
    const r = await client.fetch(Q, { compat });
    const wall = performance.now() - t0;
    if (r.outcome !== 'complete') throw new Error(`round ${r.outcome}: ${r.nodes.map((n) => n.status.error).join('; ')}`);
    return wall;
  } finally {
    await client.close();
  }
}

export default async function run(): Promise<void> {
  const { child, urls } = await startServers();
  try {
    console.log(`${NODES} loopback nodes × ${ROWS} rows × ${COLS} columns (pre-serialised, served by another process)`);
    const singles: number[] = [];
    for (const u of urls) singles.push(await round([u], true));
    const slowest = Math.max(...singles);
    const wallCompat = await round(urls, true);
    const wallShaped = await round(urls, false);
    console.log(`  single node: fetch + parse (+ pass-through)  slowest ${ms(slowest)}, fastest ${ms(Math.min(...singles))}`);
    console.log(`  all nodes, compat merge                     ${ms(wallCompat)}  (${ratio(wallCompat, slowest)} the slowest single node)`);
    console.log(`  all nodes, shaped merge                     ${ms(wallShaped)}  (${ratio(wallShaped, slowest)} the slowest single node)`);
    console.log(`  peak RSS of this process                    ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
  } finally {
    child.kill();
  }
}
