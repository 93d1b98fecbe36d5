// Issue 15: a round's work is bounded by what was asked, whatever a node sends within the byte caps.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { ClusterClient, type ClusterClientOptions, type MatrixQuery } from '../../../../src/main/core/fanout';
import { keptWindow } from '../../../../src/main/core/round';
import { matrixJson, parseNodeMatrix } from '../../../../src/main/core/merge';
import { MAX_MERGED_CELLS } from '../../../../src/shared/limits';
import { fakeElastickv, type FakeNode } from '../../../helpers/fake-node';

const Q: MatrixQuery = { series: 'reads', rows: 1024, fromMs: null, toMs: null };
const T0 = 1_700_000_000_000;
const clients: ClusterClient[] = [];
const nodes: FakeNode[] = [];
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(nodes.splice(0).map((n) => n.stop()));
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => { s.closeAllConnections(); s.close(r); })));
});

function client(opts: Partial<ClusterClientOptions> & { nodes: string[] }): ClusterClient {
  const c = new ClusterClient({ accessKey: 'k', secret: 's', timeoutMs: 2000, ...opts });
  clients.push(c);
  return c;
}

const matrix = (cols: number[], rows: Array<{ id: string; v: number }>): string => JSON.stringify({
  column_unix_ms: cols, series: 'reads', rows: rows.map((r) => ({ bucket_id: r.id, start: null, end: null, aggregate: false,
    route_count: 1, values: cols.map(() => r.v) })),
});
const cluster = (nodeId: string): string => JSON.stringify({ node_id: nodeId, version: 'v', timestamp: new Date(T0).toISOString(),
  groups: [{ group_id: 1, leader_id: nodeId, members: [nodeId], is_leader: true }] });

async function node(answer: (path: string) => string, nodeId?: string): Promise<{ url: string; node: FakeNode; asked: () => number }> {
  const n = fakeElastickv((path) => (path.startsWith('/admin/api/v1/cluster') && nodeId ? { body: cluster(nodeId) }
    : path.startsWith('/admin/api/v1/keyviz/matrix') ? { body: answer(path) } : { status: 404, body: '{"error":"unknown_endpoint"}' }));
  nodes.push(n);
  const url = await n.start();
  return { url, node: n, asked: () => n.seen.filter((s) => s.path.startsWith('/admin/api/v1/keyviz/matrix')).length };
}

/** A node's hot-keys answer for route 3 with these keys. */
const hotKeysAnswer = (keys: Array<{ key_b64: string; count: number }>) => JSON.stringify({ route_id: 3, series: 'writes', keys,
  approximate: true, sample_rate: 16, sampled_n: 10, dropped_samples: 0, skipped_long_keys: 0, degraded: false, error_bound: 2.5,
  snapshot_at: new Date(T0).toISOString() });

/** One node named n1 listening on both stacks (as a node on all addresses is), so 127.0.0.1 and localhost reach it. */
async function dualStackNode(answer: string): Promise<{ port: number; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    const path = req.url ?? '';
    seen.push(path);
    if (path.startsWith('/admin/api/v1/auth/login')) {
      res.writeHead(200, { 'set-cookie': ['admin_session=a.b.c; Path=/admin', 'admin_csrf=x; Path=/admin'] });
      res.end('{"role":"full","expires_at":"2030-01-01T00:00:00Z"}');
    } else if (path.startsWith('/admin/api/v1/cluster')) res.end(cluster('n1'));
    else res.end(answer);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '::', r));
  return { port: (server.address() as AddressInfo).port, seen };
}

