// The transport against a hostile node (issue 15 items 3-6): endless and dripping bodies, nodes
// that hang at login, cookie values that smuggle a second cookie, escape sequences in what a node
// says. Real loopback servers on ephemeral ports, every one stopped.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { DEMO_ACCESS_KEY, DEMO_SECRET_KEY, startDemoCluster } from '../../../../src/demo-cluster';
import { ClusterClient, type ClusterClientOptions, type MatrixQuery } from '../../../../src/main/core/fanout';
import { loginStaggerMs, validCookieValue } from '../../../../src/main/core/fanout/session';
import { MAX_CLUSTER_BYTES, MAX_SMALL_BODY_BYTES } from '../../../../src/shared/limits';
import { nodeText } from '../../../../src/shared/node-text';
import { runCli } from '../../../helpers/cli';
import { fakeElastickv, FakeNode } from '../../../helpers/fake-node';
import { cookieValue, login } from '../../../helpers/http';

const Q: MatrixQuery = { series: 'reads', rows: 1024, fromMs: null, toMs: null };
const EMPTY = JSON.stringify({ column_unix_ms: [], rows: [], series: 'reads' });
const LOGIN_OK = '{"role":"full","expires_at":"2030-01-01T00:00:00Z"}';
const GOOD_COOKIES = ['admin_session=fake.jwt.token; Path=/admin; HttpOnly', 'admin_csrf=fakecsrf; Path=/admin'];

const cleanups: Array<() => Promise<unknown>> = [];
const open = new Set<ClusterClient>();
afterEach(async () => {
  await Promise.all([...open].map((c) => closeClient(c)));
  for (const c of cleanups.splice(0).reverse()) await c();
});

function client(opts: Partial<ClusterClientOptions> & { nodes: string[] }): ClusterClient {
  const c = new ClusterClient({ accessKey: DEMO_ACCESS_KEY, secret: DEMO_SECRET_KEY, timeoutMs: 2000, ...opts });
  open.add(c);
  return c;
}

/** Close (and log out) now; closed once. */
async function closeClient(c: ClusterClient): Promise<void> {
  if (open.delete(c)) await c.close();
}

async function started(node: FakeNode): Promise<string> {
  const url = await node.start();
  cleanups.push(() => node.stop());
  return url;
}

const isLogin = (path: string): boolean => path.startsWith('/admin/api/v1/auth/login');

/** Writes 64 KiB chunks as fast as the client takes them, forever; `sent` counts what the server wrote. */
function endless(res: ServerResponse, sent: { bytes: number }, status = 200, headers: Record<string, string | string[]> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  const pump = (): void => {
    while (!res.destroyed) {
      sent.bytes += chunk.length;
      if (!res.write(chunk)) { res.once('drain', pump); return; }
    }
  };
  pump();
}

/** Headers at once, then one byte every 20 ms, never the end. */
function drip(res: ServerResponse, status = 200, headers: Record<string, string | string[]> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.write('{');
  const t = setInterval(() => res.write(' '), 20);
  res.on('close', () => clearInterval(t));
}

/** A node that accepts the TCP connection and never answers (raw: an HTTP server would time out on its own). */
async function hangingNode(): Promise<{ url: string; connections: () => number }> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer((s) => {
    connections++;
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
    s.resume();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections: () => connections };
}

const logins = (nodes: FakeNode[]): number => nodes.reduce((n, f) => n + f.seen.filter((s) => s.method === 'POST' && isLogin(s.path)).length, 0);

