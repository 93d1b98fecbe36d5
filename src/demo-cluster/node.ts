// One simulated elastickv node: its own HTTP server on loopback, routed like elastickv's
// admin listener (contract §1, §2, §3, §7.1-§7.3).
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Dispatcher } from 'undici';
import { type AuthContext, checkCsrf, handleLogin, handleLogout, LoginRateLimiter, requireSession } from './auth';
import { type FanoutPeer, runServerFanout } from './fanout-server';
import { type AnswerFault, answerWithFault, type Fault, parseFault } from './faults';
import { rfc3339, sendError, sendJSON, sendJSONBytes, sendText } from './http';
import { parseMatrixParams, type WireMatrix, writeLocalMatrix } from './matrix';
import { HOTKEYS_DISABLED, localHotKeys, NO_SNAPSHOT, NO_SNAPSHOT_ANYWHERE, parseHotKeysParams, placeholder, runHotKeysFanout } from './hotkeys';
import type { TrafficModel } from './traffic';
import { ADMIN_API, type Endpoint, ENDPOINTS, PEER_HEADER } from '../shared/elastickv/admin-api';
import { SERIES, type Series } from '../shared/elastickv/wire';
import { errorText } from '../shared/error-text';

/** What a node shares with the rest of its cluster. */
export interface ClusterShared {
  model: TrafficModel;
  seed: number;
  history: number;
  nodeIds: readonly string[];
  auth: Omit<AuthContext, 'limiter'>;
  /** The other nodes a fan-out node asks, in configured order (itself filtered out). */
  peersOf(index: number): FanoutPeer[];
  fanoutTimeoutMs: number;
  /** HTTP client pool for server-side fan-out; closed with the cluster. */
  dispatcher: Dispatcher;
  log(line: string): void;
  onRequest(request: DemoRequest): void;
}

/** A request as a node received it: which node, the method, and the path with its query. */
export interface DemoRequest {
  node: number;
  method: string;
  url: URL;
}

/** on: sampling hot keys; off: started without --keyvizHotKeysEnabled; no-snapshot: on, but nothing flushed yet. */
export type HotKeysMode = 'on' | 'off' | 'no-snapshot';
export const HOTKEYS_MODES: readonly HotKeysMode[] = ['on', 'off', 'no-snapshot'];

/** Per-node settings, switchable while the node runs. */
export interface NodeSettings {
  /** false = started without --keyvizEnabled: 503 keyviz_disabled. */
  keyviz: boolean;
  /** true = started with --keyvizFanoutNodes listing every node. */
  fanout: boolean;
  hotKeys: HotKeysMode;
}

/** The faults a node has now: at most one of each group. */
interface ActiveFaults {
  latencyMs: number;
  transport: 'hang' | 'reset' | null;
  answer: AnswerFault | null;
}

const KNOWN_ENDPOINTS: ReadonlySet<string> = new Set(Object.values(ENDPOINTS));
const isEndpoint = (e: string): e is Endpoint => KNOWN_ENDPOINTS.has(e);
const DEFAULT_GROUP = 1;

const SPA_PLACEHOLDER = '<!doctype html><meta charset="utf-8"><title>elastickv admin (simulated)</title>'
  + '<p>This is a KeyViz Inspector demo-cluster node. It serves the admin JSON API under /admin/api/v1/; '
  + 'the admin web UI is not simulated.</p>\n';

export class DemoNode {
  readonly nodeId: string;
  readonly settings: NodeSettings = { keyviz: true, fanout: false, hotKeys: 'on' };
  private server: Server | null = null;
  private boundPort = 0;
  private readonly auth: AuthContext;
  private ownKey: Buffer | null = null;
  private readonly active: ActiveFaults = { latencyMs: 0, transport: null, answer: null };
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(readonly index: number, private readonly shared: ClusterShared, readonly host: string) {
    this.nodeId = shared.nodeIds[index]!;
    this.auth = {
      ...shared.auth,
      signingKeys: () => (this.ownKey ? [this.ownKey] : shared.auth.signingKeys()),
      limiter: new LoginRateLimiter(),
    };
  }

  /** This node's `--adminListen` value: how a fan-out node names itself and its peers. */
  get listenAddress(): string {
    return new URL(this.url).host;
  }

  /**
   * Give this node its own session signing key: cookies minted elsewhere are refused here
   * (401) and its own cookies are refused elsewhere, until one logs in on each.
   */
  useOwnSigningKey(): void {
    this.ownKey = randomBytes(64);
  }

