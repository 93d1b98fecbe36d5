// Issue 15's table, one row per test: a hostile node on loopback that stays under every byte cap,
// beside a good node, against the built CLI with a 2 s timeout. Each run must end within four
// timeouts and 1 GiB of peak memory (measured in the child), exit 0 or 3, and write a snapshot
// that reads back (`info`, and the full reader) with the good node's data in it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { openSnapshot } from '../../src/main/core/snapshot';
import { spawn } from 'node:child_process';
import { CLI, runCli } from '../helpers/cli';
import { runMeasured } from '../helpers/measured-cli';

const TIMEOUT_MS = 2000;
const GIB = 1024 ** 3;
const T0 = 1_700_000_000_000;
const SECRET = 'hostile-test-secret';

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'kv-hostile-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const closers: Array<() => Promise<void>> = [];
afterEach(async () => { await Promise.all(closers.splice(0).map((c) => c())); });

type Handler = (req: IncomingMessage, res: ServerResponse, seen: IncomingMessage[]) => void;

/** An HTTP node on an ephemeral loopback port ('::' listens on 127.0.0.1 and ::1 alike). */
async function httpNode(handler: Handler, host = '127.0.0.1'): Promise<{ port: number; seen: IncomingMessage[] }> {
  const seen: IncomingMessage[] = [];
  const server: Server = createHttpServer((req, res) => {
    seen.push(req);
    req.resume();
    req.on('end', () => handler(req, res, seen));
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  closers.push(() => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }));
  return { port: (server.address() as AddressInfo).port, seen };
}

/** A TCP listener that accepts and never says a word (or streams forever, with `onSocket`). */
async function tcpNode(onSocket: (s: Socket) => void = () => {}): Promise<number> {
  const sockets = new Set<Socket>();
  const server: TcpServer = createTcpServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
    onSocket(s);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }));
  return (server.address() as AddressInfo).port;
}

