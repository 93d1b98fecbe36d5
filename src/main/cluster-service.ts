// What the IPC layer calls for cluster views: connections (each a ClusterClient holding its
// session in this process), fan-out rounds, and the flat typed-array view the renderer draws.
// Electron-free, so it is tested in plain Node.
import { randomUUID } from 'node:crypto';
import type { ClusterView, IpcRequest, IpcResponse, ProgressEvent, ViewMatrix } from '../shared/ipc';
import { ClusterClient, type ClusterClientOptions, describeLoginFailures, type FanoutResult, type LoginResult } from './core/fanout';
import { type CellDetail, cellDetail, type MergedMatrix, type MergeResult } from './core/merge';

export class UnknownConnectionError extends Error {}

export type OpenedConnection = IpcResponse<'open'>;

export function toViewMatrix(m: MergedMatrix): ViewMatrix {
  const W = m.columns.length;
  const cells = m.rows.length * W;
  const values = new Float64Array(cells);
  const groups = new Float64Array(cells);
  const terms = new Float64Array(cells);
  const conflicts = new Uint8Array(cells);
  m.rows.forEach((r, i) => {
    const at = i * W;
    values.set(r.values.subarray(0, W), at);
    if (r.groups) groups.set(r.groups.subarray(0, W), at);
    if (r.terms) terms.set(r.terms.subarray(0, W), at);
    if (r.conflicts) conflicts.set(r.conflicts.subarray(0, W), at);
  });
  return {
    series: m.series, generatedAt: m.generatedAt, columns: Float64Array.from(m.columns), values, groups, terms, conflicts,
    rows: m.rows.map((r) => ({ bucketId: r.bucketId, label: r.label, start: r.start, end: r.end, aggregate: r.aggregate,
      routeCount: r.routeCount, routeIds: r.routeIds, routeIdsTruncated: r.routeIdsTruncated, conflict: r.conflicts !== null })),
  };
}

export function toClusterView(r: FanoutResult, elapsedMs: number): ClusterView {
  return {
    outcome: r.outcome,
    nodes: r.nodes.map((n) => n.status),
    fanout: r.fanout,
    warnings: [
      ...r.warnings.map((message) => ({ kind: 'node_address', message })),
      ...(r.merge?.warnings ?? []).map((w) => ({ kind: w.kind, message: w.message, ...(w.bucketId ? { bucket_id: w.bucketId } : {}) })),
    ],
    matrix: r.merge ? toViewMatrix(r.merge.matrix) : null,
    elapsedMs,
    login: r.outcome === 'failed' && r.login.length > 0 && r.login.every((a) => !a.ok)
      ? { error: describeLoginFailures(r.login),
        credentialsRefused: r.login.some((a) => !a.ok && a.kind === 'credentials') }
      : null,
  };
}

export interface ClusterServiceOptions {
  /** The built parse worker, when the app ships one. */
  parseWorker?: string;
}

export class ClusterService {
  private readonly connections = new Map<string, ClusterClient>();
  /** Each connection's last merge, for cell detail (the renderer holds only the merged view). */
  private readonly last = new Map<string, MergeResult>();

  constructor(private readonly opts: ClusterServiceOptions = {}) {}

  open(req: IpcRequest<'open'>): OpenedConnection {
    return this.openWith({ nodes: req.nodes, accessKey: req.accessKey, secret: req.secret, timeoutMs: req.timeoutMs });
  }

  /** A connection with every client option (profiles: TLS, body cap); the secret stays in the client. */
  openWith(opts: Omit<ClusterClientOptions, 'parseWorker'>): OpenedConnection {
    const client = new ClusterClient({ ...opts, parseWorker: this.opts.parseWorker });
    const connectionId = randomUUID();
    this.connections.set(connectionId, client);
    return { connectionId, nodes: client.nodes.map((n) => n.input), warnings: client.warnings };
  }

  private client(connectionId: string): ClusterClient {
    const client = this.connections.get(connectionId);
    if (!client) throw new UnknownConnectionError('this connection is closed; connect again');
    return client;
  }

  /** Log in now; the attempts (none when a session is open). */
  async login(connectionId: string): Promise<{ ok: boolean; attempts: LoginResult[] }> {
    return this.client(connectionId).login();
  }

  async identify(connectionId: string): Promise<IpcResponse<'identify'>> {
    const r = await this.client(connectionId).identify();
    return { nodes: r.nodes.map((n) => ({ node: n.node, ok: n.ok, error: n.error ?? null, nodeId: n.nodeId ?? null,
      groups: (n.groups ?? []).map((g) => ({ groupId: g.groupId, isLeader: g.isLeader, leaderId: g.leaderId })) })), duplicates: r.duplicates };
  }

  async discover(connectionId: string): Promise<string[]> {
    return this.client(connectionId).discover();
  }

  async fetch(req: IpcRequest<'fetch'>, onProgress?: (e: ProgressEvent) => void): Promise<ClusterView> {
    const client = this.client(req.connectionId);
    const t0 = performance.now();
    const r = await client.fetch({ series: req.series, rows: req.rows, fromMs: req.fromMs, toMs: req.toMs }, {},
      (node) => onProgress?.({ connectionId: req.connectionId, node }), req.incremental ?? false);
    // The view on screen stays the last good one when nothing answered; so does its detail.
    if (r.merge) this.last.set(req.connectionId, r.merge);
    return toClusterView(r, Math.round(performance.now() - t0));
  }

  cell(req: IpcRequest<'cell'>): CellDetail | null {
    const merge = this.last.get(req.connectionId);
    return merge ? cellDetail(merge, req.row, req.col) : null;
  }

  async close(connectionId: string): Promise<null> {
    const c = this.connections.get(connectionId);
    this.connections.delete(connectionId);
    this.last.delete(connectionId);
    await c?.close();
    return null;
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.connections.keys()].map((id) => this.close(id)));
  }
}