  /** Apply a fault (`down`/`up` stop and restart listening on the same port). */
  async setFault(fault: Fault | string): Promise<void> {
    const f = typeof fault === 'string' ? parseFault(fault) : fault;
    switch (f.kind) {
      case 'down': return this.close();
      case 'up': return this.listen(this.boundPort);
      case 'latency': this.active.latencyMs = f.ms; return;
      case 'hang': case 'reset': this.active.transport = f.kind; return;
      default: this.active.answer = f;
    }
  }

  /** Remove every fault except the listening state (use `up` for that). */
  clearFaults(): void {
    this.active.latencyMs = 0;
    this.active.transport = null;
    this.active.answer = null;
  }

  /** The faults in effect, as specs (`down` when not listening). */
  get faults(): string[] {
    const out: string[] = [];
    if (!this.server) out.push('down');
    if (this.active.latencyMs > 0) out.push(`latency:${this.active.latencyMs}`);
    if (this.active.transport) out.push(this.active.transport);
    const a = this.active.answer;
    if (a) out.push(a.kind === 'status' ? `status:${a.code}` : a.kind === 'huge' ? `huge:${a.mib}` : a.kind === 'redirect' ? `redirect:${a.url}` : a.kind);
    return out;
  }

  get port(): number {
    return this.boundPort;
  }

  get url(): string {
    const h = this.host.includes(':') ? `[${this.host}]` : this.host;
    return `http://${h}:${this.boundPort}`;
  }

  get listening(): boolean {
    return this.server !== null;
  }

