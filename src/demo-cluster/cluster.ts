// A simulated elastickv cluster: N nodes on loopback sharing one session signing key and one
// traffic model. Used in-process by tests, benchmarks and the app's Demo cluster, and by the
// `keyviz-inspector demo-cluster` command.
import { randomBytes } from 'node:crypto';
import { Agent } from 'undici';
import type { Credential } from './auth';
import { DEFAULT_FANOUT_TIMEOUT_MS } from './fanout-server';
import { type Fault, FaultSpecError, parseFault } from './faults';
import { buildKeyspace } from './keyspace';
import { type ClusterShared, DemoNode, type DemoRequest, type HotKeysMode } from './node';
import { renderedCounts, RenderedCounts } from './rendered-counts';
import { MAX_RING_BYTES, TrafficModel } from './traffic';

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
  /** Faults in effect from the start, by node index (`--fault I:KIND[:ARG]`). */
  faults?: ReadonlyArray<{ node: number; fault: Fault | string }>;
  /** Nodes that fan out like elastickv with --keyvizFanoutNodes listing every node. */
  fanoutNodes?: readonly number[];
  /** Their shared per-request deadline (elastickv's --keyvizFanoutTimeout, 2 s). */
  fanoutTimeoutMs?: number;
  /** Nodes started without --keyvizEnabled: 503 keyviz_disabled. */
  keyvizDisabled?: readonly number[];
  /** Hot keys per node: on (default), off (without --keyvizHotKeysEnabled) or no snapshot yet. */
  hotKeys?: ReadonlyArray<{ node: number; mode: HotKeysMode }>;
  /** Extra access keys with the `read_only` role. */
  readOnlyKeys?: ReadonlyArray<KeyPair>;
  /** Valid credentials in neither admin role list: login answers 403. */
  unauthorisedKeys?: ReadonlyArray<KeyPair>;
  /** Nodes with their own session signing key instead of the cluster's shared one. */
  ownSigningKeys?: readonly number[];
  /** Told of every request a node receives, as it arrives (tests check what the client asked). */
  onRequest?: (request: DemoRequest) => void;
}

export interface KeyPair {
  accessKey: string;
  secretKey: string;
}

export class DemoClusterConfigError extends Error {}

function checkNodeList(name: string, list: readonly number[] | undefined, n: number): readonly number[] {
  for (const i of list ?? []) {
    if (!Number.isSafeInteger(i) || i < 0 || i >= n) {
      throw new DemoClusterConfigError(`${name}: there is no node ${i} (nodes are 0 to ${n - 1})`);
    }
  }
  return list ?? [];
}

function checkInt(name: string, v: number, min: number, max: number): number {
  if (!Number.isSafeInteger(v) || v < min || v > max) {
    throw new DemoClusterConfigError(`${name} must be a whole number from ${min} to ${max} (got ${v})`);
  }
  return v;
}

export interface ClusterSummary {
  nodes: number;
  stepMs: number;
  history: number;
  routes: number;
  groups: number;
  seed: number;
  jitterMs: number;
  secureCookies: boolean;
  fanoutTimeoutMs: number;
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
    readonly options: Readonly<ClusterSummary>,
    private readonly dispatcher: Agent,
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

    const fanoutNodes = checkNodeList('fanout node', opts.fanoutNodes, n);
    const keyvizDisabled = checkNodeList('KeyViz-disabled node', opts.keyvizDisabled, n);
    const ownSigningKeys = checkNodeList('own-signing-key node', opts.ownSigningKeys, n);
    const fanoutTimeoutMs = checkInt('fanout-timeout-ms', opts.fanoutTimeoutMs ?? DEFAULT_FANOUT_TIMEOUT_MS, 1, 600_000);
    const startFaults = (opts.faults ?? []).map(({ node, fault }) => {
      checkNodeList('fault', [node], n);
      try {
        return { node, fault: typeof fault === 'string' ? parseFault(fault) : fault };
      } catch (err) {
        throw new DemoClusterConfigError(err instanceof FaultSpecError ? err.message : String(err));
      }
    });

