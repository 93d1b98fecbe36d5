// Hot keys through real HTTP against the simulated cluster: the merged top keys of a hot route
// with each node's share, every per-node outcome in words, and the fan-out node's own merge.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_ACCESS_KEY, DEMO_SECRET_KEY, type DemoCluster, startDemoCluster } from '../../../../src/demo-cluster';
import { ClusterClient, type HotKeysQuery } from '../../../../src/main/core/fanout';
import { decodeInternalKeyB64 } from '../../../../src/shared/elastickv/internal-key';
import { hotKeysResponseSchema, parseBucketId } from '../../../../src/shared/elastickv/wire';
import { cookieHeader, http, login } from '../../../helpers/http';

let cluster: DemoCluster;
const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);
const clients: ClusterClient[] = [];
const client = (nodes = cluster.urls, key = DEMO_ACCESS_KEY, secret = DEMO_SECRET_KEY): ClusterClient => {
  const c = new ClusterClient({ nodes, accessKey: key, secret });
  clients.push(c);
  return c;
};
/** The route with the most writes in the latest column, as the UI would offer it. */
let hot: { query: HotKeysQuery; start: Buffer | null; end: Buffer | null; writes: number; leader: number };

beforeAll(async () => {
  cluster = await startDemoCluster({ nodes: 3, history: 30, routes: 24, seed: 7, clock: () => NOW, fanoutNodes: [2],
    readOnlyKeys: [{ accessKey: 'viewer', secretKey: 'viewer-secret' }] });
  const m = (await client().fetch({ series: 'writes', rows: 1024, fromMs: null, toMs: null })).merge!.matrix;
  const last = m.columns.length - 1;
  const best = m.rows.filter((r) => r.bucketId.startsWith('route:')).sort((a, b) => (b.values[last] ?? 0) - (a.values[last] ?? 0))[0]!;
  const id = parseBucketId(best.bucketId);
  if (id?.kind !== 'route') throw new Error(best.bucketId);
  const r = await client().fetch({ series: 'writes', rows: 1024, fromMs: null, toMs: null });
  const leader = r.nodes.findIndex((n) => n.matrix?.rows.some((x) => x.bucketId === best.bucketId && (x.values.at(-1) ?? 0) > 0));
  hot = { query: { routeId: id.routeId, label: id.label, subBucket: id.subBucket }, writes: best.values[last]!, leader,
    start: best.start ? Buffer.from(best.start, 'base64') : null, end: best.end ? Buffer.from(best.end, 'base64') : null };
});
afterAll(async () => {
  for (const c of clients) await c.close();
  await cluster.stop();
});

