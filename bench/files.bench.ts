// File sizes for the README: a snapshot of 3 nodes × 1024 rows × 1440 columns (plain and gzip),
// and a capture's bytes per poll (the first, full poll against the incremental ones). The
// baseline is the bytes the nodes sent for the same view in the same run.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCapture } from '../src/main/core/capture';
import { DEMO_ACCESS_KEY, DEMO_SECRET_KEY, startDemoCluster } from '../src/demo-cluster';
import { ClusterClient } from '../src/main/core/fanout';
import { openSnapshot, snapshotFromJson, writeSnapshotFile } from '../src/main/core/snapshot';
import { median, ms, ratio } from './measure';

const MB = (n: number): string => `${(n / 1e6).toFixed(1)} MB`;
const KB = (n: number): string => `${(n / 1e3).toFixed(1)} kB`;

export default async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'keyviz-bench-files-'));
  let now = Date.UTC(2026, 10, 24, 12, 0, 0);
  const cluster = await startDemoCluster({ nodes: 3, routes: 1100, history: 1440, clock: () => now });
  const client = new ClusterClient({ nodes: cluster.urls, accessKey: DEMO_ACCESS_KEY, secret: DEMO_SECRET_KEY, timeoutMs: 60_000 });
  try {
    const query = { series: 'writes' as const, rows: 1024, fromMs: null, toMs: null };
    const result = await client.fetch(query);
    const received = result.nodes.reduce((a, n) => a + n.status.bytes, 0);
    const m = result.merge!.matrix;
    console.log(`snapshot: ${result.nodes.length} nodes, ${m.rows.length} rows × ${m.columns.length} columns (writes, with Raft identity)`);
    console.log(`  baseline: the nodes' answers          ${MB(received)}`);
    const input = { result, request: { ...query, compat: false }, appVersion: 'bench' };
    let plain = 0;
    let gz = 0;
    const tPlain = await median(3, async () => { plain = await writeSnapshotFile(join(dir, 's.json'), input); });
    const tGz = await median(3, async () => { gz = await writeSnapshotFile(join(dir, 's.kvsnap'), input); });
    console.log(`  .json (plain)                          ${MB(plain)}  (${ratio(plain, received)} the answers)  written in ${ms(tPlain)}`);
    console.log(`  .kvsnap (gzip)                         ${MB(gz)}  (${ratio(gz, received)} the answers, ${ratio(plain, gz)} smaller than plain)  written in ${ms(tGz)}`);

    // Opening it: the nodes' matrices decoded from their bytes (the rest JSON.parsed), against
    // reading the file whole (JSON.parse, then the matrices from JS arrays) and JSON.parse alone.
    const path = join(dir, 's.json');
    const tParse = await median(3, () => { JSON.parse(readFileSync(path, 'utf8')); });
    const tWhole = await median(3, () => { snapshotFromJson(JSON.parse(readFileSync(path, 'utf8')), path); });
    const tOpen = await median(3, () => openSnapshot(path));
    console.log(`  open .json: baseline read + JSON.parse ${ms(tParse)}; read whole + parse ${ms(tWhole)} (${ratio(tWhole, tParse)}); `
      + `decoder ${ms(tOpen)} (${ratio(tOpen, tParse)})`);

    // A capture every minute for 10 minutes on the cluster's clock: the first poll is the full
    // view, each later one the columns that appeared since (one per node).
    const s = await runCapture({
      client: client.sibling(), query, everyMs: 60_000, forMs: 600_000, path: join(dir, 'c.kvcap'), appVersion: 'bench',
      clock: { now: () => now, sleep: async (ms2) => { now += ms2; } },
    });
    const later = s.pollBytes.slice(1).sort((a, b) => a - b);
    const inc = later[Math.floor(later.length / 2)]!;
    console.log(`capture: every 1 min for 10 min, ${s.polls} polls, ${MB(s.fileBytes)} in all`);
    console.log(`  first poll (full)                      ${MB(s.pollBytes[0]!)}`);
    console.log(`  later polls (incremental), median      ${KB(inc)}  (${((100 * inc) / s.pollBytes[0]!).toFixed(1)} % of the full poll)`);
  } finally {
    await client.close();
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
