// Bytes per auto-refresh tick: a full refetch against an incremental one (only the new column),
// 3 simulated nodes × ~1024 rows × 1440 columns.
import { DEMO_ACCESS_KEY, DEMO_SECRET_KEY, startDemoCluster } from '../src/demo-cluster';
import { ClusterClient } from '../src/main/core/fanout';
import { ms } from './measure';

export default async function run(): Promise<void> {
  let now = Date.UTC(2026, 10, 24, 12, 0, 0);
  const cluster = await startDemoCluster({ nodes: 3, routes: 1000, history: 1440, clock: () => now });
  const client = new ClusterClient({ nodes: cluster.urls, accessKey: DEMO_ACCESS_KEY, secret: DEMO_SECRET_KEY, timeoutMs: 60_000 });
  try {
    const q = { series: 'writes' as const, rows: 1024, fromMs: null, toMs: null };
    let t = performance.now();
    const full = await client.fetch(q, {}, undefined, true);
    const fullMs = performance.now() - t;
    const rows = full.nodes.map((n) => n.matrix?.rows.length ?? 0);
    const fullBytes = full.nodes.reduce((a, n) => a + n.status.bytes, 0);
    // Auto-refresh every 5 s for two minutes of the nodes' time (60 s columns).
    const ticks: Array<{ bytes: number; ms: number; columns: number }> = [];
    for (let i = 0; i < 24; i++) {
      now += 5_000;
      t = performance.now();
      const inc = await client.fetch(q, {}, undefined, true);
      ticks.push({ bytes: inc.nodes.reduce((a, n) => a + n.status.bytes, 0), ms: performance.now() - t,
        columns: inc.merge!.matrix.columns.length });
    }
    const avg = ticks.reduce((a, x) => a + x.bytes, 0) / ticks.length;
    const worst = ticks.reduce((a, x) => (x.bytes > a.bytes ? x : a));
    console.log(`3 nodes, ${rows.join(' / ')} rows × ${full.merge!.matrix.columns.length} columns, writes`);
    console.log(`  full refetch                      ${(fullBytes / 1048576).toFixed(2)} MiB in ${ms(fullMs)}`);
    console.log(`  incremental, 5 s ticks, average   ${(avg / 1024).toFixed(1)} KiB = ${((100 * avg) / fullBytes).toFixed(2)} % of the full bytes`);
    console.log(`  incremental, a tick with a new column ${(worst.bytes / 1024).toFixed(1)} KiB in ${ms(worst.ms)} = `
      + `${((100 * worst.bytes) / fullBytes).toFixed(2)} % (elastickv repeats every row's metadata in each answer)`);
  } finally {
    await client.close();
    await cluster.stop();
  }
}
