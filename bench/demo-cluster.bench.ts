// How fast a simulated node answers its matrix, against parsing the same bytes: the
// simulator must never be the bottleneck of the fan-out and heatmap benchmarks built on it, and
// opening the Demo (start + the first answer) must be quick (issue 19: first answer ≤ 5× its parse).
import { request } from 'undici';
import { DEMO_ACCESS_KEY, DEMO_SECRET_KEY, startDemoCluster } from '../src/demo-cluster';
import { median, ms, ratio } from './measure';

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);

async function scenario(label: string, routes: number, history: number, nodes: number): Promise<void> {
  const s0 = performance.now();
  const cluster = await startDemoCluster({ nodes, routes, history, clock: () => NOW });
  const start = performance.now() - s0;
  try {
    const login = await request(`${cluster.urls[0]}/admin/api/v1/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ access_key: DEMO_ACCESS_KEY, secret_key: DEMO_SECRET_KEY }),
    });
    const sc = login.headers['set-cookie'];
    await login.body.dump();
    const cookie = (Array.isArray(sc) ? sc : [sc ?? '']).map((c) => c.split(';')[0]).join('; ');
    const fetchText = async (i: number): Promise<string> =>
      (await request(`${cluster.urls[i]}/admin/api/v1/keyviz/matrix?series=reads`, { headers: { cookie } })).body.text();

    // Cold: the first answer this process writes. The ring is filled at start, and a Demo-sized
    // ring's counts are written as text there too (RenderedCounts; the large one keeps none), so
    // that cost is in the start line, not here: "start + first answer" is what opening the Demo
    // takes. Warm: later answers.
    const t0 = performance.now();
    const text = await fetchText(0);
    const cold = performance.now() - t0;
    const warm = await median(5, () => fetchText(0));
    const all = await median(3, () => Promise.all(cluster.urls.map((_, i) => fetchText(i))));
    const parse = await median(9, () => JSON.parse(text));
    const rows = (JSON.parse(text) as { rows: unknown[] }).rows.length;
    console.log(`${label}: ${nodes} nodes, ${rows} rows × ${history} columns, ${(text.length / 1e6).toFixed(2)} MB per answer`);
    const line = (what: string, figure: string): void => console.log(`  ${what.padEnd(62)}${figure}`);
    line('baseline JSON.parse of one answer', ms(parse));
    line('cluster start (fills the ring; a Demo-sized one\'s text too)', ms(start));
    line('one node, first answer (cold, after that start)', `${ms(cold)}  (${ratio(cold, parse)} parse)`);
    line('start + first answer', `${ms(start + cold)}  (${ratio(start + cold, parse)} parse)`);
    line('one node, warm', `${ms(warm)}  (${ratio(warm, parse)} parse)`);
    line(`all ${nodes} nodes in parallel, warm`, `${ms(all)}  (${ratio(all, parse * nodes)} parse of all answers)`);
  } finally {
    await cluster.stop();
  }
}

export default async function run(): Promise<void> {
  await scenario('default demo', 48, 1440, 3);
  await scenario('large', 1000, 4096, 6);
}