const LOGIN_OK = '{"role":"read_only","expires_at":"2030-01-01T00:00:00Z"}';
const cookies = (session = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJrIn0.sig', csrf = 'c5rf') =>
  [`admin_session=${session}; Path=/admin; HttpOnly`, `admin_csrf=${csrf}; Path=/admin`];
const clusterJson = (id: string) => JSON.stringify({ node_id: id, version: 'v1', timestamp: new Date(T0).toISOString(),
  groups: [{ group_id: 1, leader_id: id, members: [id], is_leader: true }] });

/** The good node's own matrix: two columns of writes for group 1. */
const GOOD_MATRIX = JSON.stringify({ column_unix_ms: [T0, T0 + 60_000], series: 'writes', generated_at: '2026-12-01T00:00:00Z',
  rows: [{ bucket_id: 'route:1', start: null, end: null, aggregate: false, route_count: 1, values: [5, 6],
    raft_group_ids: [1, 1], leader_terms: [3, 3] }] });

/** A well-behaved node: logs in, names itself, answers its matrix (or `matrix`'s body). */
function elastickv(id: string, matrix: () => { status?: number; body: string | Buffer } = () => ({ body: GOOD_MATRIX })): Handler {
  return (req, res) => {
    const path = req.url ?? '';
    if (path.startsWith('/admin/api/v1/auth/login')) {
      res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': cookies() }).end(LOGIN_OK);
    } else if (path.startsWith('/admin/api/v1/auth/logout')) {
      res.writeHead(204).end();
    } else if (path.startsWith('/admin/api/v1/cluster')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(clusterJson(id));
    } else if (path.startsWith('/admin/api/v1/keyviz/matrix')) {
      const m = matrix();
      res.writeHead(m.status ?? 200, { 'content-type': 'application/json' }).end(m.body);
    } else {
      res.writeHead(404).end('{"error":"unknown_endpoint"}');
    }
  };
}

interface Run { code: number | null; stderr: string; ms: number; maxRssBytes: number | null; out: string }

async function snapshotOf(nodes: string[], name: string): Promise<Run> {
  const out = join(dir, `${name}.kvsnap`);
  const r = await runMeasured(['snapshot', ...nodes.flatMap((n) => ['--node', n]), '--access-key', 'k', '--secret-key-env', 'KV_SECRET',
    '--series', 'writes', '--timeout-ms', String(TIMEOUT_MS), '--out', out], { env: { KV_SECRET: SECRET }, timeoutMs: 60_000 });
  return { code: r.code, stderr: r.stderr, ms: r.ms, maxRssBytes: r.maxRssBytes, out };
}

/** What every row must hold: bounded, the good node's data kept, a file that reads back. */
async function expectHeld(r: Run, good: string): Promise<void> {
  // The figures, for the notes (not asserted beyond the bounds below).
  console.info(`${r.out.split('/').pop()}: exit ${r.code}, ${Math.round(r.ms)} ms, peak ${((r.maxRssBytes ?? 0) / 2 ** 20).toFixed(0)} MiB`);
  expect([0, 3], r.stderr).toContain(r.code);
  expect(r.ms).toBeLessThan(4 * TIMEOUT_MS);
  expect(r.maxRssBytes).not.toBeNull();
  expect(r.maxRssBytes!).toBeLessThan(GIB);
  expect(r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/); // nothing raw reaches the terminal
  const info = await runCli(['info', '--json', r.out]);
  expect(info.code, info.stderr).toBe(0);
  const text = readFileSync(r.out);
  expect(text.length).toBeGreaterThan(0);
  const opened = await openSnapshot(r.out);
  const node = opened.result.nodes.find((n) => n.status.node === good)!;
  expect(node.status.ok).toBe(true);
  expect([...node.matrix!.rows[0]!.values]).toEqual([5, 6]);
  const row = opened.result.merge!.matrix.rows.find((x) => x.bucketId === 'route:1')!;
  expect([...row.values]).toEqual([5, 6]);
}

const url = (port: number, host = '127.0.0.1') => `http://${host}:${port}`;

describe('hostile answers under every byte cap (issue 15)', () => {
  const ringOf = (n: number) => `[${Array.from({ length: n }, (_, i) => T0 + i).join(',')}]`;
  test.each([
    ['a matrix with 1 000 000 distinct columns and no rows', () => `{"column_unix_ms":${ringOf(1_000_000)},"rows":[],"series":"writes"}`,
      'column_unix_ms: at least 100001 columns, more than the 100000'],
    ['the same with 1024 rows of empty values', () => `{"column_unix_ms":${ringOf(1_000_000)},"rows":[`
      + Array.from({ length: 1024 }, (_, i) => `{"bucket_id":"route:${i + 10}","values":[],"route_count":1,"aggregate":false}`).join(',')
      + '],"series":"writes"}', 'column_unix_ms: at least 100001 columns, more than the 100000'],
    ['500 000 rows with empty values, no columns', () => '{"column_unix_ms":[],"rows":['
      + Array.from({ length: 500_000 }, (_, i) => `{"bucket_id":"route:${i + 10}","values":[],"route_count":1,"aggregate":false}`).join(',')
      + '],"series":"writes"}', 'rows: at least 1025 rows, more than the 1024 asked for'],
    ['one column timestamp repeated 100 000 times', () => `{"column_unix_ms":[${new Array<number>(100_000).fill(T0).join(',')}],`
      + `"rows":[{"bucket_id":"route:1","values":[${new Array<number>(100_000).fill(1).join(',')}],`
      + `"raft_group_ids":[${Array.from({ length: 100_000 }, (_, i) => i + 2).join(',')}],`
      + `"leader_terms":[${Array.from({ length: 100_000 }, (_, i) => i + 1).join(',')}]}],"series":"writes"}`, 'appears more than 8 times'],
    ['the same bucket twice with 1e308 (writes, two terms)', () => JSON.stringify({ column_unix_ms: [T0], series: 'writes', rows: [
      { bucket_id: 'route:1', values: [1e308], raft_group_ids: [1], leader_terms: [7] },
      { bucket_id: 'route:1', values: [1e308], raft_group_ids: [1], leader_terms: [8] }] }), 'larger than any uint64 counter'],
  ])('%s: refused, naming the node and the field; the good node kept', async (name, body, field) => {
    const text = body();
    expect(text.length).toBeLessThan(64 * 1024 * 1024); // under the per-node cap: only bounded work stops it
    const hostile = await httpNode(elastickv('evil', () => ({ body: text })));
    const good = await httpNode(elastickv('good'));
    const r = await snapshotOf([url(hostile.port), url(good.port)], name.replace(/\W+/g, '-'));
    await expectHeld(r, url(good.port));
    expect(r.code).toBe(3);
    // Refused by its counts, or (where decoding the text alone outlasts the round) by the deadline.
    const why = new RegExp(`${field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}|not decoded within ${TIMEOUT_MS} ms`);
    expect(r.stderr).toMatch(why);
    const opened = await openSnapshot(r.out);
    expect(opened.result.nodes[0]!.status.error).toMatch(why);
  }, 60_000);
});

describe('hostile logins and small answers (issue 15)', () => {
  test('a login answer with an endless body: cut at the cap, the next node logs in', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const hostile = await tcpNode((s) => {
      s.once('data', () => {
        s.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n');
        const pump = (): void => { while (!s.destroyed && s.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`)); };
        s.on('drain', pump);
        pump();
      });
    });
    const good = await httpNode(elastickv('good'));
    const r = await snapshotOf([url(hostile), url(good.port)], 'endless-login');
    await expectHeld(r, url(good.port));
  }, 60_000);

  test('an endless GET /cluster: cut at its cap, the round goes on', async () => {
    const hostile = await httpNode((req, res) => {
      if (req.url?.startsWith('/admin/api/v1/cluster')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, ' ');
        const pump = (): void => { while (!res.destroyed && res.write(chunk)); };
        res.on('drain', pump);
        pump();
      } else elastickv('evil')(req, res, []);
    });
    const good = await httpNode(elastickv('good'));
    const r = await snapshotOf([url(hostile.port), url(good.port)], 'endless-cluster');
    await expectHeld(r, url(good.port));
  }, 60_000);

  test('five nodes hanging at login, listed before the good one: about one timeout, not six', async () => {
    const hanging = await Promise.all(Array.from({ length: 5 }, () => tcpNode()));
    const good = await httpNode(elastickv('good'));
    const r = await snapshotOf([...hanging.map((p) => url(p)), url(good.port)], 'hanging-logins');
    await expectHeld(r, url(good.port));
    expect(r.code).toBe(3);
  }, 60_000);

  test('login cookie values holding ", admin_session=evil": that login refused, never forwarded', async () => {
    const hostile = await httpNode((req, res) => {
      if (req.url?.startsWith('/admin/api/v1/auth/login')) {
        res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': cookies('abc, admin_session=evil', 'x, admin_csrf=evil') }).end(LOGIN_OK);
      } else elastickv('evil')(req, res, []);
    });
    const good = await httpNode(elastickv('good'));
    const r = await snapshotOf([url(hostile.port), url(good.port)], 'cookies');
    await expectHeld(r, url(good.port));
    // The hostile node's own cookie was refused: it too was asked with the good node's session.
    for (const seen of [...hostile.seen, ...good.seen]) expect(String(seen.headers.cookie ?? '')).not.toContain('evil');
    expect(hostile.seen.some((q) => q.url?.startsWith('/admin/api/v1/keyviz/matrix') && String(q.headers.cookie).includes('admin_session=eyJ'))).toBe(true);
  }, 60_000);

  test('ANSI escape sequences in a node\'s error body: escaped, never raw on the terminal or in the file', async () => {
    const hostile = await httpNode(elastickv('evil', () => ({ status: 500, body: '\u001b[2J\u001b]0;pwned\u0007 boom \u009b31m' })));
    const good = await httpNode(elastickv('good'));
    const r = await snapshotOf([url(hostile.port), url(good.port)], 'ansi');
    await expectHeld(r, url(good.port));
    expect(r.stderr).toContain('\\u001b[2J');
    const opened = await openSnapshot(r.out);
    expect(opened.result.nodes[0]!.status.error).not.toMatch(/[\u001b\u0007\u009b]/);
  }, 60_000);

  test('the same node as 127.0.0.1 and localhost: counted once, warned, its writes not doubled', async () => {
    const node = await httpNode(elastickv('n1'), '::');
    const r = await snapshotOf([url(node.port), url(node.port, 'localhost')], 'twice');
    await expectHeld(r, url(node.port));
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('reaches the same node as');
    const info = await runCli(['info', '--json', r.out]);
    expect(JSON.parse(info.stdout)).toMatchObject({ aggregate_status: 'complete', nodes: [{ ok: true }, { ok: false, duplicate_of: url(node.port) }] });
    const opened = await openSnapshot(r.out);
    expect(opened.result.nodes[1]!.status).toMatchObject({ ok: false, duplicate_of: url(node.port) });
    expect(opened.result.outcome).toBe('complete');
  }, 60_000);
});

describe('signals (issue 15)', () => {
  test('SIGTERM ends a one-shot command at once, even mid-round (only demo-cluster and capture stop cleanly)', async () => {
    let connected!: () => void;
    const reached = new Promise<void>((r) => { connected = r; });
    const port = await tcpNode(() => connected());
    const child = spawn(process.execPath, [CLI, 'snapshot', '--node', url(port), '--access-key', 'k', '--secret-key-env', 'KV_SECRET',
      '--timeout-ms', '600000', '--out', join(dir, 'never.kvsnap')], { env: { ...process.env, KV_SECRET: SECRET }, stdio: 'ignore' });
    const closed = new Promise<NodeJS.Signals | null>((r) => child.on('close', (_code, signal) => r(signal)));
    await reached; // the login is in flight, and would hang for ten minutes
    const t0 = performance.now();
    child.kill('SIGTERM');
    expect(await closed).toBe('SIGTERM');
    expect(performance.now() - t0).toBeLessThan(5000);
  }, 30_000);
});
