// elastickv's admin API as both sides speak it (contract §1, §5.2, §7.3): its paths, the peer
// header, and how each query is written in a URL. The app's client and the simulated cluster
// both build their requests from here, so they ask the same URLs.
import { MAX_HOTKEYS_PER_ROUTE } from '../limits';
import type { HotKeysQuery, MatrixQuery } from '../query';

/** The admin JSON API's root on a node's admin listener. */
export const ADMIN_API = '/admin/api/v1/';

/** The endpoints under the root that this app asks and the simulator serves. */
export const ENDPOINTS = {
  login: 'auth/login',
  logout: 'auth/logout',
  cluster: 'cluster',
  matrix: 'keyviz/matrix',
  hotKeys: 'keyviz/hotkeys',
} as const;
export type Endpoint = (typeof ENDPOINTS)[keyof typeof ENDPOINTS];

/** An endpoint's path on a node, e.g. `/admin/api/v1/keyviz/matrix`. */
export const adminPath = (endpoint: Endpoint): string => `${ADMIN_API}${endpoint}`;

/** Set on a request, a fan-out node answers with its local view only (contract §5.2). */
export const PEER_HEADER = 'x-admin-fanout-peer';

/** Every candidate a node has (elastickv's own fan-out asks peers for 256, then truncates the merge). */
export const PEER_TOP = MAX_HOTKEYS_PER_ROUTE;

/** An address as operators and `--keyvizFanoutNodes` write it: without a scheme, it is http://. */
export function withDefaultScheme(address: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(address) ? address : `http://${address}`;
}

/** `buildKeyVizPeerURL`'s query (contract §5.2, vectors §6.3): parameters in sorted key order, open bounds left out. */
export function matrixSearch(q: MatrixQuery): string {
  const params: Array<[string, string]> = [];
  if (q.fromMs) params.push(['from_unix_ms', String(q.fromMs)]);
  params.push(['rows', String(q.rows)], ['series', q.series]);
  if (q.toMs) params.push(['to_unix_ms', String(q.toMs)]);
  return new URLSearchParams(params).toString();
}

/** The matrix request's path and query, to follow a node's base URL. */
export function matrixPath(q: MatrixQuery): string {
  return `${adminPath(ENDPOINTS.matrix)}?${matrixSearch(q)}`;
}

/** A route's hot keys, asked for every candidate (`PEER_TOP`): the merge truncates, never a node. */
function hotKeysSearch(q: HotKeysQuery): string {
  const p = new URLSearchParams({ route_id: q.routeId, series: 'writes', top: String(PEER_TOP) });
  if (q.label) p.set('label', q.label);
  if (q.subBucket !== null) p.set('sub_bucket', String(q.subBucket));
  if (q.fromMs !== undefined && q.fromMs !== null) p.set('from_unix_ms', String(q.fromMs));
  if (q.toMs !== undefined && q.toMs !== null) p.set('to_unix_ms', String(q.toMs));
  return p.toString();
}

/** The hot-keys request's path and query, to follow a node's base URL. */
export function hotKeysPath(q: HotKeysQuery): string {
  return `${adminPath(ENDPOINTS.hotKeys)}?${hotKeysSearch(q)}`;
}
