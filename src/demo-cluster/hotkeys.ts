// Hot keys on a simulated node (contract §7.3): the node's latest-window sketch of a route's
// writes as elastickv's sampler sees them (internal storage keys, `!redis|str|…`), consistent with
// its traffic (only the node that counted the writes has samples; hot buckets concentrate on a few
// keys), validated and clamped like elastickv, and the server-side fan-out of a node started with
// --keyvizFanoutNodes.
import { type Dispatcher, request } from 'undici';
import { ADAPTER_LABELS, type HotKeysResponse, hotKeysResponseSchema, ZERO_TIME } from '../shared/elastickv/wire';
import { hotKeysPath, PEER_HEADER } from '../shared/elastickv/admin-api';
import { forwardedCookies, peerOrigin } from './fanout-server';
import { mergeHotKeyResponses } from './hotkeys-merge';
import { rfc3339 } from './http';
import { parseWindow } from './matrix';
import { below, unit } from './prng';
import { storageKeys } from './internal-keys';
import type { Cell, TrafficModel } from './traffic';
import { errorText } from '../shared/error-text';
import { MAX_HOTKEYS_TOP } from '../shared/limits';

/** Every sampled write stands for this many (the counts a node reports are raw × rate). */
export const SAMPLE_RATE = 16;
/** Entries the sketch keeps (elastickv's default capacity). */
export const CAPACITY = 64;
/** The sketch's window: `keyviz.DefaultStep`, not `--keyvizStep` (contract §7.3). */
const WINDOW_MS = 60_000;
const CANDIDATES = 48;
const S = { key: 41, drop: 42, skip: 43 } as const;

export interface HotKeysParams {
  routeId: bigint;
  label: string;
  subBucket: number | null;
  top: number;
  fromMs: number;
  toMs: number;
}

type Parsed = { ok: true; params: HotKeysParams } | { ok: false; message: string };

export function parseHotKeysParams(q: URLSearchParams): Parsed {
  const route = q.get('route_id');
  if (route === null || route === '') return { ok: false, message: 'route_id is required' };
  if (!/^\d+$/.test(route) || BigInt(route) >= 1n << 64n) return { ok: false, message: 'route_id must be an unsigned 64-bit integer' };
  const label = q.get('label') ?? '';
  if (label !== '' && !(ADAPTER_LABELS as readonly string[]).includes(label)) return { ok: false, message: 'label must be a known KeyViz adapter label' };
  let subBucket: number | null = null;
  const sb = q.get('sub_bucket');
  if (sb !== null && sb !== '') {
    if (!/^\d+$/.test(sb)) return { ok: false, message: 'sub_bucket must be a non-negative integer' };
    subBucket = Number(sb);
  }
  const series = q.get('series');
  if (series !== null && series !== '' && series !== 'writes') return { ok: false, message: "series: v1 supports only 'writes' (design §5)" };
  let top = 20;
  const t = q.get('top');
  if (t !== null && t !== '') {
    if (!/^\d+$/.test(t) || Number(t) < 1) return { ok: false, message: 'top must be a positive integer' };
    top = Math.min(Number(t), MAX_HOTKEYS_TOP);
  }
  const window = parseWindow(q);
  if (!window.ok) return window;
  const { fromMs, toMs } = window;
  if (fromMs !== 0 && toMs !== 0 && fromMs > toMs) return { ok: false, message: 'from_unix_ms must be <= to_unix_ms' };
  return { ok: true, params: { routeId: BigInt(route), label, subBucket, top: Math.min(top, CAPACITY), fromMs, toMs } };
}

export type LocalHotKeys =
  | { ok: true; body: HotKeysResponse }
  | { ok: false; status: number; code: string; message: string };

/** A user key inside [start, end): the bucket's start followed by an item name. */
function candidate(start: Buffer | null, j: number): Buffer {
  const prefix = start ?? Buffer.alloc(0);
  // `redis/cache/item:0001`, not `redis/cache//item:0001`: a route's start often ends in its separator.
  const sep = prefix.at(-1) === 0x2f ? '' : '/';
  return Buffer.concat([prefix, Buffer.from(`${sep}item:${String(j).padStart(4, '0')}`)]);
}

