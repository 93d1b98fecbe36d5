// One node's hot keys for a route (contract §7.3), asked as the matrix is (session, peer header,
// deadline, body cap, no redirects), every outcome in an operator's words.
import { type HotKeysResponse, hotKeysResponseSchema } from '../../../shared/elastickv/wire';
import type { NodeAddress } from './address';
import { ERROR_EXCERPT_BYTES } from '../../../shared/limits';
import { nodeText } from '../../../shared/node-text';
import { adminGet, type GetContext, readCapped, readErrorBody } from './admin-get';
import { describeTransportError } from './errors';
import { errorBodyOf, type NodeStatus, statusMessage } from './node-fetch';
import { hotKeysPath, PEER_TOP } from '../../../shared/elastickv/admin-api';
import type { HotKeysQuery } from '../../../shared/query';

/** The shared query shape and peer top, defined once (the simulator's fan-out asks with them too). */
export type { HotKeysQuery };

/**
 * A node's status as for the matrix, with the end of its sketch window instead of generated_at.
 * `no_samples`: the node answered 404 `no_snapshot`: it has sampled no write of this route (in a
 * healthy cluster, a node that has not led the route's group since it started). It answered.
 */
export type HotKeysNodeStatus = Omit<NodeStatus, 'warnings' | 'generated_at' | 'incremental'> & { snapshot_at?: string; no_samples?: boolean };

function hotKeysUrl(node: NodeAddress, q: HotKeysQuery): string {
  return `${node.origin}${hotKeysPath(q)}`;
}

function hotKeysRefusal(code: number, body: string): string {
  const parsed = errorBodyOf(body);
  const detail = `HTTP ${code}: ${nodeText(body.slice(0, ERROR_EXCERPT_BYTES).trim())}`;
  if (code === 503 && parsed?.error === 'hotkeys_disabled') return `hot keys are off on this node: start it with --keyvizHotKeysEnabled [${detail}]`;
  if (code === 503 && parsed?.error === 'keyviz_disabled') return `KeyViz is disabled on this node (start it with --keyvizEnabled) [${detail}]`;
  if (code === 403) return `hot keys need a full-access key (this one is read-only or not allowed here) [${detail}]`;
  if (code === 400) return `the node refused the question: ${nodeText(parsed?.message ?? parsed?.error ?? body.slice(0, ERROR_EXCERPT_BYTES).trim())} [${detail}]`;
  if (code === 404) return `no hot-keys endpoint at this address (an elastickv older than hot keys?) [${detail}]`;
  return statusMessage(code, body);
}

export async function fetchNodeHotKeys(node: NodeAddress, q: HotKeysQuery, ctx: GetContext & { maxBytes: number }):
  Promise<{ status: HotKeysNodeStatus; response: HotKeysResponse | null }> {
  const t0 = performance.now();
  const status: HotKeysNodeStatus = { node: node.input, ok: false, elapsed_ms: 0, bytes: 0 };
  const done = (response: HotKeysResponse | null, error?: string, answered = response !== null) => {
    if (error !== undefined) status.error = error;
    status.ok = answered;
    status.elapsed_ms = Math.round(performance.now() - t0);
    return { status, response };
  };
  const got = await adminGet(node, hotKeysUrl(node, q), ctx);
  if (!got.ok) {
    if (got.code !== undefined) status.status_code = got.code;
    return done(null, got.error);
  }
  const { res } = got;
  status.status_code = res.statusCode;
  const read = { signal: ctx.deadline.signal, counted: (n: number) => { status.bytes = n; } };
  if (res.statusCode !== 200) {
    // An error answer is small: read under the small cap, whatever the hot-keys cap.
    const body = await readErrorBody(res.body, read);
    if (res.statusCode === 404 && errorBodyOf(body)?.error === 'no_snapshot') {
      status.no_samples = true;
      return done(null, undefined, true);
    }
    return done(null, hotKeysRefusal(res.statusCode, body));
  }
  let text: string | null;
  try {
    text = await readCapped(res.body, ctx.maxBytes, read);
  } catch (err) {
    return done(null, describeTransportError(err, ctx.deadline.signal, ctx.deadline.ms));
  }
  if (text === null) return done(null, `answer larger than ${ctx.maxBytes} bytes, aborted`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return done(null, 'the answer is not JSON');
  }
  const r = hotKeysResponseSchema.safeParse(json);
  if (!r.success) {
    // Zod's words may quote the node's values (an enum's "received '…'").
    return done(null, nodeText(`the answer is not a hot-keys answer (${r.error.issues[0]?.path.join('.')}: ${r.error.issues[0]?.message})`));
  }
  if (r.data.fanout) return done(null, 'the node answered for the whole cluster (it ignored the peer header): merging it again would double-count');
  // The top asked bounds the merge's work: a node never sends more keys than that.
  if (r.data.keys.length > PEER_TOP) return done(null, `the answer holds ${r.data.keys.length} keys, more than the ${PEER_TOP} asked for: not used`);
  // The route as the node wrote it (a JSON number past 2^53 is rounded when parsed), and the slot asked.
  const said = /"route_id"\s*:\s*"?(\d+)/.exec(text)?.[1];
  if (said !== q.routeId || (r.data.label ?? '') !== q.label || (r.data.sub_bucket ?? null) !== q.subBucket) {
    return done(null, `the node answered for another route (route ${said ?? '?'}${r.data.label ? `:${nodeText(r.data.label)}` : ''}`
      + `${r.data.sub_bucket !== undefined ? `#${r.data.sub_bucket}` : ''}, asked ${q.routeId}${q.label ? `:${q.label}` : ''}${q.subBucket !== null ? `#${q.subBucket}` : ''})`);
  }
  status.snapshot_at = r.data.snapshot_at;
  return done({ ...r.data, route_id: q.routeId });
}
