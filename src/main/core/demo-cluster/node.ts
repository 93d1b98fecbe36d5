// One simulated elastickv node: its own HTTP server on loopback, routed like elastickv's
// admin listener (contract §1, §2, §3, §7.1-§7.3).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AuthContext, checkCsrf, handleLogin, handleLogout, LoginRateLimiter, requireSession } from './auth';
import { sendError, sendJSON, sendText } from './http';
import { buildLocalMatrix, parseMatrixParams, rfc3339 } from './matrix';
import type { TrafficModel } from './traffic';

/** What a node shares with the rest of its cluster. */
export interface ClusterShared {
  model: TrafficModel;
  history: number;
  nodeIds: readonly string[];
  auth: Omit<AuthContext, 'limiter'>;
  log(line: string): void;
}

const API = '/admin/api/v1/';
const KNOWN_ENDPOINTS = new Set(['auth/login', 'auth/logout', 'cluster', 'keyviz/matrix', 'keyviz/hotkeys']);
const DEFAULT_GROUP = 1;

const SPA_PLACEHOLDER = '<!doctype html><meta charset="utf-8"><title>elastickv admin (simulated)</title>'
  + '<p>This is a KeyViz Inspector demo-cluster node. It serves the admin JSON API under /admin/api/v1/; '
  + 'the admin web UI is not simulated.</p>\n';

export class DemoNode {
  readonly nodeId: string;
  private server: Server | null = null;
  private boundPort = 0;
  private readonly auth: AuthContext;

  constructor(readonly index: number, private readonly shared: ClusterShared, readonly host: string) {
    this.nodeId = shared.nodeIds[index]!;
    this.auth = { ...shared.auth, limiter: new LoginRateLimiter() };
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
      this.route(req, res).catch((err: unknown) => {
        this.shared.log(`${this.nodeId}: internal error: ${err instanceof Error ? err.message : String(err)}`);
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
    return new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://node.invalid');
    const path = url.pathname;
    if (path !== '/admin' && !path.startsWith('/admin/')) return sendError(res, 404, 'not_found');
    if (path === '/admin/healthz' || path === '/admin/healthz/leader') return this.health(req, res, path);
    if (path.startsWith(API)) {
      const endpoint = path.slice(API.length);
      if (!KNOWN_ENDPOINTS.has(endpoint)) {
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

  private async api(endpoint: string, url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (endpoint === 'auth/login') return handleLogin(this.auth, req, res);
    if (endpoint === 'auth/logout') return handleLogout(this.auth, req, res);
    // protect: session, then CSRF (GETs pass), then the handler's own method check.
    const claims = requireSession(this.auth, req, res);
    if (!claims || !checkCsrf(req, res)) return;
    if (endpoint === 'keyviz/hotkeys' && claims.role !== 'full') {
      return sendError(res, 403, 'forbidden', 'this endpoint requires admin.full_access_keys membership');
    }
    if (req.method !== 'GET') return sendError(res, 405, 'method_not_allowed', 'only GET');
    switch (endpoint) {
      case 'cluster': return this.cluster(res);
      case 'keyviz/matrix': return this.matrix(url, res);
      default:
        // Hot keys arrive with a later issue; until then this node behaves like one started
        // without --keyvizHotKeysEnabled.
        return sendError(res, 503, 'hotkeys_disabled', 'hot-key sampling is not enabled on this node');
    }
  }

  private matrix(url: URL, res: ServerResponse): void {
    const parsed = parseMatrixParams(url.searchParams);
    if (!parsed.ok) return sendError(res, 400, 'invalid_query', parsed.message);
    // X-Admin-Fanout-Peer is accepted and changes nothing: this node has no fan-out configured.
    const now = this.auth.now();
    const local = buildLocalMatrix(this.shared.model, this.index, now, this.shared.history, parsed.params);
    sendJSON(res, 200, { ...local, generated_at: rfc3339(now) });
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

