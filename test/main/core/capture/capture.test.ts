// Captures against the simulated cluster, on a test clock (a "10-minute" capture runs in
// moments): incremental polls, per-node segments and the worst-case aggregate, recovery, the
// disk guard, a torn last record, silent re-login past the 1 h session, and replay.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { type CaptureClock, CaptureReplay, readCapture, runCapture } from '../../../../src/main/core/capture';
import { DEMO_ACCESS_KEY, DEMO_SECRET_KEY, startDemoCluster } from '../../../../src/demo-cluster';
import { ClusterClient } from '../../../../src/main/core/fanout';
import { fakeElastickv } from '../../../helpers/fake-node';

const dir = mkdtempSync(join(tmpdir(), 'keyviz-capture-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });
const MIN = 60_000;
const Q = { series: 'writes' as const, rows: 1024, fromMs: null, toMs: null };
let n = 0;
const file = (): string => join(dir, `c${n++}.jsonl`);

/** A cluster and a capture clock that share one fake time: sleeping moves time forward at once. */
async function rig(onSleep: (now: number) => Promise<void> | void = () => {}) {
  let now = Date.UTC(2026, 10, 24, 3, 0, 0);
  const cluster = await startDemoCluster({ nodes: 3, history: 240, routes: 12, seed: 3, clock: () => now });
  const client = new ClusterClient({ nodes: cluster.urls, accessKey: DEMO_ACCESS_KEY, secret: DEMO_SECRET_KEY });
  cleanups.push(() => cluster.stop(), () => client.close());
  const clock: CaptureClock = { now: () => now, sleep: async (ms) => { now += ms; await onSleep(now); } };
  return { cluster, client, clock, advance: (ms: number) => { now += ms; } };
}

describe('capture', () => {
  test('a "10-minute" capture: one full poll then increments; replaying its last poll equals a full fetch', async () => {
    const { cluster, client, clock } = await rig();
    const path = file();
    const s = await runCapture({ client, query: Q, everyMs: MIN, forMs: 10 * MIN, path, appVersion: 't', clock });
    expect(s).toMatchObject({ polls: 10, reason: 'completed', aggregate: 'completed' });
    expect(s.segments.map((x) => [x.status, x.polls, x.ok, x.failed])).toEqual(cluster.urls.map(() => ['completed', 10, 10, 0]));
    // Increments are a small fraction of the first, full poll.
    expect(Math.max(...s.pollBytes.slice(1))).toBeLessThan(s.pollBytes[0]! / 5);
    const f = await readCapture(path, { matrices: true });
    expect(f).toMatchObject({ aggregate: 'completed', torn: false, header: { every_ms: MIN, for_ms: 10 * MIN, nodes: cluster.urls } });
    expect(f.polls.map((p) => p.statuses.every((st) => st.incremental === (p.seq > 1 ? true : undefined)))).toEqual(f.polls.map(() => true));
    const replay = new CaptureReplay(f);
    const last = replay.frame(9).merge!.matrix;
    const fresh = new ClusterClient({ nodes: cluster.urls, accessKey: DEMO_ACCESS_KEY, secret: DEMO_SECRET_KEY });
    cleanups.push(() => fresh.close());
    const full = (await fresh.fetch(Q)).merge!.matrix;
    expect([...last.columns]).toEqual([...full.columns]);
    expect(last.rows.map((r) => [r.bucketId, [...r.values]])).toEqual(full.rows.map((r) => [r.bucketId, [...r.values]]));
    expect(replay.frame(0).merge!.matrix.columns.length).toBe(full.columns.length); // the ring: same width, 9 minutes earlier
    // (column times carry the nodes' flush jitter: within a second)
    expect(Math.abs(replay.frame(0).merge!.matrix.columns[0]! - (full.columns[0]! - 9 * MIN))).toBeLessThan(1000);
  });

  test('one node down from the 4th poll: its segment failed, the others completed, the aggregate failed', async () => {
    let polls = 0;
    const { cluster, client, clock } = await rig();
    const s = await runCapture({ client, query: Q, everyMs: MIN, forMs: 6 * MIN, path: file(), appVersion: 't', clock,
      onPoll: () => { if (++polls === 3) void cluster.setFault(1, 'down'); } });
    expect(s.segments.map((x) => x.status)).toEqual(['completed', 'failed', 'completed']);
    expect(s.segments[1]).toMatchObject({ polls: 6, ok: 3, failed: 3, last_error: expect.stringMatching(/connection refused/) });
    expect(s.aggregate).toBe('failed');
  });

  test('a node that comes back: completed, its failures counted and the recovery noted', async () => {
    let polls = 0;
    const { cluster, client, clock } = await rig();
    const s = await runCapture({ client, query: Q, everyMs: MIN, forMs: 8 * MIN, path: file(), appVersion: 't', clock,
      onPoll: async () => { polls++; if (polls === 3) await cluster.setFault(2, 'down'); if (polls === 6) await cluster.setFault(2, 'up'); } });
    expect(s.segments[2]).toMatchObject({ status: 'completed', ok: 5, failed: 3, recovered: true });
    expect(s.aggregate).toBe('completed');
  });

  test('the disk guard stops cleanly before the disk fills: truncated, end record written', async () => {
    const { client, clock } = await rig();
    let checks = 0;
    const path = file();
    const s = await runCapture({ client, query: Q, everyMs: MIN, forMs: 60 * MIN, path, appVersion: 't', clock, reserveBytes: 1000,
      freeBytes: async () => (++checks <= 4 ? 1e12 : 500) });
    expect(s).toMatchObject({ polls: 4, reason: 'disk', aggregate: 'truncated' });
    expect(s.segments.every((x) => x.status === 'truncated')).toBe(true);
    expect((await readCapture(path)).end).toMatchObject({ reason: 'disk', aggregate_status: 'truncated', polls: 4 });
  });

  test('a poll cut in half by a crash: every completed poll read, the capture "interrupted"', async () => {
    const { client, clock } = await rig();
    const path = file();
    await runCapture({ client, query: Q, everyMs: MIN, forMs: 3 * MIN, path, appVersion: 't', clock });
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    const torn = join(dir, 'torn.jsonl');
    // The header, two polls, and half of the third (no end record): what a crash mid-write leaves.
    writeFileSync(torn, `${lines.slice(0, 3).join('\n')}\n`);
    appendFileSync(torn, lines[3]!.slice(0, lines[3]!.length / 2));
    const f = await readCapture(torn);
    expect(f).toMatchObject({ aggregate: 'interrupted', torn: true, end: null });
    expect(f.polls.map((p) => p.seq)).toEqual([1, 2]);
    expect(f.segments.map((x) => x.status)).toEqual(['completed', 'completed', 'completed']);
    // A damaged line in the middle is not a crash: said so.
    writeFileSync(torn, `${lines[0]}\n{"type":"poll",\n${lines[2]}\n`);
    await expect(readCapture(torn)).rejects.toThrow(/damaged capture: line 2 is not valid JSON/);
  });

  test('a gzip-compressed capture cut short reads as interrupted; a file too large, or not in the header\'s node order, is refused', async () => {
    const { client, clock } = await rig();
    const path = file();
    await runCapture({ client, query: Q, everyMs: MIN, forMs: 3 * MIN, path, appVersion: 't', clock });
    const gz = gzipSync(readFileSync(path));
    const cut = join(dir, 'cut.kvcap.gz');
    writeFileSync(cut, gz.subarray(0, gz.length - 40)); // the end record lost
    const f = await readCapture(cut);
    expect(f).toMatchObject({ aggregate: 'interrupted', torn: true });
    expect(f.polls.length).toBeGreaterThanOrEqual(1);
    await expect(readCapture(path, { maxBytes: 1000 })).rejects.toThrow(/too large to open .*the limit is/);
    const lines = readFileSync(path, 'utf8').split('\n');
    const swapped = join(dir, 'swapped.kvcap');
    const poll = JSON.parse(lines[1]!);
    poll.nodes.reverse();
    writeFileSync(swapped, [lines[0], JSON.stringify(poll)].join('\n'));
    await expect(readCapture(swapped)).rejects.toThrow(/line 2 does not list the header's nodes in the header's order/);
  });

  test('a node\'s bytes as received go in as one line (many pieces, trailing blank lines dropped); an answer with line breaks inside is written from its parsed form', async () => {
    const rows = Array.from({ length: 1000 }, (_, r) => ({ bucket_id: `route:${r}`, start: null, end: null,
      values: Array.from({ length: 100 }, (_, j) => (r * 31 + j * 7) % 1000), raft_group_ids: Array(100).fill(1), leader_terms: Array(100).fill(2) }));
    const answer = { column_unix_ms: Array.from({ length: 100 }, (_, j) => Date.UTC(2026, 10, 24, 2) + j * MIN), series: 'writes', rows };
    const compact = `${JSON.stringify(answer)}\n \r\n\t\n`;
    const pretty = JSON.stringify(answer, null, 1);
    const nodes = [compact, pretty].map((body) => fakeElastickv((path) => (path.includes('/keyviz/') ? { body } : { status: 404, body: '{}' })));
    const urls = await Promise.all(nodes.map((n) => n.start()));
    const client = new ClusterClient({ nodes: urls, accessKey: 'k', secret: 's' });
    cleanups.push(() => client.close(), ...nodes.map((n) => () => n.stop()));
    const path = file();
    const clock: CaptureClock = { now: () => Date.UTC(2026, 10, 24, 3), sleep: async () => {} };
    await runCapture({ client, query: Q, everyMs: MIN, forMs: MIN, path, appVersion: 't', clock });
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines).toHaveLength(4); // header, the poll, the end record, and the file's last newline
    expect(compact.length).toBeGreaterThan(256 * 1024); // arrives in many pieces
    expect(lines[1]).toContain(`"matrix":${compact.trimEnd()}}`);
    expect(lines[1]).not.toContain(pretty.slice(0, 40));
    const f = await readCapture(path, { matrices: true });
    const [a, b] = f.polls[0]!.matrices;
    expect([...a!.columns]).toEqual(answer.column_unix_ms);
    expect(a!.rows.map((r) => [...r.values])).toEqual(rows.map((r) => r.values));
    expect(b!.rows.map((r) => [...r.values])).toEqual(a!.rows.map((r) => [...r.values]));
  });

  test('an existing file is refused unless forced', async () => {
    const { client, clock } = await rig();
    const path = file();
    writeFileSync(path, 'keep me');
    await expect(runCapture({ client, query: Q, everyMs: MIN, forMs: MIN, path, appVersion: 't', clock })).rejects.toThrow(/exists already.*--force/);
    expect(readFileSync(path, 'utf8')).toBe('keep me');
    await runCapture({ client, query: Q, everyMs: MIN, forMs: MIN, path, appVersion: 't', clock, force: true });
    expect((await readCapture(path)).polls).toHaveLength(1);
  });

  test('longer than the 1 h session: the nodes refuse the expired cookie and the capture logs in again by itself', async () => {
    const { client, clock } = await rig();
    const s = await runCapture({ client, query: Q, everyMs: 20 * MIN, forMs: 3 * 60 * MIN, path: file(), appVersion: 't', clock });
    expect(s.polls).toBe(9);
    expect(s.aggregate).toBe('completed');
    expect(s.segments.every((x) => x.failed === 0)).toBe(true);
  });
});
