// What the IPC layer calls for cluster views: connections (each a ClusterClient holding its
// session in this process), fan-out rounds, and the flat typed-array view the renderer draws.
// Electron-free, so it is tested in plain Node.
import { randomUUID } from 'node:crypto';
import type { ClusterView, HotKeysView, IpcRequest, IpcResponse, ProgressEvent, ViewMatrix } from '../../shared/ipc';
import { parseBucketId } from '../../shared/elastickv/wire';
import type { SavedHotKeys } from '../../shared/snapshot';
import { ClusterClient, type ClusterClientOptions, describeLoginFailures, type FanoutResult, type LoginResult, type MatrixQuery, parseNodeAddress } from '../core/fanout';
import { writeFileAtomic } from '../core/files/atomic';
import { type CellDetail, cellDetail, diffCellDetail, diffMatrices, type MatrixDiff, type MergedMatrix, type MergeResult } from '../core/merge';
import { type OpenedSnapshot, writeSnapshotFile } from '../core/snapshot';
import { type CaptureFile, CaptureReplay } from '../core/capture';
import { csvChunks } from '../core/snapshot/csv';

export class UnknownConnectionError extends Error {}

export type OpenedConnection = IpcResponse<'open'>;

export function toViewMatrix(m: MergedMatrix): ViewMatrix {
  const W = m.columns.length;
  const cells = m.rows.length * W;
  const values = new Float64Array(cells);
  const groups = new Float64Array(cells);
  const terms = new Float64Array(cells);
  const conflicts = new Uint8Array(cells);
  const handovers = new Uint8Array(cells);
  m.rows.forEach((r, i) => {
    const at = i * W;
    values.set(r.values.subarray(0, W), at);
    if (r.groups) groups.set(r.groups.subarray(0, W), at);
    if (r.terms) terms.set(r.terms.subarray(0, W), at);
    if (r.conflicts) conflicts.set(r.conflicts.subarray(0, W), at);
    if (r.handovers) handovers.set(r.handovers.subarray(0, W), at);
  });
  return {
    series: m.series, generatedAt: m.generatedAt, columns: Float64Array.from(m.columns), values, groups, terms, conflicts, handovers,
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
    events: r.merge ? r.merge.events.map((e) => ({ group: e.group, columnMs: r.merge!.matrix.columns[e.column]!,
      from: r.merge!.inputs[e.from]!.source, to: r.merge!.inputs[e.to]!.source, fromTerm: e.fromTerm, toTerm: e.toTerm, cells: e.cells })) : [],
    eventsOmitted: r.merge?.eventsOmitted ?? 0,
    missing: r.missing,
    login: r.outcome === 'failed' && r.login.length > 0 && r.login.every((a) => !a.ok)
      ? { error: describeLoginFailures(r.login),
        credentialsRefused: r.login.some((a) => !a.ok && a.kind === 'credentials') }
      : null,
  };
}

/** A route's writes in one column over all its rows (its sub-buckets). */
function routeTotal(m: MergedMatrix, routeId: string, label: string, col: number): number {
  let total = 0;
  for (const r of m.rows) {
    const b = parseBucketId(r.bucketId);
    if (b?.kind === 'route' && b.routeId === routeId && b.label === label) total += r.values[col] ?? 0;
  }
  return total;
}

export interface ClusterServiceOptions {
  /** The built parse worker, when the app ships one. */
  parseWorker?: string;
}

/** What a connection shows, kept for cell detail and export (the renderer holds only the merged view). */
type Shown =
  | {
    kind: 'live' | 'snapshot'; result: FanoutResult & { merge: MergeResult }; query: MatrixQuery; compat: boolean;
    /** Files: when the data was taken (kept when exported again), and whether its keys are redacted. */
    takenAtMs?: number; redacted?: boolean;
  }
  | { kind: 'diff'; diff: MatrixDiff; redacted: boolean };

