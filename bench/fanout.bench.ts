// The fan-out at the design ceiling: 6 nodes × 1024 rows × 4096 columns on loopback. The
// figure of merit is the whole round's wall time ÷ the slowest single-node fetch (same work
// for one node alone), plus peak RSS.
import { availableParallelism } from 'node:os';
import { defaultPoolSize } from '../src/main/core/fanout/parse-pool';
import { resolve } from 'node:path';
import { build } from 'vite';
import { ClusterClient } from '../src/main/core/fanout';
import { ms, ratio } from './measure';
import { startAnswerServers } from './support/answer-servers';
import { COLS, NODES, ROWS } from './support/node-answers';

const Q = { series: 'writes' as const, rows: 1024, fromMs: null, toMs: null };

const WORKER = resolve(import.meta.dirname, '../out/cli/parse-worker.js');

async function round(nodes: string[], compat: boolean, workers: boolean): Promise<{ wall: number; slowestNode: number }> {
  const client = new ClusterClient({ nodes, accessKey: 'bench', secret: 'bench', timeoutMs: 120_000, maxTotalBytes: 2 ** 31,
    parseWorker: workers ? WORKER : undefined });
  try {
    await client.fetch({ ...Q, rows: 1 }); // log in and warm the connections outside the timing
    const t0 = performance.now();
    const r = await client.fetch(Q, { compat });
    const wall = performance.now() - t0;
    if (r.outcome !== 'complete') throw new Error(`round ${r.outcome}: ${r.nodes.map((n) => n.status.error).join('; ')}`);
    return { wall, slowestNode: Math.max(...r.nodes.map((n) => n.status.elapsed_ms)) };
  } finally {
    await client.close();
  }
}

export default async function run(): Promise<void> {
  const { child, urls } = await startAnswerServers();
  try {
    console.log(`${NODES} loopback nodes × ${ROWS} rows × ${COLS} columns (pre-serialised, served by another process)`);
    await build({ configFile: resolve(import.meta.dirname, '../vite.cli.config.mts'), logLevel: 'warn' });
    console.log(`  (${availableParallelism()} cores; parse workers: up to ${defaultPoolSize()})`);
    for (const workers of [false, true]) {
      const singles: number[] = [];
      for (const u of urls) singles.push((await round([u], true, workers)).wall);
      const alone = Math.max(...singles);
      const how = workers ? 'parsed in worker threads' : 'parsed on the main thread';
      console.log(`  ${how}: slowest node fetched alone ${ms(alone)} (fastest ${ms(Math.min(...singles))})`);
      for (const compat of [true, false]) {
        const r = await round(urls, compat, workers);
        console.log(`    all nodes, ${compat ? 'compat' : 'shaped'} merge: round ${ms(r.wall)} = ${ratio(r.wall, r.slowestNode)} the slowest `
          + `node in the round (${ms(r.slowestNode)}), ${ratio(r.wall, alone)} the slowest node alone`);
      }
    }
    console.log(`  peak RSS of this process                    ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
  } finally {
    child.kill();
  }
}
