// Answers recorded from a real elastickv cluster (test/fixtures/real-elastickv, copied from the
// team's shared/recordings/real-elastickv), and a loopback HTTP server per node that serves them:
// login, GET /cluster, the matrix of each series, hot keys with their recorded status codes.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { FakeNode } from './fake-node';

export const RECORDINGS = resolve(import.meta.dirname, '../fixtures/real-elastickv');
/** Where the team keeps the originals (beside the checkout in CI). */
export const SHARED_RECORDINGS = resolve(import.meta.dirname, '../../../shared/recordings/real-elastickv');

export const NODES = ['n1', 'n2', 'n3'] as const;
export const SERIES = ['writes', 'reads', 'write_bytes', 'read_bytes'] as const;

/** Every recorded set (a folder with nodes/ and server/). */
export function recordedSets(): string[] {
  return readdirSync(RECORDINGS, { withFileTypes: true }).filter((d) => d.isDirectory() && existsSync(resolve(RECORDINGS, d.name, 'nodes')))
    .map((d) => d.name).sort();
}

export function setPath(set: string, ...parts: string[]): string {
  return resolve(RECORDINGS, set, ...parts);
}

export const readText = (set: string, ...parts: string[]): string => readFileSync(setPath(set, ...parts), 'utf8');

/** The nodes of a set that answered the matrix of this series (a killed node has no files). */
export function nodesWith(set: string, series: string): string[] {
  return NODES.filter((n) => existsSync(setPath(set, 'nodes', `${n}-${series}.json`)));
}

export function window(set: string): { from_unix_ms: number; to_unix_ms: number } {
  return JSON.parse(readText(set, 'window.json')) as { from_unix_ms: number; to_unix_ms: number };
}

/** Each row's total in elastickv's own server-side merge of the set. */
export function serverTotals(set: string, series: string): Map<string, number> {
  const m = JSON.parse(readText(set, 'server', `n1-fanout-${series}.json`)) as { rows: Array<{ bucket_id: string; values: number[] }> };
  return new Map(m.rows.map((r) => [r.bucket_id, r.values.reduce((a, b) => a + b, 0)]));
}

/** A set is healthy when elastickv's own fan-out heard from every node. */
export function isHealthy(set: string): boolean {
  const m = JSON.parse(readText(set, 'server', 'n1-fanout-writes.json')) as { fanout: { responded: number; expected: number } };
  return m.fanout.responded === m.fanout.expected;
}

/** Plays node `node` of `set` on 127.0.0.1 (an ephemeral port), as recorded. */
export function recordedNode(set: string, node: string, credentials = { accessKey: 'ops', secret: 'ops-secret' }): FakeNode {
  return new FakeNode((path, res, body) => {
    const url = new URL(path, 'http://x');
    const json = (status: number, text: string): void => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(text);
    };
    if (url.pathname === '/admin/api/v1/auth/login') {
      const login = JSON.parse(body || '{}') as { access_key?: string; secret_key?: string };
      if (login.access_key !== credentials.accessKey || login.secret_key !== credentials.secret) {
        json(401, '{"error":"invalid_credentials","message":"access_key or secret_key is invalid"}\n');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'set-cookie': [
        `admin_session=recorded.${node}.jwt; Path=/admin; Max-Age=3600; HttpOnly; SameSite=Strict`,
        'admin_csrf=recordedcsrf; Path=/admin; Max-Age=3600; SameSite=Strict'] });
      // A recorded login answer (only one set kept one), with an expiry an hour from now.
      const recorded = JSON.parse(readText('real-3n-9routes', 'login-body.json')) as { role: string };
      res.end(JSON.stringify({ ...recorded, expires_at: new Date(Date.now() + 3_600_000).toISOString() }));
      return;
    }
    if (url.pathname === '/admin/api/v1/auth/logout') { res.writeHead(204); res.end(); return; }
    if (url.pathname === '/admin/api/v1/cluster') { json(200, readText(set, 'nodes', `${node}-cluster.json`)); return; }
    if (url.pathname === '/admin/api/v1/keyviz/matrix') {
      const file = setPath(set, 'nodes', `${node}-${url.searchParams.get('series') ?? 'writes'}.json`);
      if (!existsSync(file)) { json(500, '{"error":"not_recorded","message":"this series was not recorded on this node"}\n'); return; }
      json(200, readFileSync(file, 'utf8'));
      return;
    }
    if (url.pathname === '/admin/api/v1/keyviz/hotkeys') {
      const base = setPath(set, 'hotkeys', `route${url.searchParams.get('route_id')}-${node}`);
      if (url.searchParams.get('label') !== 'redis' || !existsSync(`${base}.json`)) {
        json(404, '{"error":"no_snapshot","message":"no hot-keys snapshot is available for this route yet (it may be an aggregate, or no traffic has flushed since the feature was enabled)"}\n');
        return;
      }
      const code = Number(readFileSync(`${base}.code`, 'utf8').trim());
      const sub = url.searchParams.get('sub_bucket');
      if (code !== 200 || sub === null) { json(code, readFileSync(`${base}.json`, 'utf8')); return; }
      json(200, subBucketAnswer(set, readFileSync(`${base}.json`, 'utf8'), url.searchParams.get('route_id')!, Number(sub)));
      return;
    }
    json(404, '{"error":"unknown_endpoint","message":"not recorded"}\n');
  });
}

/**
 * elastickv's sub_bucket filter (keyviz_hotkeys_handler.go): keys kept when lo <= key < hi in raw
 * bytes, with the sub-bucket's bounds as its matrix row gives them.
 */
function subBucketAnswer(set: string, recorded: string, routeId: string, sub: number): string {
  const answer = JSON.parse(recorded) as { keys: Array<{ key_b64: string }> } & Record<string, unknown>;
  const id = `route:${routeId}:redis#${sub}`;
  let bounds: { start: string | null; end: string | null } | undefined;
  for (const n of NODES) {
    const file = setPath(set, 'nodes', `${n}-writes.json`);
    if (!existsSync(file)) continue;
    const m = JSON.parse(readFileSync(file, 'utf8')) as { rows: Array<{ bucket_id: string; start: string | null; end: string | null }> };
    bounds ??= m.rows.find((r) => r.bucket_id === id);
  }
  const lo = Buffer.from(bounds?.start ?? '', 'base64');
  const hi = bounds?.end ? Buffer.from(bounds.end, 'base64') : null;
  const keys = answer.keys.filter((k) => {
    const b = Buffer.from(k.key_b64, 'base64');
    return bounds !== undefined && Buffer.compare(lo, b) <= 0 && (hi === null || Buffer.compare(b, hi) < 0);
  });
  const { route_id: _r, label, ...rest } = answer;
  // Field order as elastickv writes it; the route id as the recorded text had it.
  return `{"route_id":${routeId},${JSON.stringify({ label, sub_bucket: sub, ...rest, keys }).slice(1)}`;
}