/** A request as files store it (`from_unix_ms`…), as the fan-out asks it. */
function queryOf(r: { series: MatrixQuery['series']; rows: number; from_unix_ms: number | null; to_unix_ms: number | null }): MatrixQuery {
  return { series: r.series, rows: r.rows, fromMs: r.from_unix_ms, toMs: r.to_unix_ms };
}

export interface ExportOptions { redact: boolean; appVersion: string; label?: string }

/** One open view: a live connection, a file (snapshot or capture replay), or a comparison. */
interface Conn {
  /** Live views only: the nodes' client (holding the secret and session). */
  client: ClusterClient | null;
  /** The last merge on screen (null until a round answered). */
  shown: Shown | null;
  /** File and comparison views: what "refresh" returns, as it is. */
  fixed: ClusterView | null;
  replay: { replay: CaptureReplay; query: MatrixQuery } | null;
  /** Hot keys opened in this view, by bucket id (they go into its snapshot). */
  opened: Map<string, SavedHotKeys>;
}

export class ClusterService {
  private readonly conns = new Map<string, Conn>();

  constructor(private readonly opts: ClusterServiceOptions = {}) {}

  private add(c: Partial<Conn>): string {
    const connectionId = randomUUID();
    this.conns.set(connectionId, { client: null, shown: null, fixed: null, replay: null, opened: new Map(), ...c });
    return connectionId;
  }

  private conn(connectionId: string): Conn | undefined {
    return this.conns.get(connectionId);
  }

  open(req: IpcRequest<'open'>): OpenedConnection {
    return this.openWith({ nodes: req.nodes, accessKey: req.accessKey, secret: req.secret, timeoutMs: req.timeoutMs });
  }

  /** A connection with every client option (profiles: TLS, body cap); the secret stays in the client. */
  openWith(opts: Omit<ClusterClientOptions, 'parseWorker'>): OpenedConnection {
    const client = new ClusterClient({ ...opts, parseWorker: this.opts.parseWorker, identify: true });
    const connectionId = this.add({ client });
    return { connectionId, nodes: client.nodes.map((n) => n.input), warnings: client.warnings };
  }

  /** A snapshot file as a read-only view: no network, the same picture and cell detail as when exported. */
  openSnapshot(s: OpenedSnapshot): OpenedConnection {
    const { result, meta } = s;
    if (!result.merge) throw new Error(`${meta.path}: no node answered in this snapshot: there is nothing to show`);
    const connectionId = this.add({
      shown: { kind: 'snapshot', result: { ...result, merge: result.merge }, query: queryOf(meta.request), compat: meta.request.compat,
        takenAtMs: Date.parse(meta.createdAt), redacted: meta.redacted },
      fixed: toClusterView(result, 0),
      opened: new Map(s.hotKeys.map((h) => [h.bucket_id, h])),
    });
    return { connectionId, nodes: result.nodes.map((n) => n.status.node), warnings: result.warnings };
  }

  /** A capture for replay: the view of its last poll first; frame() moves through the polls. */
  openCapture(file: CaptureFile): OpenedConnection {
    if (file.polls.length === 0) throw new Error(`${file.path}: this capture holds no poll`);
    const connectionId = this.add({ replay: { replay: new CaptureReplay(file), query: queryOf(file.header.request) } });
    this.frame(connectionId, file.polls.length - 1);
    return { connectionId, nodes: file.header.nodes, warnings: [] };
  }

  /** Show poll `index` (0-based) of a replayed capture. */
  frame(connectionId: string, index: number): null {
    const c = this.conn(connectionId);
    if (!c?.replay) throw new UnknownConnectionError('this view is not a capture');
    const { replay, query } = c.replay;
    const result = replay.frame(index);
    c.shown = result.merge
      ? { kind: 'snapshot', result: { ...result, merge: result.merge }, query, compat: false, takenAtMs: Date.parse(replay.pollAt(index)) }
      : null;
    c.fixed = toClusterView(result, 0);
    return null;
  }

