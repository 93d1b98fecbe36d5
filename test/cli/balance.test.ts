// `keyviz-inspector balance`, the built binary: on a real cluster's saved answers (the same figures
// as the engine and the nodes' own JSON), against the simulated cluster (nodes in the order given,
// a silent node), with bad usage and bad files, and on files that ask for a lot.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { computeBalance } from '../../src/main/core/balance';
import { identityFromClusterInfo } from '../../src/main/core/fanout/identity';
import { parseNodeMatrixText } from '../../src/main/core/merge';
import { DEMO_ACCESS_KEY, DEMO_SECRET_KEY, type DemoCluster, startDemoCluster } from '../../src/demo-cluster';
import { clusterInfoSchema } from '../../src/shared/elastickv/wire';
import { MAX_BALANCE_GROUPS } from '../../src/shared/limits';
import { runCli } from '../helpers/cli';
import { cookieHeader, http, login, TestClock } from '../helpers/http';
import { runMeasured } from '../helpers/measured-cli';
import type { FakeNode } from '../helpers/fake-node';
import { recordedNode, setPath, window } from '../helpers/recordings';

const dir = mkdtempSync(join(tmpdir(), 'keyviz-balance-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Out {
  series: string; imbalance: number | null; busiest: string | null; total: number; outcome?: string;
  nodes: Array<{ node: string; node_id?: string; total: number; share: number; leads: number[] | null; groups: Array<{ group_id: number; total: number }>; groups_omitted?: number }>;
  what_if: Array<{ group_id: number; from: string; to: string; moved: number; imbalance_before: number; imbalance_after: number }>;
  windows: Array<{ column_unix_ms: number; totals: Array<number | null>; imbalance: number | null; busiest: string | null }>;
  failed?: Array<{ node: string; error: string }>;
}
const parse = (stdout: string): Out => JSON.parse(stdout) as Out;
const sum = (a: number[]): number => a.reduce((x, y) => x + y, 0);
const valuesSum = (m: { rows: Array<{ values: number[] }> }): number => sum(m.rows.map((r) => sum(r.values)));

describe('keyviz-inspector balance on real-3n-9routes\' saved answers', () => {
  const NODES = ['n1', 'n2', 'n3'];
  const matrices = NODES.map((n) => setPath('real-3n-9routes', 'nodes', `${n}-writes.json`));
  const clusters = NODES.map((n) => setPath('real-3n-9routes', 'nodes', `${n}-cluster.json`));

  test('each total is the sum of that node\'s own answer, shares sum to 1, and the figures are the engine\'s', async () => {
    const r = await runCli(['balance', ...clusters.flatMap((c) => ['--cluster', c]), ...matrices]);
    expect(r.code, r.stderr).toBe(0);
    const out = parse(r.stdout);
    expect(out.series).toBe('writes');
    expect(out.nodes.map((n) => n.node)).toEqual(matrices);
    const own = matrices.map((f) => valuesSum(JSON.parse(readFileSync(f, 'utf8')) as { rows: Array<{ values: number[] }> }));
    expect(out.nodes.map((n) => n.total)).toEqual(own);
    expect(Math.abs(sum(out.nodes.map((n) => n.share)) - 1)).toBeLessThanOrEqual(1e-12);
    expect(out.nodes.map((n) => [n.node_id, n.leads])).toEqual([['n1', [3]], ['n2', [1]], ['n3', [2]]]);
    // By hand: n3 is busiest (16054 of 36292); moving group 2 (7568 counted on n3) to n2 leaves n1 busiest at 15386.
    expect(out.busiest).toBe(matrices[2]);
    expect(out.imbalance).toBeCloseTo((16054 * 3) / 36292, 12);
    expect(out.what_if).toEqual([{ group_id: 2, from: matrices[2], to: matrices[1], moved: 7568,
      imbalance_before: out.imbalance, imbalance_after: (15386 * 3) / 36292 }]);
    // The engine on the same answers, in-process: the same figures.
    const b = computeBalance(matrices.map((f, i) => ({
      node: f, matrix: parseNodeMatrixText(readFileSync(f, 'utf8'), f).matrix,
      identity: identityFromClusterInfo(f, clusterInfoSchema.parse(JSON.parse(readFileSync(clusters[i]!, 'utf8')))),
    })));
    expect(out.nodes.map((n) => [n.total, n.share, n.groups])).toEqual(b.nodes.map((n) => [n.total, n.share, n.groups.map((g) => ({ group_id: g.groupId, total: g.total }))]));
    expect(out.windows.map((w) => w.totals)).toEqual(b.windows.map((w) => w.totals));
    expect(out.windows.map((w) => w.imbalance)).toEqual(b.windows.map((w) => w.imbalance));
    // The summary says the figure, its meaning and the move.
    expect(r.stderr).toMatch(/writes: 3 node\(s\), 36292 in all; imbalance 1\.33 \(busiest: .*n3-writes\.json; 1 = even, 3 = one node carries all\)/);
    expect(r.stderr).toMatch(/move \(an estimate\): group 2's leadership from .*n3-writes\.json to .*n2-writes\.json: imbalance 1\.33 -> 1\.27 \(7568 writes move with it\)/);
  });

  test('without --cluster: no node ids or leadership, the moves from any node that counted a group', async () => {
    const r = await runCli(['balance', '--series', 'writes', ...matrices]);
    expect(r.code, r.stderr).toBe(0);
    const out = parse(r.stdout);
    expect(out.nodes.map((n) => [n.node_id, n.leads])).toEqual([[undefined, null], [undefined, null], [undefined, null]]);
    expect(out.what_if.map((m) => [m.group_id, m.from, m.to])).toEqual([[2, matrices[2], matrices[1]], [3, matrices[2], matrices[1]]]);
    expect(r.stderr).toMatch(/leads \(unknown\)/);
  });

  test('asked of the recorded nodes themselves (served over loopback): the same figures as from the files', async () => {
    const served: FakeNode[] = NODES.map((n) => recordedNode('real-3n-9routes', n));
    try {
      const urls = await Promise.all(served.map((n) => n.start()));
      const secret = join(dir, 'ops-secret');
      writeFileSync(secret, 'ops-secret', { mode: 0o600 });
      const w = window('real-3n-9routes');
      const [asked, saved] = await Promise.all([
        runCli(['balance', ...urls.flatMap((u) => ['--node', u]), '--access-key', 'ops', '--secret-key-file', secret,
          '--from-ms', String(w.from_unix_ms), '--to-ms', String(w.to_unix_ms)]),
        runCli(['balance', ...clusters.flatMap((c) => ['--cluster', c]), ...matrices]),
      ]);
      expect(asked.code, asked.stderr).toBe(0);
      const a = parse(asked.stdout);
      const f = parse(saved.stdout);
      expect(a.outcome).toBe('complete');
      expect(a.nodes.map((n) => n.node)).toEqual(urls);
      const figures = (o: Out) => ({ imbalance: o.imbalance, total: o.total, windows: o.windows.map((x) => [x.totals, x.imbalance]),
        nodes: o.nodes.map(({ node: _n, ...rest }) => rest), moves: o.what_if.map(({ from: _f, to: _t, ...rest }) => rest) });
      expect(figures(a)).toEqual(figures(f));
    } finally {
      await Promise.all(served.map((n) => n.stop()));
    }
  });

  test('a node id with control characters reaches the terminal escaped', async () => {
    const hostile = join(dir, 'hostile-cluster.json');
    const info = JSON.parse(readFileSync(clusters[0]!, 'utf8')) as { node_id: string };
    writeFileSync(hostile, JSON.stringify({ ...info, node_id: 'n1\u001b[2J\u202e' }));
    const r = await runCli(['balance', '--cluster', hostile, matrices[0]!]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/[\u001b\u202e]/);
    expect(r.stderr).toContain('n1\\u001b[2J\\u202e');
    expect(parse(r.stdout).nodes[0]!.node_id).toBe('n1\\u001b[2J\\u202e');
  });

  test.each([
    [['--cluster', 'c.json'], 'needs a FILE', /--cluster goes with saved node answers/],
    [['--node', 'http://127.0.0.1:1', 'f.json'], 'FILE and --node', /--node asks the nodes, but FILEs were given/],
    [['--series', 'bytes', 'f.json'], 'a bad series', /--series must be one of/],
  ])('bad usage (%s, %s): exit 2', async (args, _what, message) => {
    const r = await runCli(['balance', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  test('bad files: exit 2, naming the file', async () => {
    const notCluster = join(dir, 'not-cluster.json');
    writeFileSync(notCluster, '{"node_id":"n1"}');
    const notJson = join(dir, 'not-json.json');
    writeFileSync(notJson, '{');
    const cases: Array<[string[], RegExp]> = [
      [['--cluster', clusters[0]!, ...matrices], /1 --cluster file\(s\) for 3 FILE\(s\)/],
      [['--cluster', notCluster, matrices[0]!], /not-cluster\.json: not a GET \/admin\/api\/v1\/cluster answer/],
      [[matrices[0]!, notJson], /not-json\.json: not valid JSON/],
      [[matrices[0]!, join(dir, 'absent.json')], /absent\.json: cannot read it \(ENOENT\)/],
      [[matrices[0]!, setPath('real-3n-9routes', 'nodes', 'n2-reads.json')], /its series is reads, but .*n1-writes\.json's is writes/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(['balance', ...args]);
      expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: 2, stderr: expect.stringMatching(message) });
      expect(r.stdout).toBe('');
    }
  });

  test('--help says what the figure means', async () => {
    const r = await runCli(['balance', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/imbalance = the busiest node's share ÷ the even share \(1\/N\)/);
    expect((await runCli(['--help'])).stdout).toMatch(/balance\s+which node carries the traffic/);
  });
});

describe('keyviz-inspector balance against the simulated cluster', () => {
  let cluster: DemoCluster;
  // The nodes' answers stand still while the clock does: the CLI's figures can be checked against them.
  const clock = new TestClock(Date.UTC(2026, 10, 20, 12));
  beforeAll(async () => { cluster = await startDemoCluster({ nodes: 5, history: 60, routes: 12, clock: clock.now }); });
  afterAll(async () => { await cluster.stop(); });
  const auth = ['--access-key', DEMO_ACCESS_KEY, '--secret-key-env', 'KV_SECRET'];
  const env = { KV_SECRET: DEMO_SECRET_KEY };

  test('nodes in the order given (either way), each total its own answer\'s, moves only from a leader to a member', async () => {
    const cookie = cookieHeader((await login(cluster.urls[0]!, DEMO_ACCESS_KEY, DEMO_SECRET_KEY)).setCookies);
    const get = async (u: string, path: string): Promise<unknown> =>
      (await http(`${u}/admin/api/v1/${path}`, { headers: { cookie, 'X-Admin-Fanout-Peer': '1' } })).json();
    const own = await Promise.all(cluster.urls.map(async (u) => valuesSum(await get(u, 'keyviz/matrix?series=writes') as { rows: Array<{ values: number[] }> })));
    const info = await Promise.all(cluster.urls.map(async (u) => clusterInfoSchema.parse(await get(u, 'cluster'))));

    for (const order of [[0, 1, 2, 3, 4], [4, 2, 0, 3, 1]]) {
      const r = await runCli(['balance', ...order.flatMap((i) => ['--node', cluster.urls[i]!]), ...auth], env);
      expect(r.code, r.stderr).toBe(0);
      const out = parse(r.stdout);
      expect(out.outcome).toBe('complete');
      expect(out.nodes.map((n) => n.node)).toEqual(order.map((i) => cluster.urls[i]));
      expect(out.nodes.map((n) => n.total)).toEqual(order.map((i) => own[i]));
      expect(out.nodes.map((n) => n.node_id)).toEqual(order.map((i) => info[i]!.node_id));
      expect(out.nodes.map((n) => n.leads)).toEqual(order.map((i) => info[i]!.groups.filter((g) => g.is_leader).map((g) => g.group_id).sort((a, b) => a - b)));
      expect(Math.abs(sum(out.nodes.map((n) => n.share)) - 1)).toBeLessThanOrEqual(1e-12);
      expect(out.imbalance).toBeCloseTo((Math.max(...own) / sum(own)) * 5, 12);
      expect(out.windows.length).toBeGreaterThan(0);
      // The simulated cluster's hot ranges make one node busy: there is a move worth listing.
      expect(out.what_if.length).toBeGreaterThan(0);
      const byNode = new Map(out.nodes.map((n) => [n.node, n]));
      for (const m of out.what_if) {
        expect(byNode.get(m.from)!.leads).toContain(m.group_id);
        const members = info.flatMap((c) => c.groups.filter((g) => g.group_id === m.group_id).flatMap((g) => g.members));
        expect(members).toContain(byNode.get(m.to)!.node_id);
        expect(m.imbalance_after).toBeLessThan(m.imbalance_before);
      }
    }
  });

  test('a node down: exit 3, the figures over the nodes that answered, the silent one named', async () => {
    await cluster.setFault(1, 'down');
    try {
      const r = await runCli(['balance', ...cluster.urls.flatMap((u) => ['--node', u]), ...auth], env);
      expect(r.code, r.stderr).toBe(3);
      const out = parse(r.stdout);
      expect(out.outcome).toBe('degraded');
      expect(out.nodes.map((n) => n.node)).toEqual(cluster.urls.filter((_, i) => i !== 1));
      expect(out.failed).toEqual([{ node: cluster.urls[1], error: expect.stringMatching(/^connection refused/) }]);
      expect(Math.abs(sum(out.nodes.map((n) => n.share)) - 1)).toBeLessThanOrEqual(1e-12);
      expect(r.stderr).toMatch(/degraded: 4 of 5 node\(s\) answered; the figures are over the nodes that answered/);
    } finally {
      await cluster.setFault(1, 'up');
    }
  });

  test('the login refused: exit 1, nothing on stdout', async () => {
    clock.advance(61_000); // past the nodes' login rate window
    const r = await runCli(['balance', ...cluster.urls.flatMap((u) => ['--node', u]), ...auth], { KV_SECRET: 'wrong' });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/failed: 0 of 5 node\(s\) answered; no figures/);
  });
});

describe('keyviz-inspector balance on files that ask for a lot', () => {
  /** rows × cols cells, every one its own Raft group: ids from `base` (any uint64 a node may send). */
  function manyGroups(name: string, rows: number, cols: number, base: number, value: number): string {
    const columns = Array.from({ length: cols }, (_, j) => 1_800_000_000_000 + j * 1000);
    const lines = Array.from({ length: rows }, (_, r) => {
      const ids = columns.map((_, j) => base + r * cols + j);
      return `{"bucket_id":"route:${r}","values":[${columns.map(() => value).join(',')}],"raft_group_ids":[${ids.join(',')}],`
        + `"leader_terms":[${columns.map(() => 1).join(',')}]}`;
    });
    const p = join(dir, name);
    writeFileSync(p, `{"column_unix_ms":[${columns.join(',')}],"rows":[${lines.join(',')}],"series":"writes"}`);
    return p;
  }

  test('a million distinct group ids near 2^52 per node: bounded time and memory, the busiest groups listed, the rest counted', async () => {
    const rows = 256;
    const cols = 4096;
    const a = manyGroups('groups-a.json', rows, cols, 2 ** 52, 2);
    const b = manyGroups('groups-b.json', rows, cols, 2 ** 52 + rows * cols, 1);
    const r = await runMeasured(['balance', a, b], { timeoutMs: 60_000, maxOutputBytes: 64 * 1024 * 1024 });
    expect(r.timedOut).toBe(false);
    expect(r.code, r.stderr).toBe(0);
    expect(r.ms).toBeLessThan(20_000);
    expect(r.maxRssBytes!).toBeLessThan(1024 ** 3);
    const out = parse(r.stdout);
    expect(out.nodes.map((n) => [n.total, n.groups.length, n.groups_omitted])).toEqual([
      [2 * rows * cols, MAX_BALANCE_GROUPS, rows * cols - MAX_BALANCE_GROUPS], [rows * cols, MAX_BALANCE_GROUPS, rows * cols - MAX_BALANCE_GROUPS]]);
    // Moving any one group (2) from a to b lowers a's share a little: the lowest id of a, on a tie.
    expect(out.what_if[0]).toMatchObject({ group_id: 2 ** 52, from: a, to: b, moved: 2 });
  });

  test('a file claiming more rows than a node sends: refused by the parser before any per-cell work (exit 2)', async () => {
    const p = join(dir, 'rows.json');
    writeFileSync(p, `{"column_unix_ms":[1],"rows":[${Array.from({ length: 1025 }, () => '{}').join(',')}],"series":"writes"}`);
    const r = await runCli(['balance', p]);
    expect(r.code).toBe(2);
    // The streaming decoder stops at the first row past the budget (README: early refusals).
    expect(r.stderr).toMatch(/rows\.json: rows: at least 1025 rows, more than the 1024 asked for/);
  });
});