    const keyspace = buildKeyspace({ seed, routes, groups });
    // The ring, and what it keeps of its counts as text (RenderedCounts: answers copy rather than format them).
    const ringBytes = TrafficModel.ringBytes(keyspace.buckets.length, Math.max(...keyspace.groups), n, history)
      + RenderedCounts.bytes(keyspace.buckets.length, n, history);
    if (ringBytes > MAX_RING_BYTES) {
      throw new DemoClusterConfigError(`history × routes too large: ${history} columns of ${keyspace.buckets.length} buckets need `
        + `${Math.ceil(ringBytes / 2 ** 20)} MiB of ring, at most ${MAX_RING_BYTES / 2 ** 20} MiB; lower --history or --routes`);
    }
    const model = new TrafficModel(keyspace, { seed, nodes: n, stepMs, jitterMs, ringColumns: history });
    // Like a node that has been running a while: its ring is full before anyone asks (columns that
    // flush later are computed once, when first asked for).
    model.fillRing(clock());
    // ... and has answered before: a Demo's first answer copies text instead of formatting it in code V8 has not optimised yet.
    renderedCounts(model).prime();
    // One 64-byte signing key for the whole cluster, like --adminSessionSigningKey on every node.
    const signingKey = randomBytes(64);
    const credentials = new Map<string, Credential>([[accessKey, { secret: secretKey, role: 'full' }]]);
    const addKeys = (pairs: ReadonlyArray<KeyPair> | undefined, role: Credential['role']): void => {
      for (const { accessKey: ak, secretKey: sk } of pairs ?? []) {
        const key = ak.trim();
        if (!key || !sk) throw new DemoClusterConfigError('extra access keys need a non-empty key and secret (AK:SK)');
        if (credentials.has(key)) throw new DemoClusterConfigError(`access key '${key}' is configured twice`);
        credentials.set(key, { secret: sk, role });
      }
    };
    addKeys(opts.readOnlyKeys, 'read_only');
    addKeys(opts.unauthorisedKeys, null);
    const dispatcher = new Agent({ keepAliveTimeout: 1000 });
    const nodes: DemoNode[] = [];
    const shared: ClusterShared = {
      model,
      seed,
      history,
      nodeIds: Array.from({ length: n }, (_, i) => `n${i + 1}`),
      auth: { credentials, signingKeys: () => [signingKey], secureCookies, now: clock },
      // "--keyvizFanoutNodes listing all nodes", with self filtered out as elastickv does.
      peersOf: (index) => nodes.filter((x) => x.index !== index).map((x) => ({ name: x.listenAddress })),
      fanoutTimeoutMs,
      dispatcher,
      log,
      onRequest: opts.onRequest ?? (() => {}),
    };
    const host = opts.host ?? '127.0.0.1';
    for (let i = 0; i < n; i++) nodes.push(new DemoNode(i, shared, host));
    for (const i of fanoutNodes) nodes[i]!.settings.fanout = true;
    for (const i of keyvizDisabled) nodes[i]!.settings.keyviz = false;
    for (const { node, mode } of opts.hotKeys ?? []) {
      if (!nodes[node]) throw new DemoClusterConfigError(`--hotkeys: there is no node ${node} (nodes are 0 to ${n - 1})`);
      nodes[node]!.settings.hotKeys = mode;
    }
    for (const i of ownSigningKeys) nodes[i]!.useOwnSigningKey();
    const cluster = new DemoCluster(nodes, accessKey, secretKey,
      { nodes: n, stepMs, history, routes, groups, seed, jitterMs, secureCookies, fanoutTimeoutMs }, dispatcher);
    try {
      for (const node of nodes) await node.listen(basePort === 0 ? 0 : basePort + node.index);
      // After listening, so a node that starts `down` still has its port in the ready line.
      for (const { node, fault } of startFaults) await nodes[node]!.setFault(fault);
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

  /** Switch node i's hot keys while the cluster runs. */
  setHotKeys(i: number, mode: HotKeysMode): void {
    this.node(i).settings.hotKeys = mode;
  }

  /** Apply a fault to node i while the cluster runs (see `Fault`). */
  async setFault(i: number, fault: Fault | string): Promise<void> {
    await this.node(i).setFault(fault);
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((node) => node.close()));
    await this.dispatcher.destroy();
  }
}

export const startDemoCluster = (opts?: DemoClusterOptions): Promise<DemoCluster> => DemoCluster.start(opts);