describe('hot keys across the cluster', () => {
  test('a hot route: its top keys merged over the nodes, inside its key range, each node\'s share beside them', async () => {
    const r = await client().hotKeys(hot.query, 10);
    expect(r.outcome).toBe('complete');
    const m = r.merged!;
    expect(m).toMatchObject({ approximate: true, series: 'writes', sample_rate: 16 });
    expect(m.keys.length).toBeGreaterThan(3);
    expect(m.keys.length).toBeLessThanOrEqual(10);
    for (let i = 1; i < m.keys.length; i++) expect(m.keys[i - 1]!.count).toBeGreaterThanOrEqual(m.keys[i]!.count);
    for (const k of m.keys) {
      // The sampler sees storage keys (`!redis|str|<user key>`); the user key is inside the route.
      const d = decodeInternalKeyB64(k.key_b64);
      const key = d ? Buffer.from(d.userKey) : Buffer.from(k.key_b64, 'base64');
      expect(k.count % 16).toBe(0);
      if (hot.start) expect(Buffer.compare(key, hot.start)).toBeGreaterThan(0);
      if (hot.end && !r.wholeRoute) expect(Buffer.compare(key, hot.end)).toBeLessThan(0);
    }
    // Writes are sampled where they are counted (the leader): the split adds up to the merged count.
    for (const s of r.split) expect(s.nodes.reduce((a, b) => a + b, 0)).toBe(s.count);
    expect(r.split[0]!.nodes.filter((c) => c > 0).length).toBeGreaterThanOrEqual(1);
    // Sampled counts never exceed what the nodes counted in that window.
    expect(m.keys.reduce((a, k) => a + k.count, 0)).toBeLessThanOrEqual(hot.writes);
    expect(Date.parse(m.snapshot_at)).toBeLessThanOrEqual(NOW);
  });

  test('every per-node outcome in words: hot keys off, no snapshot yet, a read-only key, a question the node refuses', async () => {
    cluster.setHotKeys(0, 'off');
    cluster.setHotKeys(1, 'no-snapshot');
    try {
      const r = await client(cluster.urls.slice(0, 2)).hotKeys(hot.query, 10);
      expect(r.nodes[0]).toMatchObject({ ok: false, status_code: 503, error: expect.stringMatching(/^hot keys are off on this node: start it with --keyvizHotKeysEnabled/) });
      // 404 no_snapshot: the node has sampled none of the route's writes. It answered: "no samples".
      expect(r.nodes[1]).toMatchObject({ ok: true, status_code: 404, no_samples: true });
      expect(r.nodes[1]!.error).toBeUndefined();
      // Nothing to merge, but one node answered: an empty answer for the route, not none.
      expect(r).toMatchObject({ outcome: 'degraded', merged: { route_id: hot.query.routeId, keys: [] }, split: [] });
    } finally {
      cluster.setHotKeys(0, 'on');
      cluster.setHotKeys(1, 'on');
    }
    const viewer = await client([cluster.urls[0]!], 'viewer', 'viewer-secret').hotKeys(hot.query, 10);
    expect(viewer.nodes[0]).toMatchObject({ ok: false, status_code: 403, error: expect.stringMatching(/^hot keys need a full-access key/) });
    // One session for the rest (each node allows 5 logins a minute, and this clock stands still),
    // on the node that leads the hot route (the others have no samples: 404 comes first there).
    const one = client([cluster.urls[hot.leader]!]);
    const bad = await one.hotKeys({ ...hot.query, subBucket: 99 }, 10);
    expect(bad.nodes[0]).toMatchObject({ ok: false, status_code: 400, error: expect.stringMatching(/^the node refused the question: sub_bucket is out of range for this route/) });
    const old = await one.hotKeys({ ...hot.query, fromMs: NOW - 3_600_000, toMs: NOW - 3_000_000 }, 10);
    expect(old.nodes[0]!.error).toMatch(/requested time window does not overlap the current snapshot/);
    // Labels are on: the route's unlabelled slot has no sketch.
    const unlabelled = await one.hotKeys({ ...hot.query, label: '', subBucket: null }, 10);
    expect(unlabelled.nodes[0]).toMatchObject({ ok: true, status_code: 404, no_samples: true });
  });

  test('a fan-out node merges server-side without the peer header, answers for itself with it; the app counts each node once', async () => {
    const session = await login(cluster.urls[2]!, DEMO_ACCESS_KEY, DEMO_SECRET_KEY);
    // The whole route (its internal keys fall outside any sub-bucket's bounds).
    const q = new URLSearchParams({ route_id: hot.query.routeId, top: '10', ...(hot.query.label ? { label: hot.query.label } : {}) });
    const url = `${cluster.urls[2]}/admin/api/v1/keyviz/hotkeys?${q}`;
    const merged = hotKeysResponseSchema.parse(JSON.parse((await http(url, { headers: { cookie: cookieHeader(session.setCookies) } })).text));
    const all = new URLSearchParams(q);
    all.set('top', '256');
    const answers = await Promise.all(cluster.urls.map((u) => http(`${u}/admin/api/v1/keyviz/hotkeys?${all}`,
      { headers: { cookie: cookieHeader(session.setCookies), 'x-admin-fanout-peer': '1' } })));
    // Nodes that never sampled the route answer 404 no_snapshot; elastickv's fan-out marks those peers
    // not ok (itself, node 2, is always ok: it answers with a placeholder when it has no sketch).
    expect(answers.every((a) => a.status === 200 || (a.status === 404 && /no_snapshot/.test(a.text)))).toBe(true);
    expect(merged.fanout).toMatchObject({ responded: 1 + answers.slice(0, 2).filter((a) => a.status === 200).length, expected: 3 });
    // With the peer header it answers for itself only: its own sketch, or 404 when it has none.
    const own = await http(url, { headers: { cookie: cookieHeader(session.setCookies), 'x-admin-fanout-peer': '1' } });
    expect(own.status).toBe(answers[2]!.status);
    if (own.status === 200) expect(hotKeysResponseSchema.parse(JSON.parse(own.text)).fanout).toBeUndefined();
    // Both merges (the node's and the app's) share one implementation: check them against sums by
    // hand of what each node says for itself.
    // (one session for all: the nodes share the signing key, and each allows 5 logins a minute)
    const perNode = answers.filter((a) => a.status === 200).map((a) => hotKeysResponseSchema.parse(JSON.parse(a.text)));
    const sums = new Map<string, number>();
    for (const r of perNode) for (const k of r.keys) sums.set(k.key_b64, (sums.get(k.key_b64) ?? 0) + k.count);
    const byHand = [...sums].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 10).map(([key_b64, count]) => ({ key_b64, count }));
    expect(merged.keys).toEqual(byHand);
    expect(byHand.length).toBeGreaterThan(0);
    const ours = await client().hotKeys({ ...hot.query, subBucket: null }, 10);
    expect(ours.outcome).toBe('complete');
    expect(ours.merged!.keys).toEqual(byHand);
    expect(ours.merged!.sampled_n).toBe(perNode.reduce((a, r) => a + r.sampled_n, 0));
  });
});
