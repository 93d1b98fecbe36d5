// Which elastickv node is behind each configured address (contract §7.2): `GET /cluster` gives its
// node_id, the Raft groups it hosts and which it leads. Two addresses with one node_id would
// double-count that node's reads. And a fan-out-enabled node can name its peers (§7.2 option 2).
import { type Dispatcher, request } from 'undici';
import { type ClusterInfo, clusterInfoSchema, matrixSchema } from '../../../shared/elastickv/wire';
import type { SavedIdentity } from '../../../shared/snapshot';
import type { NodeIdentity } from '../../../shared/identity';
import type { NodeAddress } from './address';
import { readCapped, readErrorBody } from './admin-get';
import type { Deadline } from './deadline';
import { ERROR_EXCERPT_BYTES, MAX_CLUSTER_BYTES, MAX_DISCOVERY_BYTES } from '../../../shared/limits';
import { nodeText } from '../../../shared/node-text';
import { describeTransportError } from './errors';
import { adminPath, ENDPOINTS, matrixPath } from '../../../shared/elastickv/admin-api';

/** The start of an error answer, escaped, for a message. */
const quoted = (body: string): string => nodeText(body.slice(0, ERROR_EXCERPT_BYTES).trim());

/** The shared schema's type, defined once (the IPC answer is a view of it). */
export type { NodeIdentity } from '../../../shared/identity';

export async function identifyNode(node: NodeAddress, cookie: string | null, dispatcher: Dispatcher, deadline: Deadline): Promise<NodeIdentity> {
  const { signal } = deadline;
  try {
    const res = await request(`${node.origin}${adminPath(ENDPOINTS.cluster)}`, {
      dispatcher, signal, headers: { accept: 'application/json', ...(cookie ? { cookie } : {}) },
    });
    if (res.statusCode !== 200) return { node: node.input, ok: false, error: `HTTP ${res.statusCode}: ${quoted(await readErrorBody(res.body, { signal }))}` };
    const text = await readCapped(res.body, MAX_CLUSTER_BYTES, { signal });
    if (text === null) return { node: node.input, ok: false, error: `the cluster overview is larger than ${MAX_CLUSTER_BYTES} bytes: not read` };
    let json: unknown;
    try { json = JSON.parse(text); } catch { return { node: node.input, ok: false, error: 'the cluster overview is not JSON' }; }
    const info = clusterInfoSchema.safeParse(json);
    if (!info.success) return { node: node.input, ok: false, error: 'the answer is not a cluster overview' };
    return identityFromClusterInfo(node.input, info.data);
  } catch (err) {
    return { node: node.input, ok: false, error: describeTransportError(err, signal, deadline.ms) };
  }
}

/** A node's GET /cluster answer (checked by the schema) as its identity; `node` = the address or file it came from. */
export function identityFromClusterInfo(node: string, info: ClusterInfo): NodeIdentity {
  const at = Date.parse(info.timestamp);
  // Node ids reach messages, the terminal and the page: escaped once here (the same id escapes
  // the same way on every node, so they still compare).
  return {
    node, ok: true, nodeId: nodeText(info.node_id),
    groups: info.groups.map((g) => ({ groupId: g.group_id, leaderId: nodeText(g.leader_id), isLeader: g.is_leader,
      members: g.members.map((m) => nodeText(m)) })),
    ...(Number.isFinite(at) ? { atMs: at } : {}),
  };
}

/** An identity as a snapshot file keeps it. */
export function identityFromSaved(node: string, s: SavedIdentity): NodeIdentity {
  return { node, ok: true, nodeId: s.node_id, groups: s.groups.map((g) => ({ groupId: g.group_id, leaderId: g.leader_id, isLeader: g.is_leader, members: g.members })) };
}

/** Addresses that lead to the same node_id: each group would double-count that node's reads. */
export function duplicateNodeIds(ids: readonly NodeIdentity[]): Array<{ nodeId: string; nodes: string[] }> {
  const by = new Map<string, string[]>();
  for (const i of ids) if (i.ok && i.nodeId) by.set(i.nodeId, [...(by.get(i.nodeId) ?? []), i.node]);
  return [...by.entries()].filter(([, nodes]) => nodes.length > 1).map(([nodeId, nodes]) => ({ nodeId, nodes }));
}

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]', '']);

/**
 * Peers named by a fan-out-enabled seed: one matrix request *without* the peer header returns
 * `fanout.nodes[].node` (its own --adminListen first, then its configured peers). A wildcard
 * self address takes the seed's host. The caller shows the list to the user before any cookie
 * goes to a new address.
 */
export async function discoverFromFanout(seed: NodeAddress, cookie: string, dispatcher: Dispatcher, deadline: Deadline): Promise<string[]> {
  const { signal } = deadline;
  const res = await request(`${seed.origin}${matrixPath({ series: 'writes', rows: 1, fromMs: null, toMs: null })}`, {
    dispatcher, signal, headers: { accept: 'application/json', cookie },
  });
  if (res.statusCode !== 200) throw new Error(`${seed.input}: HTTP ${res.statusCode}: ${quoted(await readErrorBody(res.body, { signal }))}`);
  const text = await readCapped(res.body, MAX_DISCOVERY_BYTES, { signal });
  if (text === null) throw new Error(`${seed.input}: its answer is larger than ${MAX_DISCOVERY_BYTES} bytes: not read`);
  let json: unknown;
  try { json = JSON.parse(text); } catch { throw new Error(`${seed.input}: its answer is not JSON`); } // V8's message quotes the text
  const m = matrixSchema.safeParse(json);
  if (!m.success || !m.data.fanout) {
    throw new Error(`${seed.input} does not fan out (no "fanout" block): it cannot name its peers; list the nodes by hand`);
  }
  const seedHost = new URL(seed.origin).hostname;
  const scheme = seed.origin.split('://')[0];
  // elastickv names peers host:port; they are reached with the seed's scheme.
  return m.data.fanout.nodes.map((n, i) => {
    // Escaped: a control character is never part of an address, and the list is shown before use.
    const raw = nodeText(n.node);
    const colon = raw.lastIndexOf(':');
    const host = colon >= 0 ? raw.slice(0, colon) : raw;
    const port = colon >= 0 ? raw.slice(colon + 1) : '';
    // Only the first entry is the seed's own --adminListen, which may be a wildcard.
    return `${scheme}://${i === 0 && WILDCARD_HOSTS.has(host) ? seedHost : host}:${port}`;
  });
}
