// `keyviz-inspector capture` and `info` as an operator runs them, against the simulated cluster:
// one node set down after 3 s of a 10 s capture, Ctrl+C, a recorder killed outright, usage.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CaptureReplay, readCapture } from '../../src/main/core/capture';
import { DEMO_ACCESS_KEY, DEMO_SECRET_KEY, type DemoCluster, startDemoCluster } from '../../src/demo-cluster';
import { CliProcess, runCli } from '../helpers/cli';

const dir = mkdtempSync(join(tmpdir(), 'keyviz-capcli-'));
const secretFile = join(dir, 'secret');
writeFileSync(secretFile, `${DEMO_SECRET_KEY}\n`, { mode: 0o600 });
let cluster: DemoCluster;
beforeAll(async () => { cluster = await startDemoCluster({ nodes: 3, history: 120, routes: 12 }); });
afterAll(async () => {
  await cluster.stop();
  rmSync(dir, { recursive: true, force: true });
});
const target = (): string[] => [...cluster.urls.flatMap((u) => ['--node', u]), '--access-key', DEMO_ACCESS_KEY, '--secret-key-file', secretFile];

/** Resolves once the child's stderr matches. */
function stderrMatch(p: CliProcess, re: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (): void => { if (re.test(p.stderr)) { cleanup(); resolve(); } };
    const closed = (): void => { cleanup(); reject(new Error(`exited before ${re}: ${p.stderr}`)); };
    const cleanup = (): void => { p.child.stderr.off('data', check); p.child.off('close', closed); };
    p.child.stderr.on('data', check);
    p.child.on('close', closed);
    check();
  });
}

describe('keyviz-inspector capture', () => {
  test('every 1 s for 10 s, one node down after 3 s: its segment failed, the others completed, exit 3; it replays', async () => {
    const out = join(dir, 'ten.kvcap');
    const p = new CliProcess(['capture', '--every', '1s', '--for', '10s', ...target(), '--out', out]);
    try {
      await stderrMatch(p, /^poll 3\/10 /m);
      await cluster.setFault(1, 'down');
      const r = await p.closed;
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).toMatch(/^poll 10\/10 /m);
      expect(r.stderr).toMatch(/failed: 10 poll\(s\) \(ran its course\)/);
      for (const text of [r.stdout, r.stderr]) expect(text).not.toContain(DEMO_SECRET_KEY);
    } finally {
      await p.stop();
      await cluster.setFault(1, 'up');
    }
    const info = await runCli(['info', '--json', out]);
    expect(info.code, info.stderr).toBe(0);
    const doc = JSON.parse(info.stdout);
    expect(doc).toMatchObject({ kind: 'capture', polls: 10, aggregate_status: 'failed' });
    expect(doc.segments.map((s: { node: string; status: string }) => [s.node, s.status])).toEqual(
      [[cluster.urls[0], 'completed'], [cluster.urls[1], 'failed'], [cluster.urls[2], 'completed']]);
    expect(doc.segments[1]).toMatchObject({ polls: 10, ok: 3, failed: 7, last_error: expect.stringMatching(/connection refused/) });
    expect(Object.keys(doc.segments[0]).sort()).toEqual(['bytes', 'failed', 'node', 'ok', 'polls', 'status']);

    const replay = new CaptureReplay(await readCapture(out, { matrices: true }));
    const outcomes = Array.from({ length: replay.length }, (_, i) => replay.frame(i).outcome);
    expect(outcomes).toEqual([...Array(3).fill('complete'), ...Array(7).fill('degraded')]);
  }, 30_000);

  test('Ctrl+C stops after the poll in flight and writes the end record', async () => {
    const out = join(dir, 'stopped.kvcap');
    const p = new CliProcess(['capture', '--every', '200ms', ...target(), '--out', out]);
    await stderrMatch(p, /^poll 2 /m);
    const r = await p.stop('SIGINT');
    expect(r.code, r.stderr).toBe(0);
    const f = await readCapture(out);
    expect(f.end).toMatchObject({ reason: 'stopped', aggregate_status: 'completed' });
    expect((await runCli(['info', out])).stdout).toMatch(/status completed \(stopped\)/);
  });

  test('a recorder killed outright: every completed poll is kept and the capture reads as interrupted', async () => {
    const out = join(dir, 'killed.kvcap');
    const p = new CliProcess(['capture', '--every', '100ms', ...target(), '--out', out]);
    await stderrMatch(p, /^poll 3 /m);
    await p.stop('SIGKILL');
    const info = await runCli(['info', '--json', out]);
    expect(info.code, info.stderr).toBe(0);
    const doc = JSON.parse(info.stdout);
    expect(doc.aggregate_status).toBe('interrupted');
    expect(doc.polls).toBeGreaterThanOrEqual(3);
    expect(doc.segments.every((s: { status: string; ok: number }) => s.status === 'completed' && s.ok === doc.polls)).toBe(true);
  });

  test('usage: the duration, the output file, an existing file without --force', async () => {
    const base = ['capture', ...target()];
    expect(await runCli([...base, '--out', join(dir, 'x')])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--every DURATION is required/) });
    expect(await runCli([...base, '--every', 'soon', '--out', join(dir, 'x')])).toMatchObject({ code: 2, stderr: expect.stringMatching(/500ms, 5s, 10m, 1h/) });
    expect(await runCli([...base, '--every', '1s'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--out FILE is required/) });
    // The app's bounds: a poll every 100 ms at the fastest, each for at most 30 days.
    expect(await runCli([...base, '--every', '50ms', '--out', join(dir, 'x')])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--every must be between 100ms and 86400000ms/) });
    expect(await runCli([...base, '--every', '1s', '--for', '31d', '--out', join(dir, 'x')])).toMatchObject({ code: 2 });
    expect(await runCli([...base, '--every', '1s', '--for', `${31 * 24}h`, '--out', join(dir, 'x')])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--for must be between/) });
    // A --for shorter than one --every would silently make one poll (issue 17): refused, saying why and what to give.
    const short = await runCli([...base, '--every', '1m', '--for', '30s', '--out', join(dir, 'short.kvcap')]);
    expect(short).toMatchObject({ code: 2, stderr: expect.stringContaining("--for 30s is shorter than --every 1m: the capture would make a single poll; "
      + 'give --for 1m or more, or drop --for to record until Ctrl+C') });
    expect(existsSync(join(dir, 'short.kvcap'))).toBe(false);
    const taken = join(dir, 'taken.kvcap');
    writeFileSync(taken, 'mine');
    expect(await runCli([...base, '--every', '1s', '--for', '1s', '--out', taken])).toMatchObject({ code: 2, stderr: expect.stringMatching(/exists already.*--force/) });
  });
});

