// What the IPC layer calls for cluster views: each open view (live, snapshot, capture replay,
// comparison; ./views) kept by connection id, and the calls routed to it. Electron-free, so it is
// tested in plain Node.
import { randomUUID } from 'node:crypto';
import type { BalanceAnswer, ClusterView, HotKeysView, IpcRequest, IpcResponse, ProgressEvent, ServedAnswer } from '../../shared/ipc';
import { ClusterClient, type ClusterClientOptions, type LoginResult, parseNodeAddress } from '../core/fanout';
import { writeFileAtomic } from '../core/files/atomic';
import { type CellDetail, diffMatrices } from '../core/merge';
import { type OpenedSnapshot, writeSnapshotFile } from '../core/snapshot';
import type { CaptureFile } from '../core/capture';
import { csvChunks } from '../core/snapshot/csv';
import { ComparisonView, LiveView, ReplayView, sideLabels, SnapshotView, type View } from './views';

export class UnknownConnectionError extends Error {}

export type OpenedConnection = IpcResponse<'open'>;

export interface ClusterServiceOptions {
  /** The built parse worker, when the app ships one. */
  parseWorker?: string;
}

export interface ExportOptions { redact: boolean; appVersion: string; label?: string }

export class ClusterService {
  private readonly views = new Map<string, View>();

  constructor(private readonly opts: ClusterServiceOptions = {}) {}

  private add(view: View, nodes: string[], warnings: string[]): OpenedConnection {
    const connectionId = randomUUID();
    this.views.set(connectionId, view);
    return { connectionId, kind: view.kind, can: view.can, nodes, warnings };
  }

  private view(connectionId: string): View {
    const v = this.views.get(connectionId);
    if (!v) throw new UnknownConnectionError('this connection is closed; connect again');
    return v;
  }

  open(req: IpcRequest<'open'>): OpenedConnection {
    return this.openWith({ nodes: req.nodes, accessKey: req.accessKey, secret: req.secret, timeoutMs: req.timeoutMs });
  }

  /** A connection with every client option (profiles: TLS, body cap); the secret stays in the client. */
  openWith(opts: Omit<ClusterClientOptions, 'parseWorker'>): OpenedConnection {
    const client = new ClusterClient({ ...opts, parseWorker: this.opts.parseWorker, identify: true });
    return this.add(new LiveView(client), client.nodes.map((n) => n.input), client.warnings);
  }

  /** A snapshot file as a read-only view: no network, the same picture and cell detail as when exported. */
  openSnapshot(s: OpenedSnapshot): OpenedConnection {
    return this.add(new SnapshotView(s), s.result.nodes.map((n) => n.status.node), s.result.warnings);
  }

  /** A capture for replay: the view of its last poll first; frame() moves through the polls. */
  openCapture(file: CaptureFile): OpenedConnection {
    return this.add(new ReplayView(file), file.header.nodes, []);
  }

  /** Show poll `index` (0-based) of a replayed capture. */
  frame(connectionId: string, index: number): null {
    const v = this.views.get(connectionId);
    if (!(v instanceof ReplayView)) throw new UnknownConnectionError('this view is not a capture');
    v.frame(index);
    return null;
  }

  /** The hot keys of the route behind a cell's row: asked now (live), or as saved in the file. */
  async hotKeys(req: IpcRequest<'hotKeys'>): Promise<HotKeysView> {
    const v = this.views.get(req.connectionId);
    return v ? v.hotKeys(req) : { state: 'unavailable', why: { reason: 'nothing-on-screen' } };
  }

  /** A second client with this connection's nodes and credentials (a capture's own session). */
  sibling(connectionId: string): ClusterClient {
    return this.client(connectionId).sibling();
  }