describe('answers larger than the request allows are refused before the merge, naming the node and the field', () => {
  test.each([
    ['rows beyond the budget asked', () => matrix([T0], Array.from({ length: 1025 }, (_, i) => ({ id: `route:${i}`, v: 1 }))),
      'rows: at least 1025 rows, more than the 1024 asked for'],
    ['a million distinct columns', () => JSON.stringify({ column_unix_ms: Array.from({ length: 1_000_000 }, (_, i) => T0 + i), series: 'reads', rows: [] }),
      'column_unix_ms: at least 100001 columns, more than the 100000'],
    ['one timestamp repeated', () => JSON.stringify({ column_unix_ms: new Array<number>(100_000).fill(T0), series: 'reads', rows: [] }),
      'the time 1700000000000 appears more than 8 times'],
    ['rows with empty values beside columns', () => JSON.stringify({ column_unix_ms: [T0, T0 + 1], series: 'reads',
      rows: [{ bucket_id: 'route:1', values: [] }] }), 'rows[0].values: 0 entries for 2 columns'],
    ['a counter no uint64 holds', () => JSON.stringify({ column_unix_ms: [T0], series: 'reads', rows: [{ bucket_id: 'route:1', values: [1e308] }] }),
      'rows[0].values[0]: 1e+308 is larger than any uint64 counter'],
  ])('%s', async (_name, body, field) => {
    const good = await node(() => matrix([T0], [{ id: 'route:1', v: 5 }]));
    const bad = await node(body);
    const r = await client({ nodes: [good.url, bad.url] }).fetch(Q);
    expect(r.outcome).toBe('degraded');
    expect(r.nodes[1]!.status.ok).toBe(false);
    expect(r.nodes[1]!.status.error).toContain(field);
    expect(r.nodes[1]!.status.error).toMatch(/^the answer is not a KeyViz matrix: /);
    expect([...r.merge!.matrix.rows[0]!.values]).toEqual([5]); // the good node's data, alone
  });

  test('columns outside the window asked are refused', async () => {
    const good = await node(() => matrix([T0 + 10], [{ id: 'route:1', v: 5 }]));
    const bad = await node(() => matrix([T0 - 1, T0 + 10], [{ id: 'route:1', v: 7 }]));
    const r = await client({ nodes: [good.url, bad.url] }).fetch({ ...Q, fromMs: T0, toMs: T0 + 100 });
    expect(r.nodes[1]!.status.error).toContain(`column_unix_ms[0]: ${T0 - 1} lies outside the window asked [${T0}, ${T0 + 100})`);
    expect(r.nodes[0]!.status.ok).toBe(true);
  });

  /** 1024 rows × `n` columns at times no other node has (offset `off`), zeros: about 2 bytes a cell. */
  const wide = (n: number, off: number) => {
    const zeros = `[${'0,'.repeat(n - 1)}0]`;
    const cols = JSON.stringify(Array.from({ length: n }, (_, i) => T0 + i * 1000 + off));
    const body = `{"column_unix_ms":${cols},"series":"reads","rows":[`
      + Array.from({ length: 1024 }, (_, r) => `{"bucket_id":"route:${r}","values":${zeros}}`).join(',') + ']}';
    return () => body;
  };

  test('answers each within limits whose union would be too large: the largest is left out, with the reason', async () => {
    expect(1024 * 40_000).toBeGreaterThan(MAX_MERGED_CELLS);
    // b's columns fall half a step after a's: no slot holds both, so the union is 40 000 columns.
    const a = await node(wide(20_000, 0));
    const b = await node(wide(20_000, 500));
    const r = await client({ nodes: [a.url, b.url], timeoutMs: 20_000 }).fetch(Q);
    expect(r.nodes[0]!.status.error).toBeUndefined();
    expect(r.nodes[1]!.status).toMatchObject({ ok: false });
    expect(r.nodes[1]!.status.error).toMatch(/^its answer \(1024 rows × 20000 columns\) would make the merged matrix too large \(1024 rows × 40000 columns/);
    expect(r.outcome).toBe('degraded');
    expect(r.merge!.matrix.columns.length).toBe(20_000);
  }, 60_000);

  test('healthy nodes flushing milliseconds apart share slots: counted as the merge lays them out, none left out', async () => {
    const a = await node(wide(20_000, 0));
    const b = await node(wide(20_000, 7));
    const r = await client({ nodes: [a.url, b.url], timeoutMs: 20_000 }).fetch(Q);
    expect(r.outcome).toBe('complete');
    expect(r.merge!.matrix.columns.length).toBe(20_000);
  }, 60_000);

  test('one answer alone too large to merge (a raised body cap): left out with the reason, never thrown', async () => {
    const a = await node(wide(40_000, 0));
    const r = await client({ nodes: [a.url], timeoutMs: 20_000, maxBodyBytes: 256 * 1024 * 1024 }).fetch(Q);
    expect(r.outcome).toBe('failed');
    expect(r.merge).toBeNull();
    expect(r.nodes[0]!.status.error).toContain('would make the merged matrix too large');
  }, 60_000);
});

describe('the same node behind two addresses (the CLI and the app alike)', () => {
  test('127.0.0.1 and localhost of one node: counted once and warned; asked once from the second round; the round complete', async () => {
    const { port, seen } = await dualStackNode(matrix([T0], [{ id: 'route:1', v: 5 }]));
    const c = client({ nodes: [`127.0.0.1:${port}`, `localhost:${port}`], identify: true });
    for (let round = 0; round < 2; round++) {
      const r = await c.fetch(Q);
      expect(r.outcome).toBe('complete');
      expect(r.warnings.join('\n')).toContain(`localhost:${port} reaches the same node as 127.0.0.1:${port} (node_id n1, the same answer): its traffic is counted once`);
      expect(r.nodes[1]!.status).toMatchObject({ ok: false, duplicate_of: `127.0.0.1:${port}` });
      expect([...r.merge!.matrix.rows[0]!.values]).toEqual([5]); // not 10
      expect(r.missing).toBeNull();
    }
    // Both asked on the first round (a node's word alone is no proof), one from then on.
    expect(seen.filter((p) => p.startsWith('/admin/api/v1/keyviz/matrix')).length).toBe(3);
  });

  test('hot keys through two addresses of one node: counts not doubled', async () => {
    const { port, seen } = await dualStackNode(hotKeysAnswer([{ key_b64: 'aG90', count: 40 }]));
    const r = await client({ nodes: [`127.0.0.1:${port}`, `localhost:${port}`], identify: true }).hotKeys({ routeId: '3', label: '', subBucket: null }, 20);
    expect(r.outcome).toBe('complete');
    expect(r.merged!.keys).toEqual([{ key_b64: 'aG90', count: 40 }]);
    expect(r.nodes[1]).toMatchObject({ ok: false, duplicate_of: `127.0.0.1:${port}` });
    expect(seen.filter((p) => p.startsWith('/admin/api/v1/keyviz/hotkeys')).length).toBe(2);
  });

  test('a node claiming another node\'s node_id cannot have it left out: different answers, both counted, warned', async () => {
    const liar = await node(() => matrix([T0], [{ id: 'route:1', v: 1 }]), 'n2');
    const honest = await node(() => matrix([T0], [{ id: 'route:1', v: 7 }]), 'n2');
    const c = client({ nodes: [liar.url, honest.url], identify: true });
    for (let round = 0; round < 2; round++) {
      const r = await c.fetch(Q);
      expect(r.outcome).toBe('complete');
      expect([...r.merge!.matrix.rows[0]!.values]).toEqual([8]);
      expect(r.warnings.join('\n')).toContain('both say they are node n2, but answered differently: both are counted');
    }
    expect(honest.asked()).toBe(2);
  });

  test('where /cluster cannot be read, addresses are compared as before (both asked)', async () => {
    const a = await node(() => matrix([T0], [{ id: 'route:1', v: 5 }]));
    const b = await node(() => matrix([T0], [{ id: 'route:1', v: 7 }]));
    const r = await client({ nodes: [a.url, b.url], identify: true }).fetch(Q);
    expect(r.outcome).toBe('complete');
    expect([...r.merge!.matrix.rows[0]!.values]).toEqual([12]);
    expect(a.asked() + b.asked()).toBe(2);
  });

  test('two nodes with their own node_ids are both asked', async () => {
    const a = await node(() => matrix([T0], [{ id: 'route:1', v: 5 }]), 'n1');
    const b = await node(() => matrix([T0], [{ id: 'route:1', v: 7 }]), 'n2');
    const r = await client({ nodes: [a.url, b.url], identify: true }).fetch(Q);
    expect(r.warnings).toEqual(expect.not.arrayContaining([expect.stringContaining('same node')]));
    expect([...r.merge!.matrix.rows[0]!.values]).toEqual([12]);
  });
});

describe('numbers that serialise', () => {
  test('the writer refuses Infinity and NaN instead of writing a file that does not read back', () => {
    const m = { source: 'x', series: 'reads' as const, generatedAt: null, columns: Float64Array.of(T0),
      rows: [{ bucketId: 'route:1', label: '', start: null, end: null, aggregate: false, routeIds: null, routeIdsTruncated: false,
        routeCount: 1, values: Float64Array.of(Infinity), groups: null, terms: null }] };
    expect(() => matrixJson(m)).toThrow('refusing to write Infinity');
    m.rows[0]!.values = Float64Array.of(NaN);
    expect(() => matrixJson(m)).toThrow('refusing to write NaN');
    m.rows[0]!.values = Float64Array.of(2 ** 64);
    expect(JSON.parse(matrixJson(m)).rows[0].values).toEqual([2 ** 64]);
  });
});

describe('kept matrices of incremental rounds', () => {
  test('stay within the node\'s row budget: rows that left its top do not pile up round after round', () => {
    const m = (cols: number[], ids: string[], v: (i: number) => number) => parseNodeMatrix({ column_unix_ms: cols, series: 'reads',
      rows: ids.map((id, i) => ({ bucket_id: id, values: cols.map(() => v(i)) })) }, 'n').matrix;
    let kept = m([T0], ['route:1', 'route:2'], (i) => i + 1);
    for (let round = 1; round <= 50; round++) {
      kept = keptWindow(kept, m([T0 + round], [`route:${round + 2}`, `route:${round + 3}`], () => 100), null, 1000, 2);
      expect(kept.rows.length).toBeLessThanOrEqual(2);
    }
    // The busiest rows of the kept window win (here the early ones counted twice: 200 each).
    expect(kept.rows.map((r) => [...r.values].reduce((a, b) => a + b, 0))).toEqual([200, 200]);
  });
});

describe('hot-key answers bounded by what was asked', () => {
  async function hotNode(body: string) {
    const n = fakeElastickv((path) => (path.startsWith('/admin/api/v1/keyviz/hotkeys') ? { body } : { status: 404, body: '{"error":"unknown_endpoint"}' }));
    nodes.push(n);
    return n.start();
  }
  test.each([
    ['more keys than the top asked', hotKeysAnswer(Array.from({ length: 300 }, (_, i) => ({ key_b64: Buffer.from(`k${i}`).toString('base64'), count: 300 - i }))),
      'the answer holds 300 keys, more than the 256 asked for'],
    ['a count no uint64 holds', hotKeysAnswer([{ key_b64: 'aG90', count: 1e308 }]), 'the answer is not a hot-keys answer (keys.0.count'],
  ])('%s: that node refused, the good one kept', async (_name, body, why) => {
    const good = await hotNode(hotKeysAnswer([{ key_b64: 'aG90', count: 40 }]));
    const bad = await hotNode(body);
    const r = await client({ nodes: [good, bad] }).hotKeys({ routeId: '3', label: '', subBucket: null }, 20);
    expect(r.outcome).toBe('degraded');
    expect(r.nodes[1]!.error).toContain(why);
    expect(r.merged!.keys).toEqual([{ key_b64: 'aG90', count: 40 }]);
  });
});