  /** Listen on `port` (0 = ephemeral; a restarted node reuses its previous port). */
  listen(port = this.boundPort): Promise<void> {
    if (this.server) return Promise.resolve();
    const server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        this.shared.log(`${this.nodeId}: internal error: ${errorText(err)}`);
        if (!res.headersSent) sendError(res, 500, 'internal', 'internal error');
        else res.destroy();
      });
    });
    return new Promise((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) => {
        reject(new Error(err.code === 'EADDRINUSE'
          ? `node ${this.index}: port ${port} on ${this.host} is already in use`
          : `node ${this.index}: cannot listen on ${this.host}:${port}: ${err.message}`));
      });
      server.listen(port, this.host, () => {
        this.server = server;
        this.boundPort = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  /** Stop listening and drop every open connection. */
  close(): Promise<void> {
    const server = this.server;
    if (!server) return Promise.resolve();
    this.server = null;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    return new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /** Transport faults first (they hit every request), then the router. */
  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.shared.onRequest({ node: this.index, method: req.method ?? 'GET', url: new URL(req.url ?? '/', 'http://node.invalid') });
    if (this.active.latencyMs > 0) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => { this.timers.delete(t); resolve(); }, this.active.latencyMs);
        this.timers.add(t);
      });
      if (!this.server || res.destroyed) return; // stopped while waiting
    }
    if (this.active.transport === 'hang') return; // accepted, never answered; closed with the node
    if (this.active.transport === 'reset') {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': '65536' });
      res.write('{"column_unix_ms":[1700000000000,1700000060000],"rows":[{"bucket_id":"route:1","val', () => res.destroy());
      return;
    }
    return this.route(req, res);
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://node.invalid');
    const path = url.pathname;
    if (path !== '/admin' && !path.startsWith('/admin/')) return sendError(res, 404, 'not_found');
    if (path === '/admin/healthz' || path === '/admin/healthz/leader') return this.health(req, res, path);
    if (path.startsWith(ADMIN_API)) {
      const endpoint = path.slice(ADMIN_API.length);
      if (!isEndpoint(endpoint)) {
        return sendError(res, 404, 'unknown_endpoint', 'no admin API handler is registered for this path');
      }
      return this.api(endpoint, url, req, res);
    }
    if (path === '/admin/api' || path.startsWith('/admin/api/') || path.startsWith('/admin/assets/')) {
      return sendError(res, 404, 'not_found');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, 'method_not_allowed', 'only GET');
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(SPA_PLACEHOLDER);
  }

  private health(req: IncomingMessage, res: ServerResponse, path: string): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendError(res, 405, 'method_not_allowed', 'only GET or HEAD', { Allow: 'GET, HEAD' });
    }
    if (path === '/admin/healthz') return sendText(res, 200, 'ok\n');
    const k = this.shared.model.latestColumn(this.index, this.auth.now());
    const leads = this.shared.model.leadership(DEFAULT_GROUP, k).leader === this.index;
    return leads ? sendText(res, 200, 'ok\n') : sendText(res, 503, 'not leader\n');
  }

  private async api(endpoint: Endpoint, url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (endpoint === ENDPOINTS.login) return handleLogin(this.auth, req, res);
    if (endpoint === ENDPOINTS.logout) return handleLogout(this.auth, req, res);
    // protect: session, then CSRF (GETs pass), then the handler's own method check.
    const claims = requireSession(this.auth, req, res);
    if (!claims || !checkCsrf(req, res)) return;
    if (endpoint === ENDPOINTS.hotKeys && claims.role !== 'full') {
      return sendError(res, 403, 'forbidden', 'this endpoint requires admin.full_access_keys membership');
    }
    if (req.method !== 'GET') return sendError(res, 405, 'method_not_allowed', 'only GET');
    if (endpoint === ENDPOINTS.cluster) return this.cluster(res);
    if (!this.settings.keyviz) {
      return sendError(res, 503, 'keyviz_disabled', 'key visualizer sampler is not configured on this node');
    }
    if (this.active.answer) {
      const series = url.searchParams.get('series');
      return answerWithFault(res, this.active.answer, this.auth.now(), series && SERIES.includes(series as Series) ? series : 'writes');
    }
    switch (endpoint) {
      case ENDPOINTS.matrix: return this.matrix(url, req, res);
      default: return this.hotKeys(url, req, res);
    }
  }

  private async hotKeys(url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const peerCall = (req.headers[PEER_HEADER] ?? '') !== '';
    const peers = this.shared.peersOf(this.index);
    const fansOut = this.settings.fanout && !peerCall && peers.length > 0;
    const mode = this.settings.hotKeys;
    // Off, and nobody else to ask: elastickv's 503, before the query is even read (contract §7.3).
    if (mode === 'off' && !fansOut) return sendError(res, 503, 'hotkeys_disabled', HOTKEYS_DISABLED);
    const parsed = parseHotKeysParams(url.searchParams);
    if (!parsed.ok) return sendError(res, 400, 'invalid_query', parsed.message);
    const p = parsed.params;
    let local = null;
    if (mode === 'on') {
      const l = localHotKeys(this.shared.model, this.shared.seed, this.index, this.auth.now(), this.shared.history, p);
      // Without a snapshot a fanning-out node still asks its peers (elastickv's placeholder).
      if (!l.ok && !(l.status === 404 && fansOut)) return sendError(res, l.status, l.code, l.message);
      local = l.ok ? l.body : null;
    }
    if (!fansOut) return local ? sendJSON(res, 200, local) : sendError(res, 404, 'no_snapshot', NO_SNAPSHOT);
    const merged = await runHotKeysFanout({
      selfName: this.listenAddress, local: local ?? placeholder(p), hadLocal: local !== null, peers, params: p,
      cookieHeader: req.headers.cookie, timeoutMs: this.shared.fanoutTimeoutMs, dispatcher: this.shared.dispatcher,
    });
    if (res.destroyed) return;
    if (!merged.ok) return sendError(res, 404, 'no_snapshot', NO_SNAPSHOT_ANYWHERE);
    sendJSON(res, 200, merged.body);
  }

  private async matrix(url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const parsed = parseMatrixParams(url.searchParams);
    if (!parsed.ok) return sendError(res, 400, 'invalid_query', parsed.message);
    const now = this.auth.now();
    const body = writeLocalMatrix(this.shared.model, this.index, now, this.shared.history, parsed.params, rfc3339(now));
    // Any non-empty X-Admin-Fanout-Peer means "your local matrix only" (contract §4).
    const peerCall = (req.headers[PEER_HEADER] ?? '') !== '';
    const peers = this.shared.peersOf(this.index);
    if (!this.settings.fanout || peerCall || peers.length === 0) return sendJSONBytes(res, 200, body);
    // The aggregator merges decoded matrices, its own as much as its peers' (bytes this node just wrote).
    const local = JSON.parse(body.toString('utf8')) as WireMatrix;
    const merged = await runServerFanout({
      selfName: this.listenAddress, local, peers, params: parsed.params, cookieHeader: req.headers.cookie,
      timeoutMs: this.shared.fanoutTimeoutMs, dispatcher: this.shared.dispatcher,
    });
    if (!res.destroyed) sendJSON(res, 200, merged);
  }

  private cluster(res: ServerResponse): void {
    const now = this.auth.now();
    const model = this.shared.model;
    const ids = this.shared.nodeIds;
    // Like elastickv, a node describes the Raft groups it hosts a replica of.
    const hosted = [...new Set(model.buckets.map((b) => b.groupId))]
      .filter((g) => model.members(g).includes(this.index)).sort((a, b) => a - b);
    const groups = hosted.map((g) => {
      const leader = model.leadership(g, model.latestColumn(this.index, now)).leader;
      const members = model.members(g);
      return { group_id: g, leader_id: ids[leader]!, members: members.map((m) => ids[m]!), is_leader: leader === this.index };
    });
    sendJSON(res, 200, { node_id: this.nodeId, version: 'dev', timestamp: rfc3339(now), groups });
  }
}

