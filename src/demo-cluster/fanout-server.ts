// Server-side fan-out of a simulated node started "with --keyvizFanoutNodes" (contract §5.2-
// §5.3): ask every peer for its local matrix with the caller's admin cookies, one shared
// deadline, a body cap, then merge local-first in configured order and add the `fanout` block.
import { type Dispatcher, request } from 'undici';
import { z } from 'zod';
import { matrixPath, PEER_HEADER, withDefaultScheme } from '../shared/elastickv/admin-api';
import { type LooseMatrix, mergeKeyVizMatrices } from './aggregate';
import type { MatrixParams, WireMatrix } from './matrix';
import { errorText } from '../shared/error-text';

export interface FanoutPeer {
  /** The raw `--keyvizFanoutNodes` entry, e.g. `127.0.0.1:8081`. */
  name: string;
}

export interface FanoutNodeStatus { node: string; ok: boolean; error?: string }

const PEER_BODY_LIMIT = 64 << 20;
const ERROR_EXCERPT = 512;
export const DEFAULT_FANOUT_TIMEOUT_MS = 2000;

// Go decodes into structs: absent fields are zero values, wrong types are decode errors.
const uint = z.number().int().nonnegative();
const looseMatrixSchema = z.object({
  column_unix_ms: z.array(z.number().int()).nullish(),
  rows: z.array(z.object({
    bucket_id: z.string().optional(), label: z.string().optional(), start: z.string().nullish(), end: z.string().nullish(),
    aggregate: z.boolean().optional(), route_ids: z.array(uint).nullish(), route_ids_truncated: z.boolean().optional(),
    route_count: uint.optional(), values: z.array(uint).nullish(), raft_group_ids: z.array(uint).nullish(),
    leader_terms: z.array(uint).nullish(), conflict: z.boolean().optional(), conflicts: z.array(z.boolean()).nullish(),
  })).nullish(),
  series: z.string().optional(),
  generated_at: z.string().optional(),
}).nullable();

/** A `--keyvizFanoutNodes` entry's base URL (`host:port` is http://; the host lower-cased, a default port left out). */
export function peerOrigin(peer: string): string {
  return new URL(withDefaultScheme(peer.trim())).origin;
}

/** `buildKeyVizPeerURL`: the same URL the app's own fan-out asks (contract §5.2, vectors §6.3). */
export function peerUrl(peer: string, params: MatrixParams): string {
  return `${peerOrigin(peer)}${matrixPath({
    series: params.series, rows: params.rows, fromMs: params.fromMs || null, toMs: params.toMs || null,
  })}`;
}

function transportMessage(err: unknown, url: string, timedOut: boolean): string {
  if (timedOut) return `peer request: Get "${url}": context deadline exceeded`;
  const e = err as { code?: string; message?: string; cause?: { code?: string } };
  const code = e.code ?? e.cause?.code;
  if (code === 'ECONNREFUSED') return `peer request: Get "${url}": dial tcp ${new URL(url).host}: connect: connection refused`;
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return `peer request: Get "${url}": read: connection reset by peer`;
  return `peer request: Get "${url}": ${e.message ?? String(err)}`;
}

async function fetchPeer(url: string, cookie: string, signal: AbortSignal, dispatcher: Dispatcher,
): Promise<{ ok: true; matrix: LooseMatrix } | { ok: false; error: string }> {
  let res: Dispatcher.ResponseData;
  try {
    const headers: Record<string, string> = { accept: 'application/json', [PEER_HEADER]: '1' };
    if (cookie) headers.cookie = cookie;
    res = await request(url, { method: 'GET', headers, signal, dispatcher });
  } catch (err) {
    return { ok: false, error: transportMessage(err, url, signal.aborted) };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    const limit = res.statusCode === 200 ? PEER_BODY_LIMIT + 1 : ERROR_EXCERPT;
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= limit) break;
    }
  } catch (err) {
    return { ok: false, error: transportMessage(err, url, signal.aborted) };
  } finally {
    res.body.destroy();
  }
  const body = Buffer.concat(chunks);
  if (res.statusCode !== 200) {
    return { ok: false, error: `keyviz fan-out peer error: status ${res.statusCode}: ${body.subarray(0, ERROR_EXCERPT).toString('utf8')}` };
  }
  if (size > PEER_BODY_LIMIT) return { ok: false, error: 'decode peer response: unexpected EOF (body over the 64 MiB cap)' };
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (err) {
    return { ok: false, error: `decode peer response: ${errorText(err)}` };
  }
  const parsed = looseMatrixSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `decode peer response: json: cannot unmarshal ${issue?.path.join('.') || 'value'}: ${issue?.message ?? ''}` };
  }
  const m = parsed.data ?? {};
  return {
    ok: true,
    matrix: {
      column_unix_ms: m.column_unix_ms ?? [],
      rows: (m.rows ?? []).map((r) => ({ ...r, start: r.start ?? null, end: r.end ?? null,
        route_ids: r.route_ids ?? undefined, values: r.values ?? [], raft_group_ids: r.raft_group_ids ?? undefined,
        leader_terms: r.leader_terms ?? undefined, conflicts: undefined, conflict: undefined })),
      series: m.series,
    },
  };
}

export interface FanoutRun {
  selfName: string;
  local: WireMatrix;
  peers: readonly FanoutPeer[];
  params: MatrixParams;
  /** The caller's Cookie header; only admin_session and admin_csrf are forwarded. */
  cookieHeader: string | undefined;
  timeoutMs: number;
  dispatcher: Dispatcher;
}

/** Only the two admin cookies, never anything else the caller sent. */
export function forwardedCookies(header: string | undefined): string {
  const keep: string[] = [];
  for (const part of (header ?? '').split(';')) {
    const name = part.slice(0, part.indexOf('=')).trim();
    if ((name === 'admin_session' || name === 'admin_csrf') && !keep.some((k) => k.startsWith(`${name}=`))) keep.push(part.trim());
  }
  return keep.join('; ');
}

/** `Run` (contract §5.3): local first and always ok, then peers in configured order. */
export async function runServerFanout(run: FanoutRun): Promise<WireMatrix & { fanout: unknown }> {
  const cookie = forwardedCookies(run.cookieHeader);
  const signal = AbortSignal.timeout(run.timeoutMs);
  const results = await Promise.all(run.peers.map((p) => fetchPeer(peerUrl(p.name, run.params), cookie, signal, run.dispatcher)));
  const matrices: LooseMatrix[] = [run.local];
  const statuses: FanoutNodeStatus[] = [{ node: run.selfName || 'self', ok: true }];
  results.forEach((r, i) => {
    const node = run.peers[i]!.name;
    if (r.ok) { matrices.push(r.matrix); statuses.push({ node, ok: true }); }
    else statuses.push({ node, ok: false, error: r.error });
  });
  const merged = mergeKeyVizMatrices(matrices, run.params.series);
  return {
    column_unix_ms: merged.column_unix_ms,
    rows: merged.rows as WireMatrix['rows'],
    series: run.local.series,
    generated_at: run.local.generated_at,
    fanout: { nodes: statuses, responded: statuses.filter((s) => s.ok).length, expected: statuses.length },
  };
}
