// The whole client path against a real cluster's recorded answers: one loopback server per node
// serving what that elastickv node answered (login, /cluster, matrices, hot keys).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { snapshotV1Schema } from '../../src/shared/snapshot';
import { runCli } from '../helpers/cli';
import type { FakeNode } from '../helpers/fake-node';
import { recordedNode, serverTotals, window } from '../helpers/recordings';

const dir = mkdtempSync(join(tmpdir(), 'keyviz-rec-'));
const secretFile = join(dir, 'secret');
writeFileSync(secretFile, 'ops-secret', { mode: 0o600 });
const started: FakeNode[] = [];

async function play(set: string, nodes: string[]): Promise<string[]> {
  return Promise.all(nodes.map(async (n) => {
    const node = recordedNode(set, n);
    started.push(node);
    return node.start();
  }));
}

/** An address nothing listens on: an ephemeral port taken, then let go. */
async function deadAddress(): Promise<string> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return `http://127.0.0.1:${port}`;
}

const auth = ['--access-key', 'ops', '--secret-key-file', secretFile];
const windowFlags = (set: string) => ['--from-ms', String(window(set).from_unix_ms), '--to-ms', String(window(set).to_unix_ms)];
const sum = (v: number[]): number => v.reduce((a, b) => a + b, 0);

afterAll(async () => {
  await Promise.all(started.map((n) => n.stop()));
  rmSync(dir, { recursive: true, force: true });
});

describe('against recorded elastickv nodes', () => {
  let healthy: string[];
  beforeAll(async () => { healthy = await play('real-3n-9routes', ['n1', 'n2', 'n3']); });

  test.each(['writes', 'reads'])('snapshot of a healthy cluster (%s): exit 0, no warning, elastickv\'s row totals', async (series) => {
    const out = join(dir, `healthy-${series}.json`);
    const r = await runCli(['snapshot', ...healthy.flatMap((u) => ['--node', u]), ...auth, '--series', series, ...windowFlags('real-3n-9routes'), '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/warning|missing|FAILED/i);
    const snap = snapshotV1Schema.parse(JSON.parse(readFileSync(out, 'utf8')));
    expect(snap.warnings).toEqual([]);
    expect(new Map(snap.matrix.rows.map((row) => [row.bucket_id, sum(row.values)]))).toEqual(serverTotals('real-3n-9routes', series));
    expect(snap.matrix.rows.some((row) => row.conflict)).toBe(false);
    expect(snap.nodes.map((n) => n.identity?.node_id)).toEqual(['n1', 'n2', 'n3']);
    if (series === 'writes') expect(snap.events!.map((e) => e.raft_group_id)).toEqual([2, 3, 1]);
  });

  test('hotkeys of a route: every node answered (a node without samples too), exit 0', async () => {
    const r = await runCli(['hotkeys', ...healthy.flatMap((u) => ['--node', u]), ...auth, '--bucket', 'route:3:redis']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { keys: Array<{ key_b64: string; count: number }>; nodes: Array<{ ok: boolean; no_samples?: boolean }> };
    expect(out.nodes.map((n) => n.ok)).toEqual([true, true, true]);
    // n2 never led group 3: 404 no_snapshot, shown as "no samples".
    expect(out.nodes[1]!.no_samples).toBe(true);
    expect(r.stderr).toMatch(/no samples/);
    expect(r.stderr).toMatch(/^complete: 3 of 3 node\(s\) answered/m);
    expect(out.keys.length).toBeGreaterThan(0);
    // elastickv's internal keys (!redis|str|hot:4, !redis|ttl|hot:4) read as the user's.
    const keys = out.keys as unknown as Array<{ key_b64: string; user_key: string | null; kind: string | null }>;
    for (const k of keys) {
      expect(k.user_key).toMatch(/^hot:\d$/);
      expect(['redis_string', 'redis_ttl']).toContain(k.kind);
      expect(Buffer.from(k.key_b64, 'base64').toString()).toBe(`!redis|${k.kind === 'redis_string' ? 'str' : 'ttl'}|${k.user_key}`);
    }
    expect(r.stderr).toMatch(/^\s*\d+\s+Redis (string|TTL)\s+hot:\d$/m);
  });

  test('hotkeys of a route nobody sampled: an empty answer on stdout, exit 0; without its label: a note on how to ask', async () => {
    const idle = await runCli(['hotkeys', ...healthy.flatMap((u) => ['--node', u]), ...auth, '--bucket', 'route:5:redis']);
    expect(idle.code, idle.stderr).toBe(0);
    expect(JSON.parse(idle.stdout)).toMatchObject({ route_id: '5', label: 'redis', keys: [] });
    const unlabelled = await runCli(['hotkeys', ...healthy.flatMap((u) => ['--node', u]), ...auth, '--bucket', 'route:3']);
    expect(unlabelled.code).toBe(0);
    expect(unlabelled.stderr).toMatch(/give the label, as the heatmap's row shows it \(e\.g\. route:3:redis\)/);
  });

  test('hotkeys of a sub-bucket the internal keys miss: the whole route\'s, and it says so', async () => {
    const r = await runCli(['hotkeys', ...healthy.flatMap((u) => ['--node', u]), ...auth, '--bucket', 'route:3:redis#0']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { keys: unknown[]; whole_route?: boolean };
    expect(out.whole_route).toBe(true);
    expect(out.keys.length).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/sub-bucket 0 matched no sampled key/);
  });

  test('a node down: exit 3 naming it, and the summary says which group\'s writes are missing', async () => {
    const up = await play('real-3n-node-down', ['n1', 'n2']);
    const dead = await deadAddress();
    const out = join(dir, 'down.json');
    const r = await runCli(['snapshot', ...[...up, dead].flatMap((u) => ['--node', u]), ...auth, ...windowFlags('real-3n-node-down'), '--out', out]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(new RegExp(`${dead.replace(/[.:/]/g, '\\$&')}\\s+FAILED .*connection refused`));
    expect(r.stderr).toMatch(/^missing: Writes are counted only by each Raft group's leader, and no answering node counted these, so their writes are missing: group 3 until \S+ \(n2 leads it now\)\.$/m);
    expect(r.stderr).not.toMatch(/reads served/);
    const snap = snapshotV1Schema.parse(JSON.parse(readFileSync(out, 'utf8')));
    expect(snap.missing).toMatchObject({ nodes: [{ node: dead, nodeId: 'n3' }], groups: [{ group: 3, leader: 'n2', term: 4 }] });
    expect(snap.warnings).toEqual([]);
  });
});