describe('every body capped, and bounded by the deadline', () => {
  test('an endless login answer is cut at the small-body cap; the login moves on at once', async () => {
    const sent = { bytes: 0 };
    const hostile = new FakeNode((path, res) => {
      if (isLogin(path)) endless(res, sent, 200, { 'set-cookie': GOOD_COOKIES });
      else { res.writeHead(200); res.end(EMPTY); }
    });
    const urls = [await started(hostile), await started(fakeElastickv(() => ({ body: EMPTY })))];
    const t0 = performance.now();
    const r = await client({ nodes: urls, timeoutMs: 5000 }).login();
    const wall = performance.now() - t0;
    expect(r.ok).toBe(true);
    expect(r.attempts.map((a) => a.ok)).toEqual([false, true]);
    expect(r.attempts[0]).toMatchObject({ error: `login failed: the answer is larger than ${MAX_SMALL_BODY_BYTES} bytes (a login answer is a few dozen): not read` });
    // Read without a cap, this answer ran to the deadline (5 s, gigabytes on loopback).
    expect(wall).toBeLessThan(2500);
    expect(sent.bytes).toBeLessThan(32 * 1024 * 1024); // the cap plus what the socket buffers held
  });

  test('an endless 401 body: the refusal is still read (capped) and said; the next node is asked', async () => {
    const sent = { bytes: 0 };
    const hostile = new FakeNode((_path, res) => endless(res, sent, 401));
    const urls = [await started(hostile), await started(fakeElastickv(() => ({ body: EMPTY })))];
    const t0 = performance.now();
    const r = await client({ nodes: urls, timeoutMs: 5000 }).login();
    expect(performance.now() - t0).toBeLessThan(2500);
    expect(r.ok).toBe(true);
    expect(r.attempts[0]).toMatchObject({ ok: false, kind: 'credentials', error: expect.stringMatching(/^login refused: the access key or secret is wrong \(HTTP 401: a{512}\)$/) });
    expect(sent.bytes).toBeLessThan(32 * 1024 * 1024);
  });

  test('an endless /cluster, hot-keys and logout answer: each cut at its cap', async () => {
    const sent = { cluster: { bytes: 0 }, hotkeys: { bytes: 0 }, logout: { bytes: 0 } };
    const hostile = new FakeNode((path, res) => {
      if (isLogin(path)) { res.writeHead(200, { 'set-cookie': GOOD_COOKIES }); res.end(LOGIN_OK); return; }
      if (path.startsWith('/admin/api/v1/cluster')) return endless(res, sent.cluster);
      if (path.startsWith('/admin/api/v1/keyviz/hotkeys')) return endless(res, sent.hotkeys);
      if (path.startsWith('/admin/api/v1/auth/logout')) return endless(res, sent.logout);
      res.writeHead(200); res.end(EMPTY);
    });
    const url = await started(hostile);
    const c = client({ nodes: [url], timeoutMs: 5000, maxBodyBytes: 1024 * 1024 });
    const t0 = performance.now();
    const id = await c.identify();
    expect(id.nodes[0]).toMatchObject({ ok: false, error: `the cluster overview is larger than ${MAX_CLUSTER_BYTES} bytes: not read` });
    const hk = await c.hotKeys({ routeId: '1', label: '', subBucket: null }, 20);
    expect(hk.nodes[0]!.error).toBe(`answer larger than ${1024 * 1024} bytes, aborted`);
    await closeClient(c); // the logout
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(hostile.seen.some((s) => s.path === '/admin/api/v1/auth/logout')).toBe(true);
    for (const s of Object.values(sent)) expect(s.bytes).toBeLessThan(32 * 1024 * 1024);
  });

  test('a body dripping a byte at a time ends at the deadline: login, error bodies, /cluster, hot keys', async () => {
    const dripLogin = new FakeNode((_path, res) => drip(res, 200, { 'set-cookie': GOOD_COOKIES }));
    const t0 = performance.now();
    const r = await client({ nodes: [await started(dripLogin)], timeoutMs: 800 }).login();
    const wall = performance.now() - t0;
    expect(r.attempts).toMatchObject([{ ok: false, kind: 'transport', error: 'login failed: no answer within the deadline (800 ms)' }]);
    expect(wall).toBeGreaterThanOrEqual(790);
    expect(wall).toBeLessThan(800 + 1000);

    const dripAll = new FakeNode((path, res) => {
      if (isLogin(path)) { res.writeHead(200, { 'set-cookie': GOOD_COOKIES }); res.end(LOGIN_OK); return; }
      if (path.startsWith('/admin/api/v1/auth/logout')) { res.writeHead(204); res.end(); return; }
      drip(res, path.startsWith('/admin/api/v1/keyviz/matrix') || path.startsWith('/admin/api/v1/keyviz/hotkeys') ? 500 : 200);
    });
    const c = client({ nodes: [await started(dripAll)], timeoutMs: 800 });
    for (const ask of [
      async () => (await c.fetch(Q)).nodes[0]!.status.error,
      async () => (await c.identify()).nodes[0]!.error,
      async () => (await c.hotKeys({ routeId: '1', label: '', subBucket: null }, 20)).nodes[0]!.error,
    ]) {
      const t = performance.now();
      const error = await ask();
      const took = performance.now() - t;
      expect(error).toMatch(/no answer within the deadline|the node failed to answer/);
      expect(took).toBeGreaterThanOrEqual(790);
      expect(took).toBeLessThan(800 + 1000);
    }
  });
});