  /**
   * B − A of two open views of one series (snapshots, or a snapshot and the live view as it is now).
   * Main names the sides from what it holds (`live (14:03:20)`, `snapshot (file, 13:58:00)`): the
   * open answer's nodes are those names, A first.
   */
  compare(a: { connectionId: string }, b: { connectionId: string }): OpenedConnection {
    const open = (id: string, which: 'A' | 'B'): View => {
      const v = this.views.get(id);
      if (!v) throw new UnknownConnectionError(`${which} is closed: open it again to compare`);
      return v;
    };
    const va = open(a.connectionId, 'A');
    const vb = open(b.connectionId, 'B');
    const labels = sideLabels(va.side(), vb.side());
    const shown = (v: View, label: string) => {
      const m = v.matrix();
      if (!m) throw new UnknownConnectionError(`${label} has nothing on screen to compare yet`);
      return m;
    };
    const ma = shown(va, labels.a);
    const mb = shown(vb, labels.b);
    // Redacted keys are not the keys: rows would pair up by id but show unrelated ranges.
    if (va.redacted !== vb.redacted) {
      throw new Error(`${va.redacted ? labels.a : labels.b} has its keys redacted and the other does not: compare views that are both redacted or both not`);
    }
    const diff = diffMatrices(ma, mb, labels);
    return this.add(new ComparisonView(diff, va.redacted), [labels.a, labels.b], []);
  }

  private client(connectionId: string): ClusterClient {
    const v = this.view(connectionId);
    if (!(v instanceof LiveView)) throw new UnknownConnectionError('this view is a file: it has no live nodes');
    return v.client;
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

  /** Peers a fan-out node names that this connection does not ask yet (compared as nodes, however written). */
  async discover(connectionId: string): Promise<IpcResponse<'discover'>> {
    const client = this.client(connectionId);
    const named = await client.discover();
    const known = new Set(client.nodes.map((n) => n.key));
    const fresh = named.filter((a) => { try { return !known.has(parseNodeAddress(a).key); } catch { return false; } });
    return { connectionId, named: named.length, nodes: [...new Set(fresh)] };
  }

  async fetch(req: IpcRequest<'fetch'>, onProgress?: (e: ProgressEvent) => void): Promise<ClusterView> {
    return this.view(req.connectionId).refresh(req, onProgress);
  }

  /** Which node carries the traffic of the view on screen (kept per round: asked again, it is not weighed again). */
  balance(req: IpcRequest<'balance'>): BalanceAnswer {
    const v = this.views.get(req.connectionId);
    return v ? v.balance(req.span ?? null) : { state: 'unavailable', why: { reason: 'nothing-on-screen' } };
  }

  /** Which node served some rows of the view on screen. */
  served(req: IpcRequest<'served'>): ServedAnswer {
    const v = this.views.get(req.connectionId);
    return v ? v.served(req) : { state: 'unavailable', why: { reason: 'nothing-on-screen' } };
  }

  cell(req: IpcRequest<'cell'>): CellDetail | null {
    return this.views.get(req.connectionId)?.cell(req.row, req.col) ?? null;
  }

  /** The view as a snapshot file (what is on screen plus each node's own matrix and status). */
  async exportSnapshot(connectionId: string, path: string, o: ExportOptions): Promise<number> {
    const s = this.view(connectionId).snapshot();
    // A file exported again keeps the time its data was taken; redacted keys stay marked as such.
    return writeSnapshotFile(path, { result: s.result, request: { ...s.query, compat: s.compat }, appVersion: o.appVersion,
      redact: o.redact, alreadyRedacted: s.redacted, ...(s.takenAtMs !== undefined ? { createdAtMs: s.takenAtMs } : {}),
      hotKeys: s.hotKeys, ...(o.label !== undefined ? { label: o.label } : {}) });
  }

  async exportCsv(connectionId: string, path: string): Promise<number> {
    const v = this.view(connectionId);
    const m = v.matrix();
    if (!m) throw new UnknownConnectionError(v instanceof ReplayView ? 'no node answered in this poll: there is nothing to export' : 'nothing is on screen yet: refresh first');
    return writeFileAtomic(path, csvChunks(m));
  }

  async close(connectionId: string): Promise<null> {
    const v = this.views.get(connectionId);
    this.views.delete(connectionId);
    await v?.close();
    return null;
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.views.keys()].map((id) => this.close(id)));
  }
}