  /** The hot keys of the route behind a cell's row: asked now (live), or as saved in the file. */
  async hotKeys(req: IpcRequest<'hotKeys'>): Promise<HotKeysView> {
    const c = this.conn(req.connectionId);
    const s = c?.shown;
    if (!c || !s) return { state: 'unavailable', message: 'nothing is on screen yet' };
    if (s.kind === 'diff') return { state: 'unavailable', message: 'a comparison has no hot keys: open either side to see them' };
    const m = s.result.merge.matrix;
    const row = m.rows[req.row];
    if (!row || req.col >= m.columns.length || row.bucketId !== req.bucketId) return { state: 'unavailable', message: 'this cell is no longer on screen' };
    const id = parseBucketId(row.bucketId);
    if (id?.kind === 'virtual' || row.aggregate) {
      return { state: 'unavailable', message: `This row aggregates ${row.routeCount} cold route(s) into one bucket; elastickv samples hot keys per route, `
        + 'not for aggregates. A busier route gets a row of its own.' };
    }
    if (!id) return { state: 'unavailable', message: `${row.bucketId} is not a route row: there are no hot keys to ask for` };
    if (m.series !== 'writes') {
      return { state: 'unavailable', message: 'Hot keys are sampled for writes only (elastickv v1): switch the series to Writes to drill into this row.' };
    }
    const last = m.columns.length - 1;
    const rowTotal = row.values[last] ?? 0;
    const saved = c.opened.get(row.bucketId);
    if (s.kind === 'snapshot') {
      if (saved) return { state: 'answer', saved, rowTotal: saved.whole_route ? routeTotal(m, id.routeId, id.label, last) : rowTotal, fromFile: true };
      return { state: 'unavailable', message: c.replay
        ? 'A capture records matrices, not hot keys: there are none to show here.'
        : 'This file holds no hot keys for this row: a snapshot keeps the hot keys that were opened before it was exported.' };
    }
    // A view of a past window: even its last column is older than any node's sketch.
    const pastWindow = s.query.toMs !== null;
    if ((req.col !== last || pastWindow) && !req.latest) {
      return { state: 'older-column', message: 'Nodes keep hot keys only for their latest window (about one step): nobody can say which keys were hot in this older column.' };
    }
    const r = await this.client(req.connectionId).hotKeys({ routeId: id.routeId, label: id.label, subBucket: id.subBucket }, req.top);
    const now: SavedHotKeys = { bucket_id: row.bucketId, asked_at: new Date().toISOString(), outcome: r.outcome, nodes: r.nodes, merged: r.merged,
      split: r.split, ...(r.wholeRoute ? { whole_route: true } : {}) };
    c.opened.set(row.bucketId, now);
    // The whole route's keys: their share is of the route's writes (all its rows), not of this sub-bucket's.
    return { state: 'answer', saved: now, rowTotal: r.wholeRoute ? routeTotal(m, id.routeId, id.label, last) : rowTotal, fromFile: false };
  }

  /** A second client with this connection's nodes and credentials (a capture's own session). */
  sibling(connectionId: string): ClusterClient {
    return this.client(connectionId).sibling();
  }

  /** B − A of two open views of one series (snapshots, or a snapshot and the live view as it is now). */
  compare(a: { connectionId: string; label: string }, b: { connectionId: string; label: string }): OpenedConnection {
    const viewOf = (id: string, label: string) => {
      const s = this.conn(id)?.shown;
      if (!s) throw new UnknownConnectionError(`${label} has nothing on screen to compare yet`);
      return { matrix: s.kind === 'diff' ? s.diff.matrix : s.result.merge.matrix, redacted: s.redacted ?? false };
    };
    const sa = viewOf(a.connectionId, a.label);
    const sb = viewOf(b.connectionId, b.label);
    // Redacted keys are not the keys: rows would pair up by id but show unrelated ranges.
    if (sa.redacted !== sb.redacted) {
      throw new Error(`${sa.redacted ? a.label : b.label} has its keys redacted and the other does not: compare views that are both redacted or both not`);
    }
    const diff = diffMatrices(sa.matrix, sb.matrix, { a: a.label, b: b.label });
    const side = (label: string) => ({ node: label, ok: true, elapsed_ms: 0, bytes: 0, warnings: [] });
    const connectionId = this.add({
      shown: { kind: 'diff', diff, redacted: sa.redacted },
      fixed: {
        outcome: 'complete', nodes: [side(`A · ${a.label}`), side(`B · ${b.label}`)],
        fanout: { nodes: [{ node: `A · ${a.label}`, ok: true }, { node: `B · ${b.label}`, ok: true }], responded: 2, expected: 2 },
        warnings: [], matrix: toViewMatrix(diff.matrix), elapsedMs: 0, login: null, events: [], eventsOmitted: 0, missing: null,
      },
    });
    return { connectionId, nodes: [a.label, b.label], warnings: [] };
  }