/** elastickv's texts (keyviz_hotkeys_handler.go). */
export const NO_SNAPSHOT = 'no hot-keys snapshot is available for this route yet (it may be an aggregate, or no traffic has flushed since the feature was enabled)';
export const NO_SNAPSHOT_ANYWHERE = 'no hot-keys snapshot is available for this route on any node in the cluster';
export const HOTKEYS_DISABLED = 'hot-keys drill-down is not enabled on this node (--keyvizHotKeysEnabled)';
const OUT_OF_WINDOW = 'requested time window does not overlap the current snapshot; v1 returns only the current keyvizStep window';

/** Enough of the route's writes on this node in column k to have been sampled at least once. */
function sampledIn(model: TrafficModel, node: number, k: number, route: ReadonlyArray<{ index: number; b: { groupId: number } }>, cell: Cell): boolean {
  // Only a leader counts writes: a cheap look at leadership before the column's traffic.
  const lead = model.leadership(route[0]!.b.groupId, k);
  if (lead.leader !== node && lead.flip?.oldLeader !== node) return false;
  const col = model.column(k);
  return route.some(({ index }) => model.cellIn(col, node, index, cell) && cell.writes >= SAMPLE_RATE);
}

/**
 * This node's sketch of the route's writes in its latest column. Like elastickv, a node keeps a
 * sketch for a (route, label) from its first sampled write since it started (here: its ring), and
 * answers 404 no_snapshot before that; a former leader's sketch is then empty.
 */
export function localHotKeys(model: TrafficModel, seed: number, node: number, nowMs: number, history: number, p: HotKeysParams): LocalHotKeys {
  const k = model.latestColumn(node, nowMs);
  const snapshotAt = model.columnAt(node, k);
  const route = model.buckets.map((b, index) => ({ b, index }))
    .filter(({ b }) => !b.aggregate && b.routeId === p.routeId && b.label === p.label);
  const cell: Cell = { reads: 0, writes: 0, readBytes: 0, writeBytes: 0, group: 0, term: 0 };
  let ever = false;
  for (let c = k; c > k - history && !ever; c--) ever = route.length > 0 && sampledIn(model, node, c, route, cell);
  // An unknown route, an aggregate, another label's slot, or nothing sampled yet.
  if (!ever) return { ok: false, status: 404, code: 'no_snapshot', message: NO_SNAPSHOT };
  // The window asked must overlap [snapshot_at − 60 s, snapshot_at] (contract §7.3).
  const lo = p.fromMs === 0 ? -Infinity : p.fromMs;
  const hi = p.toMs === 0 ? Infinity : p.toMs;
  if (hi < snapshotAt - WINDOW_MS || lo > snapshotAt) return { ok: false, status: 400, code: 'out_of_snapshot_window', message: OUT_OF_WINDOW };
  const subs = route.filter(({ b }) => b.bucketId.includes('#'));
  if (p.subBucket !== null && p.subBucket >= Math.max(1, subs.length)) {
    return { ok: false, status: 400, code: 'invalid_query', message: 'sub_bucket is out of range for this route' };
  }
  const col = model.column(k);
  const counts = new Map<string, number>();
  let sampled = 0;
  let dropped = 0;
  let skipped = 0;
  for (const { b, index } of route) {
    if (!model.cellIn(col, node, index, cell) || cell.writes === 0) continue;
    const n = Math.floor(cell.writes / SAMPLE_RATE);
    if (n === 0) continue;
    sampled += n;
    // Hotter than its resting rate → steeper: a few keys take most of the writes.
    const heat = cell.writes / Math.max(1, b.writeRate * (model.stepMs / 1000));
    const s = 0.7 + Math.min(1.6, Math.log1p(heat) / 2);
    const weights = Array.from({ length: CANDIDATES }, (_, j) => 1 / (j + 1) ** s);
    const sum = weights.reduce((a, w) => a + w, 0);
    // Which item is the hottest moves now and then (a new hot user, a new sequence).
    const shift = below(CANDIDATES, seed, S.key, index, Math.floor(k / 30));
    weights.forEach((w, j) => {
      // Each storage mutation of a command (a Redis value and its TTL entry) is sampled on its own.
      const keys = storageKeys(b.label, b.table, candidate(b.start, (j + shift) % CANDIDATES));
      keys.forEach((key, m) => {
        const c = Math.floor((n * w) / (sum * keys.length) + unit(seed, S.key, index, k, j, m));
        if (c > 0) counts.set(key.toString('base64'), (counts.get(key.toString('base64')) ?? 0) + c);
      });
    });
    if (heat > 8) dropped += Math.floor(n * 0.02); // a burst outruns the sampler's queue
    if (unit(seed, S.skip, index, k) < 0.05) skipped += 1 + below(3, seed, S.skip, index, k, 1);
  }
  // sub_bucket filters the sketch on the keys' raw bytes (internal keys sort below most routes' bounds).
  const sub = p.subBucket === null ? null : (subs.find(({ b }) => b.bucketId.endsWith(`#${p.subBucket}`)) ?? route[0])!.b;
  const inside = (key: Buffer): boolean => !sub || ((sub.start === null || Buffer.compare(sub.start, key) <= 0)
    && (sub.end === null || Buffer.compare(key, sub.end) < 0));
  const keys = [...counts].filter(([key_b64]) => inside(Buffer.from(key_b64, 'base64'))).map(([key_b64, c]) => ({ key_b64, count: c * SAMPLE_RATE }))
    .sort((x, y) => y.count - x.count || (x.key_b64 < y.key_b64 ? -1 : 1))
    .slice(0, CAPACITY) // what the sketch holds
    .slice(0, p.top);
  return {
    ok: true,
    body: {
      route_id: Number(p.routeId), ...(p.label ? { label: p.label } : {}), ...(p.subBucket !== null ? { sub_bucket: p.subBucket } : {}),
      series: 'writes', keys, approximate: true, sample_rate: SAMPLE_RATE, sampled_n: sampled, dropped_samples: dropped,
      skipped_long_keys: skipped, degraded: dropped > 0 || skipped > 0, error_bound: Math.floor((SAMPLE_RATE * sampled) / CAPACITY),
      snapshot_at: rfc3339(snapshotAt),
    },
  };
}

