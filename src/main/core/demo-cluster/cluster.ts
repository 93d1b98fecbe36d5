// A simulated elastickv cluster: N nodes on loopback sharing one session signing key and one
// traffic model. Used in-process by tests, benchmarks and the app's Demo cluster, and by the
// `keyviz-inspector demo-cluster` command.
import { randomBytes } from 'node:crypto';
import type { Credential } from './auth';
import { buildKeyspace } from './keyspace';
import { type ClusterShared, DemoNode } from './node';
import { TrafficModel } from './traffic';

/** The documented demo credentials: fixed on purpose, not secrets. */
export const DEMO_ACCESS_KEY = 'keyviz-demo';
export const DEMO_SECRET_KEY = 'keyviz-demo-secret';

export const DEMO_DEFAULTS = {
  nodes: 3,
  seed: 1,
  stepMs: 60_000,
  history: 1440,
  routes: 48,
} as const;
export const MAX_HISTORY = 100_000;
export const MAX_NODES = 64;

export interface DemoClusterOptions {
  nodes?: number;
  /** Node i listens on port + i; 0 or absent = ephemeral ports. */
  port?: number;
  host?: string;
  accessKey?: string;
  secretKey?: string;
  seed?: number;
  /** Column width (the sampler's --keyvizStep). */
  stepMs?: number;
  /** Columns each node keeps (--keyvizHistoryColumns). */
  history?: number;
  /** Individual routes in the key space (cold ranges come on top as aggregates). */
  routes?: number;
  /** Raft groups (default: two per node, at most 8). */
  groups?: number;
  /** Spread of the nodes' flush times; 0 aligns every node on the same millisecond. */
  jitterMs?: number;
  /** Set the cookies' Secure attribute (elastickv's default); false = --adminAllowInsecureDevCookie. */
  secureCookies?: boolean;
  /** Injectable clock (ms since the epoch) for sessions, rate limits and the ring buffer. */
  clock?: () => number;
  log?: (line: string) => void;
}

export class DemoClusterConfigError extends Error {}

function checkInt(name: string, v: number, min: number, max: number): number {
  if (!Number.isSafeInteger(v) || v < min || v > max) {
    throw new DemoClusterConfigError(`${name} must be a whole number from ${min} to ${max} (got ${v})`);
  }
  return v;
}

export interface ReadyInfo {
  nodes: string[];
  access_key: string;
  secret_key: string;
}

export class DemoCluster {
  private constructor(
    readonly nodes: readonly DemoNode[],
    readonly accessKey: string,
    readonly secretKey: string,
    readonly options: Readonly<Required<Omit<DemoClusterOptions, 'clock' | 'log' | 'port' | 'host'>>>,
  ) {}

  static async start(opts: DemoClusterOptions = {}): Promise<DemoCluster> {
    const n = checkInt('nodes', opts.nodes ?? DEMO_DEFAULTS.nodes, 1, MAX_NODES);
    const stepMs = checkInt('step-ms', opts.stepMs ?? DEMO_DEFAULTS.stepMs, 100, 86_400_000);
    const history = checkInt('history', opts.history ?? DEMO_DEFAULTS.history, 1, MAX_HISTORY);
    const routes = checkInt('routes', opts.routes ?? DEMO_DEFAULTS.routes, 1, 100_000);
    const groups = checkInt('groups', opts.groups ?? Math.min(8, 2 * n), 1, 1024);
    const seed = checkInt('seed', opts.seed ?? DEMO_DEFAULTS.seed, 0, 0xffffffff);
    const jitterMs = checkInt('jitter-ms', opts.jitterMs ?? Math.min(800, Math.floor(stepMs / 4)), 0, stepMs);
    const basePort = opts.port ?? 0;
    if (basePort !== 0) checkInt('port', basePort, 1, 65536 - n);
    const accessKey = (opts.accessKey ?? DEMO_ACCESS_KEY).trim();
    const secretKey = opts.secretKey ?? DEMO_SECRET_KEY;
    if (!accessKey || !secretKey) throw new DemoClusterConfigError('access key and secret key must not be empty');
    const secureCookies = opts.secureCookies ?? true;
    const clock = opts.clock ?? Date.now;
    const log = opts.log ?? (() => {});

    const model = new TrafficModel(buildKeyspace({ seed, routes, groups }), { seed, nodes: n, stepMs, jitterMs, memoColumns: history });
    // One 64-byte signing key for the whole cluster, like --adminSessionSigningKey on every node.
    const signingKey = randomBytes(64);
    const credentials = new Map<string, Credential>([[accessKey, { secret: secretKey, role: 'full' }]]);
    const shared: ClusterShared = {
      model,
      history,
      nodeIds: Array.from({ length: n }, (_, i) => `n${i + 1}`),
      auth: { credentials, signingKeys: () => [signingKey], secureCookies, now: clock },
      log,
    };
    const host = opts.host ?? '127.0.0.1';
    const nodes = Array.from({ length: n }, (_, i) => new DemoNode(i, shared, host));
    const cluster = new DemoCluster(nodes, accessKey, secretKey,
      { nodes: n, stepMs, history, routes, groups, seed, jitterMs, secureCookies, accessKey, secretKey });
    try {
      for (const node of nodes) await node.listen(basePort === 0 ? 0 : basePort + node.index);
    } catch (err) {
      await cluster.stop();
      throw err;
    }
    log(`demo-cluster: ${n} node(s) listening on ${host}; seed ${seed}, step ${stepMs} ms, history ${history} columns`);
    return cluster;
  }

  get urls(): string[] {
    return this.nodes.map((node) => node.url);
  }

  node(i: number): DemoNode {
    const node = this.nodes[i];
    if (!node) throw new RangeError(`no node ${i}: this cluster has nodes 0 to ${this.nodes.length - 1}`);
    return node;
  }

  ready(): ReadyInfo {
    return { nodes: this.urls, access_key: this.accessKey, secret_key: this.secretKey };
  }

  /** The single line the CLI prints once every node listens. */
  readyLine(): string {
    return JSON.stringify(this.ready());
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((node) => node.close()));
  }
}

export const startDemoCluster = (opts?: DemoClusterOptions): Promise<DemoCluster> => DemoCluster.start(opts);
