// Every fault knob through real sockets, switched at run time through the in-process API.
import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { DemoCluster, DEMO_ACCESS_KEY, DEMO_SECRET_KEY, parseFault, parseNodeFault, startDemoCluster } from '../../src/demo-cluster';
import { errorBodySchema, matrixSchema } from '../../src/shared/elastickv/wire';
import { cookieHeader, http, login } from '../helpers/http';

let cluster: DemoCluster;
let cookie: string;
const matrixUrl = (i: number): string => `${cluster.urls[i]}/admin/api/v1/keyviz/matrix`;

beforeEach(async () => {
  cluster = await startDemoCluster({ nodes: 2, history: 20, routes: 12 });
  cookie = cookieHeader((await login(cluster.urls[0]!, DEMO_ACCESS_KEY, DEMO_SECRET_KEY)).setCookies);
});
afterEach(async () => { await cluster.stop(); });

/** Resolves 'pending' if the promise has not settled after `ms`: how "never answers" is observed. */
function stillPendingAfter(p: Promise<unknown>, ms: number): Promise<unknown> {
  return Promise.race([p, new Promise((res) => { setTimeout(() => res('pending'), ms); })]);
}

describe('fault specs', () => {
  test.each([
    ['latency:250', { kind: 'latency', ms: 250 }], ['hang', { kind: 'hang' }], ['reset', { kind: 'reset' }],
    ['status:503', { kind: 'status', code: 503 }], ['garbage', { kind: 'garbage' }], ['invalid', { kind: 'invalid' }],
    ['huge:1024', { kind: 'huge', mib: 1024 }], ['redirect:http://127.0.0.1:9/x', { kind: 'redirect', url: 'http://127.0.0.1:9/x' }],
    ['down', { kind: 'down' }], ['up', { kind: 'up' }],
  ])('%s parses', (spec, fault) => {
    expect(parseFault(spec)).toEqual(fault);
  });

  test.each([
    ['latency', /needs a whole number/], ['latency:-5', /needs a whole number/], ['status:200', /from 400 to 599/],
    ['hang:5', /takes no argument/], ['redirect:nowhere', /absolute URL/], ['teleport', /unknown fault 'teleport'/],
  ])('%s is refused with a reason', (spec, why) => {
    expect(() => parseFault(spec)).toThrow(why);
  });

  test('node-qualified specs check the node index', () => {
    expect(parseNodeFault('1:status:500', 2)).toEqual({ node: 1, fault: { kind: 'status', code: 500 } });
    expect(() => parseNodeFault('2:hang', 2)).toThrow(/no node 2/);
    expect(() => parseNodeFault('hang', 2)).toThrow(/I:KIND/);
  });
});