  private client(connectionId: string): ClusterClient {
    const c = this.conn(connectionId);
    if (!c?.client) throw new UnknownConnectionError(c ? 'this view is a file: it has no live nodes' : 'this connection is closed; connect again');
    return c.client;
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
    const still = this.conn(req.connectionId)?.fixed;
    if (still) return still;
    const client = this.client(req.connectionId);
    const t0 = performance.now();
    const query = { series: req.series, rows: req.rows, fromMs: req.fromMs, toMs: req.toMs };
    const r = await client.fetch(query, {}, (node) => onProgress?.({ connectionId: req.connectionId, node }), req.incremental ?? false);
    // The view on screen stays the last good one when nothing answered; so does its detail.
    const c = this.conn(req.connectionId);
    if (r.merge && c) c.shown = { kind: 'live', result: { ...r, merge: r.merge }, query, compat: false };
    return toClusterView(r, Math.round(performance.now() - t0));
  }

  cell(req: IpcRequest<'cell'>): CellDetail | null {
    const s = this.conn(req.connectionId)?.shown;
    if (!s) return null;
    if (s.kind === 'diff') return diffCellDetail(s.diff, req.row, req.col);
    // Nodes by node_id where this round's GET /cluster said who they are.
    const ids = new Map<string, string>();
    s.result.identities?.forEach((id, i) => { if (id?.nodeId) ids.set(s.result.nodes[i]!.status.node, id.nodeId); });
    return cellDetail(s.result.merge, req.row, req.col, (source) => ids.get(source) ?? source);
  }

  private showing(connectionId: string): Shown {
    const c = this.conn(connectionId);
    if (!c?.shown) {
      throw new UnknownConnectionError(c?.replay ? 'no node answered in this poll: there is nothing to export'
        : 'nothing is on screen yet: refresh first');
    }
    return c.shown;
  }

  /** The view as a snapshot file (what is on screen plus each node's own matrix and status). */
  async exportSnapshot(connectionId: string, path: string, o: ExportOptions): Promise<number> {
    const s = this.showing(connectionId);
    if (s.kind === 'diff') throw new Error('a comparison is not a snapshot: export each side, or export it as CSV or PNG');
    // A file exported again keeps the time its data was taken; redacted keys stay marked as such.
    return writeSnapshotFile(path, { result: s.result, request: { ...s.query, compat: s.compat }, appVersion: o.appVersion,
      redact: o.redact, alreadyRedacted: s.redacted ?? false, ...(s.takenAtMs !== undefined ? { createdAtMs: s.takenAtMs } : {}),
      hotKeys: [...(this.conn(connectionId)?.opened.values() ?? [])],
      ...(o.label !== undefined ? { label: o.label } : {}) });
  }

  async exportCsv(connectionId: string, path: string): Promise<number> {
    const s = this.showing(connectionId);
    return writeFileAtomic(path, csvChunks(s.kind === 'diff' ? s.diff.matrix : s.result.merge.matrix));
  }

  async close(connectionId: string): Promise<null> {
    const c = this.conn(connectionId);
    this.conns.delete(connectionId);
    await c?.client?.close();
    return null;
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.conns.keys()].map((id) => this.close(id)));
  }
}