/** A node that fans out but has no local snapshot contributes nothing (elastickv's placeholder). */
export function placeholder(p: HotKeysParams): HotKeysResponse {
  return { route_id: Number(p.routeId), ...(p.label ? { label: p.label } : {}), ...(p.subBucket !== null ? { sub_bucket: p.subBucket } : {}),
    series: 'writes', keys: [], approximate: true, sample_rate: 0, sampled_n: 0, dropped_samples: 0, skipped_long_keys: 0, degraded: false,
    error_bound: 0, snapshot_at: ZERO_TIME };
}

/** The server-side fan-out (contract §7.3): peers asked with the peer header and top 256, merged local-first. */
export async function runHotKeysFanout(run: {
  selfName: string; local: HotKeysResponse; hadLocal: boolean; peers: ReadonlyArray<{ name: string }>; params: HotKeysParams;
  cookieHeader: string | undefined; timeoutMs: number; dispatcher: Dispatcher;
}): Promise<{ ok: true; body: HotKeysResponse } | { ok: false }> {
  const cookie = forwardedCookies(run.cookieHeader);
  const signal = AbortSignal.timeout(run.timeoutMs);
  const q = { routeId: String(run.params.routeId), label: run.params.label, subBucket: run.params.subBucket,
    fromMs: run.params.fromMs || null, toMs: run.params.toMs || null };
  const answers = await Promise.all(run.peers.map(async (peer) => {
    try {
      const url = `${peerOrigin(peer.name)}${hotKeysPath(q)}`;
      const res = await request(url, { headers: { accept: 'application/json', [PEER_HEADER]: '1', ...(cookie ? { cookie } : {}) }, signal, dispatcher: run.dispatcher });
      const text = await res.body.text();
      if (res.statusCode !== 200) return { ok: false as const, error: `keyviz fan-out peer error: status ${res.statusCode}: ${text.slice(0, 512)}` };
      const r = hotKeysResponseSchema.safeParse(JSON.parse(text));
      return r.success ? { ok: true as const, body: r.data } : { ok: false as const, error: 'decode peer response: not a hot-keys answer' };
    } catch (err) {
      return { ok: false as const, error: `peer request: ${errorText(err)}` };
    }
  }));
  const merged = mergeHotKeyResponses(run.local, answers.flatMap((a) => (a.ok ? [a.body] : [])), run.params.top);
  if (!run.hadLocal && merged.snapshot_at === ZERO_TIME) return { ok: false };
  const statuses = [{ node: run.selfName || 'self', ok: true },
    ...answers.map((a, i) => (a.ok ? { node: run.peers[i]!.name, ok: true } : { node: run.peers[i]!.name, ok: false, error: a.error }))];
  return { ok: true, body: { ...merged, fanout: { nodes: statuses, responded: statuses.filter((s) => s.ok).length, expected: statuses.length } } };
}