describe('transport faults (every request)', () => {
  test('latency:MS delays every answer, login included, and clears', async () => {
    await cluster.setFault(1, 'latency:300');
    expect(cluster.node(1).faults).toEqual(['latency:300']);
    let t0 = performance.now();
    expect((await http(matrixUrl(1), { headers: { cookie } })).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(295);
    t0 = performance.now();
    expect((await login(cluster.urls[1]!, DEMO_ACCESS_KEY, DEMO_SECRET_KEY)).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(295);
    cluster.node(1).clearFaults();
    expect(cluster.node(1).faults).toEqual([]);
  });

  test('hang accepts and never answers; stopping the node closes the connection', async () => {
    await cluster.setFault(0, 'hang');
    const pending = http(matrixUrl(0), { headers: { cookie } });
    pending.catch(() => {});
    expect(await stillPendingAfter(pending, 400)).toBe('pending');
    await cluster.setFault(0, 'down');
    await expect(pending).rejects.toThrow();
  });

  test('reset sends headers and part of the body, then drops the connection', async () => {
    await cluster.setFault(0, 'reset');
    const res = await request(matrixUrl(0), { headers: { cookie } });
    expect(res.statusCode).toBe(200);
    await expect(res.body.text()).rejects.toThrow();
  });

  test('down refuses connections on the port; up listens again on the same port', async () => {
    const url = cluster.urls[1]!;
    await cluster.setFault(1, 'down');
    expect(cluster.node(1).faults).toEqual(['down']);
    await expect(http(`${url}/admin/healthz`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await cluster.setFault(1, 'up');
    expect(cluster.urls[1]).toBe(url);
    expect((await http(`${url}/admin/healthz`)).text).toBe('ok\n');
  });
});

describe('answer faults (KeyViz data, after the session check)', () => {
  test('status:CODE answers with the contract body for that code', async () => {
    await cluster.setFault(0, 'status:503');
    const r503 = await http(matrixUrl(0), { headers: { cookie } });
    expect(r503.status).toBe(503);
    expect(r503.json()).toEqual({ error: 'keyviz_disabled', message: 'key visualizer sampler is not configured on this node' });
    await cluster.setFault(0, 'status:500');
    const r500 = await http(matrixUrl(0), { headers: { cookie } });
    expect([r500.status, errorBodySchema.parse(r500.json()).error]).toEqual([500, 'internal']);
    await cluster.setFault(0, 'status:429');
    expect((await http(matrixUrl(0), { headers: { cookie } })).headers['retry-after']).toBe('60');
    // The session is still checked first, and other endpoints are untouched.
    expect((await http(matrixUrl(0))).status).toBe(401);
    expect((await http(`${cluster.urls[0]}/admin/api/v1/cluster`, { headers: { cookie } })).status).toBe(200);
  });

  test('garbage is a 200 that is not JSON', async () => {
    await cluster.setFault(0, 'garbage');
    const r = await http(matrixUrl(0), { headers: { cookie } });
    expect(r.status).toBe(200);
    expect(() => JSON.parse(r.text)).toThrow();
  });

  test('invalid is a 200 with well-formed JSON of the wrong shape', async () => {
    await cluster.setFault(0, 'invalid');
    const r = await http(matrixUrl(0), { headers: { cookie } });
    expect(r.status).toBe(200);
    expect(matrixSchema.safeParse(r.json()).success).toBe(false);
  });

  test('huge:MIB streams a well-formed matrix of exactly that size', async () => {
    await cluster.setFault(1, 'huge:3');
    const res = await request(matrixUrl(1), { headers: { cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-length']).toBe(String(3 * 1048576));
    const text = await res.body.text();
    expect(Buffer.byteLength(text)).toBe(3 * 1048576);
    const m = matrixSchema.parse(JSON.parse(text));
    expect(m.rows.length).toBeGreaterThan(100);
    expect(m.rows.every((r) => r.values.length === m.column_unix_ms.length)).toBe(true);
  });

  test('redirect:URL answers 302 to that address', async () => {
    await cluster.setFault(0, 'redirect:http://127.0.0.1:9/steal-cookies');
    const r = await http(matrixUrl(0), { headers: { cookie } });
    expect(r.status).toBe(302);
    expect(r.headers.location).toBe('http://127.0.0.1:9/steal-cookies');
  });

  test('faults start with the cluster when given as options, node by node', async () => {
    const c = await startDemoCluster({ nodes: 3, history: 5, routes: 12, faults: [
      { node: 1, fault: 'status:500' }, { node: 2, fault: 'down' }, { node: 2, fault: 'up' }, { node: 0, fault: { kind: 'latency', ms: 5 } },
    ] });
    try {
      expect(c.nodes.map((n) => n.faults)).toEqual([['latency:5'], ['status:500'], []]);
    } finally {
      await c.stop();
    }
    await expect(startDemoCluster({ nodes: 2, faults: [{ node: 2, fault: 'hang' }] })).rejects.toThrow(/no node 2/);
    await expect(startDemoCluster({ nodes: 2, faults: [{ node: 0, fault: 'melt' }] })).rejects.toThrow(/unknown fault/);
  });
});