describe('one deadline for the login, whatever the number of nodes', () => {
  test('a healthy 3-node cluster sees exactly one login', async () => {
    const nodes = [0, 1, 2].map(() => fakeElastickv(() => ({ body: EMPTY })));
    const urls = await Promise.all(nodes.map(started));
    const c = client({ nodes: urls });
    const r = await c.fetch(Q);
    expect(r.outcome).toBe('complete');
    expect(r.login.map((l) => [l.node.input, l.ok])).toEqual([[urls[0], true]]);
    await closeClient(c);
    expect(logins(nodes)).toBe(1);
  });

  test('five nodes hanging at login before the good one: it logs in well inside one deadline', async () => {
    const hanging = await Promise.all([0, 1, 2, 3, 4].map(() => hangingNode()));
    const good = fakeElastickv(() => ({ body: EMPTY }));
    const goodUrl = await started(good);
    const urls = [...hanging.map((h) => h.url), goodUrl];
    const c = client({ nodes: urls, timeoutMs: 2000 });
    const t0 = performance.now();
    const r = await c.login();
    const wall = performance.now() - t0;
    expect(r.ok).toBe(true);
    // One after another, each with its own 2 s, this took over 10 s.
    expect(wall).toBeLessThan(4000);
    // Every hanging node was asked, staggered, and called off when the good one accepted.
    expect(wall).toBeGreaterThanOrEqual(5 * loginStaggerMs(2000, 6) - 5);
    expect(hanging.map((h) => h.connections())).toEqual([1, 1, 1, 1, 1]);
    expect(r.attempts.map((a) => a.node.input)).toEqual(urls);
    for (const a of r.attempts.slice(0, 5)) expect(a).toMatchObject({ ok: false, kind: 'not_needed', error: `not needed: ${goodUrl} accepted the login` });
    expect(r.attempts[5]).toMatchObject({ ok: true, role: 'full' });
    expect(logins([good])).toBe(1);
    // The session is logged out where it was issued, not on the first (hanging) node.
    const t1 = performance.now();
    await closeClient(c);
    expect(performance.now() - t1).toBeLessThan(1000);
    expect(good.seen.some((s) => s.path === '/admin/api/v1/auth/logout')).toBe(true);
  });

  test('every node hanging: the login fails once, at the deadline, each attempt saying so', async () => {
    const hanging = await Promise.all([0, 1, 2].map(() => hangingNode()));
    const t0 = performance.now();
    const r = await client({ nodes: hanging.map((h) => h.url), timeoutMs: 1000 }).login();
    const wall = performance.now() - t0;
    expect(r.ok).toBe(false);
    expect(wall).toBeGreaterThanOrEqual(990);
    expect(wall).toBeLessThan(1000 + 1000);
    expect(r.attempts.map((a) => ('error' in a ? a.error : 'ok'))).toEqual(hanging.map(() => 'login failed: no answer within the deadline (1000 ms)'));
  });

  test('a hanging first node and a wrong secret elsewhere: the refusal is still said as the secret being wrong', async () => {
    const hang = await hangingNode();
    const cluster = await startDemoCluster({ nodes: 2, history: 5, routes: 12 });
    cleanups.push(() => cluster.stop());
    const r = await client({ nodes: [hang.url, ...cluster.urls], secret: 'wrong', timeoutMs: 1000 }).fetch(Q);
    expect(r.outcome).toBe('failed');
    expect(r.login.map((l) => (l.ok ? 'ok' : l.kind))).toEqual(['transport', 'credentials', 'credentials']);
    expect(r.nodes[0]!.status.error).toMatch(/^not asked: no node accepted the login \(.*login refused: the access key or secret is wrong/);
  });

  test('the stagger: at most 250 ms, and every node asked by half the deadline', () => {
    expect(loginStaggerMs(2000, 3)).toBe(250);
    expect(loginStaggerMs(2000, 6)).toBe(166);
    expect(loginStaggerMs(10_000, 1)).toBe(250);
    expect(loginStaggerMs(100, 20)).toBe(10);
    for (const [t, n] of [[2000, 6], [1500, 4], [30_000, 12]] as const) expect((n - 1) * loginStaggerMs(t, n)).toBeLessThanOrEqual(t / 2);
  });
});

describe('cookies as elastickv sets them', () => {
  test('RFC 6265 cookie values: real session and CSRF values pass; a comma, space, quote, backslash or control does not', async () => {
    const cluster = await startDemoCluster({ nodes: 1, history: 5, routes: 12 });
    cleanups.push(() => cluster.stop());
    const set = (await login(cluster.urls[0]!, DEMO_ACCESS_KEY, DEMO_SECRET_KEY)).setCookies;
    const jwt = cookieValue(set, 'admin_session')!;
    expect(jwt).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    for (const ok of [jwt, cookieValue(set, 'admin_csrf')!, 'recorded.n1.jwt', '<jwt>', '"quoted"', 'a'.repeat(4096), 'abc=', '0123abcdef']) {
      expect(validCookieValue(ok), ok).toBe(true);
    }
    for (const bad of ['', '""', '"', 'abc, admin_session=evil', 'a b', 'a;b', 'a\\b', 'a"b', '"a', 'a\u0000', 'a\u007f', 'caf\u00e9', '\u001b[2J', 'a'.repeat(4097)]) {
      expect(validCookieValue(bad), JSON.stringify(bad)).toBe(false);
    }
  });

  test('a login cookie smuggling a second cookie is never forwarded: that node fails, the next one logs in', async () => {
    const hostile = new FakeNode((path, res) => {
      if (isLogin(path)) {
        res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': ['admin_session=abc, admin_session=evil; Path=/admin', 'admin_csrf=fakecsrf; Path=/admin'] });
        res.end(LOGIN_OK);
        return;
      }
      res.writeHead(200); res.end(EMPTY);
    });
    const others = [fakeElastickv(() => ({ body: EMPTY })), fakeElastickv(() => ({ body: EMPTY }))];
    const urls = [await started(hostile), ...(await Promise.all(others.map(started)))];
    const c = client({ nodes: urls });
    const r = await c.fetch(Q);
    expect(r.outcome).toBe('complete');
    expect(r.login).toMatchObject([
      { ok: false, kind: 'other', error: "login failed: the node's admin_session cookie is not a valid cookie value; not used" },
      { ok: true },
    ]);
    await closeClient(c);
    const sent = [hostile, ...others].flatMap((n) => n.seen.map((s) => s.headers.cookie).filter((x): x is string => x !== undefined));
    expect(sent.length).toBeGreaterThanOrEqual(3); // a matrix request to each node
    for (const cookie of sent) expect(cookie).toBe('admin_session=fake.jwt.token; admin_csrf=fakecsrf');
  });

  test('an invalid CSRF cookie fails that node\'s login too (it would go out as a header)', async () => {
    const hostile = new FakeNode((path, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': ['admin_session=fine.jwt.value', 'admin_csrf="bad\\csrf"'] });
      res.end(isLogin(path) ? LOGIN_OK : EMPTY);
    });
    const r = await client({ nodes: [await started(hostile)] }).login();
    expect(r.attempts).toMatchObject([{ ok: false, error: "login failed: the node's admin_csrf cookie is not a valid cookie value; not used" }]);
  });
});

describe('node text is terminal- and page-safe', () => {
  const RAW = /[\u0000-\u001f\u007f-\u009f\u202e]/;
  const SAID = '\u001b[2J\u001b]0;pwned\u0007 \u009b\u202e';
  const ESCAPED = '\\u001b[2J\\u001b]0;pwned\\u0007 \\u009b\\u202e';
  // Raw controls inside a JSON string: not even valid JSON, as a hostile node may send.
  const body = (error: string): string => `{"error":"${error}","message":"${SAID}"}`;

  test('nodeText: every control, C1, format and separator character escaped; keepLines keeps newline and tab', () => {
    expect(nodeText('a\u001b[2Jb\u0007\u009b\u202e\u2028\u00adc\n\td\u007f')).toBe('a\\u001b[2Jb\\u0007\\u009b\\u202e\\u2028\\u00adc\\u000a\\u0009d\\u007f');
    expect(nodeText('a\u001b\n\t\r', { keepLines: true })).toBe('a\\u001b\n\t\\u000d');
    // Past U+FFFF (a tag character, format class) as JSON writes it: a surrogate pair that reads back.
    expect(nodeText('x\u{e0001}')).toBe('x\\udb40\\udc01');
    const json = JSON.stringify({ node_id: 'n1\u202e\u{e0001}evil\u009b' });
    expect(JSON.parse(nodeText(json))).toEqual({ node_id: 'n1\u202e\u{e0001}evil\u009b' });
    expect(nodeText('plain ascii, ünïcode 日本')).toBe('plain ascii, ünïcode 日本');
  });

  /** Refuses the login and every question, with escape sequences in each body; names itself with them. */
  function hostileNode(): FakeNode {
    return new FakeNode((path, res) => {
      res.writeHead(isLogin(path) ? 401 : 500, { 'content-type': 'application/json' });
      res.end(body(isLogin(path) ? 'invalid_credentials' : 'internal'));
    });
  }
  const goodNode = (): FakeNode => fakeElastickv((path) => (path.startsWith('/admin/api/v1/cluster')
    ? { body: JSON.stringify({ node_id: `n2${SAID}`, version: 'dev', timestamp: '2030-01-01T00:00:00Z',
      groups: [{ group_id: 1, leader_id: `n1${SAID}`, members: ['n1', `n2${SAID}`], is_leader: false }] }) }
    : path.startsWith('/admin/api/v1/keyviz/hotkeys') ? { status: 404, body: '{"error":"no_snapshot","message":"none"}' } : { body: EMPTY }));

  test('login, matrix, identity and hot-keys errors say what the node said, escaped', async () => {
    const urls = [await started(hostileNode()), await started(goodNode())];
    const c = client({ nodes: urls });
    const r = await c.fetch(Q);
    const loginError = 'error' in r.login[0]! ? r.login[0].error : '';
    expect(loginError).toBe(`login refused: the access key or secret is wrong (HTTP 401: ${body('invalid_credentials').replace(SAID, ESCAPED)})`);
    expect(r.nodes[0]!.status.error).toBe(`the node failed to answer [HTTP 500: ${body('internal').replace(SAID, ESCAPED)}]`);
    const id = await c.identify();
    expect(id.nodes[0]!.error).toBe(`HTTP 500: ${body('internal').replace(SAID, ESCAPED)}`);
    expect(id.nodes[1]).toMatchObject({ ok: true, nodeId: `n2${ESCAPED}`, groups: [{ leaderId: `n1${ESCAPED}`, members: ['n1', `n2${ESCAPED}`] }] });
    const hk = await c.hotKeys({ routeId: '1', label: '', subBucket: null }, 20);
    expect(hk.nodes[0]!.error).toContain(ESCAPED);
    for (const text of [loginError, r.nodes[0]!.status.error!, id.nodes[0]!.error!, id.nodes[1]!.nodeId!, hk.nodes[0]!.error!]) {
      expect(text).not.toMatch(RAW);
    }
  });

  test('the CLI: stderr and the snapshot file hold no raw control character', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyviz-hostile-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const urls = [await started(hostileNode()), await started(goodNode())];
    const out = join(dir, 's.json');
    const r = await runCli(['snapshot', '--node', urls[0]!, '--node', urls[1]!, '--access-key', 'k', '--secret-key-env', 'KVI_HOSTILE_SECRET',
      '--series', 'reads', '--timeout-ms', '5000', '--out', out], { KVI_HOSTILE_SECRET: 's' });
    expect(r.code, r.stderr).toBe(3); // the good node answered
    expect(r.stderr).toContain(ESCAPED);
    expect(r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
    const file = readFileSync(out, 'utf8');
    expect(file).toContain(JSON.stringify(ESCAPED).slice(1, -1)); // the escape, as JSON text
    expect(file.trimEnd()).not.toMatch(RAW);
  });
});