describe('keyviz-inspector capture: what it will do, said first (issue 17)', () => {
  test('--for not a multiple of --every: the start line says how many polls, and it makes that many', async () => {
    // A cluster of its own: the one above has had its five logins a minute.
    const own = await startDemoCluster({ nodes: 1, history: 10, routes: 4 });
    try {
      const out = join(dir, 'uneven.kvcap');
      const r = await runCli(['capture', '--every', '200ms', '--for', '500ms', '--node', own.urls[0]!, '--access-key', DEMO_ACCESS_KEY,
        '--secret-key-file', secretFile, '--out', out]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr.split('\n')[0]).toBe(`capture: every 200 ms for 500 ms: 3 polls, the last 400 ms after the first `
        + `(500 ms is not a whole number of 200 ms); writing ${out}`);
      expect(r.stderr).toMatch(/^poll 3\/3 /m);
      expect((await readCapture(out)).polls).toHaveLength(3);
      const even = await runCli(['capture', '--every', '200ms', '--for', '400ms', '--node', own.urls[0]!, '--access-key', DEMO_ACCESS_KEY,
        '--secret-key-file', secretFile, '--out', join(dir, 'even.kvcap')]);
      expect(even.stderr.split('\n')[0]).toBe(`capture: every 200 ms for 400 ms: 2 polls; writing ${join(dir, 'even.kvcap')}`);
    } finally {
      await own.stop();
    }
  });
});

describe('keyviz-inspector capture: a login no node accepts (issue 17)', () => {
  test('a wrong secret: refused before the file is made, with the one short message, exit 1', async () => {
    // A cluster of its own: each wrong login counts against the five a minute of every node.
    const own = await startDemoCluster({ nodes: 3, history: 5, routes: 4 });
    try {
      const out = join(dir, 'refused.kvcap');
      const r = await runCli(['capture', '--every', '200ms', '--for', '1s', ...own.urls.flatMap((u) => ['--node', u]), '--access-key', DEMO_ACCESS_KEY,
        '--secret-key-env', 'BAD', '--out', out], { BAD: 'wrong' });
      expect(r.code).toBe(1);
      expect(r.stderr.split('\n').filter((l) => l !== '')).toEqual([
        'keyviz-inspector: login refused: the access key or secret is wrong (HTTP 401 invalid_credentials), said by all 3 nodes; nothing recorded',
        `  check the access key (--access-key ${DEMO_ACCESS_KEY}) and the secret in $BAD`,
      ]);
      expect(existsSync(out)).toBe(false);
    } finally {
      await own.stop();
    }
  });

  test('no node reachable at the start is not a refusal: the capture records the outage', async () => {
    const own = await startDemoCluster({ nodes: 1, history: 5, routes: 4 });
    const url = own.urls[0]!;
    await own.stop();
    const out = join(dir, 'outage.kvcap');
    const r = await runCli(['capture', '--every', '200ms', '--for', '400ms', '--node', url, '--access-key', DEMO_ACCESS_KEY,
      '--secret-key-file', secretFile, '--out', out]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/^poll 2\/2 /m);
    expect((await readCapture(out)).polls).toHaveLength(2);
  });
});

describe('keyviz-inspector info', () => {
  test('a snapshot: kind, time, series, aggregate and each node; a damaged file: exit 1 with the reason', async () => {
    const snap = join(dir, 'one.json');
    const s = await runCli(['snapshot', ...target(), '--series', 'reads', '--out', snap]);
    expect(s.code, s.stderr).toBe(0);
    const info = await runCli(['info', '--json', snap]);
    expect(JSON.parse(info.stdout)).toEqual({ kind: 'snapshot', created_at: expect.any(String), series: 'reads', aggregate_status: 'complete',
      nodes: cluster.urls.map((node) => ({ node, ok: true })),
      // Added in issue 17 (test/cli/info.test.ts checks their values): what the matrix covers.
      // The merged columns: 120 a node, one more when a minute's flush had reached only some nodes.
      label: null, rows: expect.any(Number), columns: (JSON.parse(readFileSync(snap, 'utf8')) as { matrix: { column_unix_ms: unknown[] } }).matrix.column_unix_ms.length,
      from_ms: expect.any(Number), to_ms: expect.any(Number), step_ms: 60_000 });
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"format":"keyviz-inspector/snapshot","version":7}');
    expect(await runCli(['info', bad])).toMatchObject({ code: 1, stderr: expect.stringMatching(/newer KeyViz Inspector/) });
    expect(await runCli(['info'])).toMatchObject({ code: 2 });
  });
});
