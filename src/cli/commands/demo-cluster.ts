// `keyviz-inspector demo-cluster`: simulated elastickv nodes on loopback until a signal.
import {
  DEMO_ACCESS_KEY, DEMO_DEFAULTS, DEMO_SECRET_KEY, DemoClusterConfigError, FAULT_HELP, FaultSpecError, HOTKEYS_MODES, type HotKeysMode,
  type KeyPair, MAX_HISTORY, MAX_NODES, parseNodeFault, startDemoCluster,
} from '../../demo-cluster';
import { intFlag, parseFlags, UsageError } from '../args';
import type { Command } from '../command';

const HELP = `Usage: keyviz-inspector demo-cluster [flags]

Start simulated elastickv nodes on 127.0.0.1, each its own admin HTTP server
(login, session cookies, KeyViz matrix, cluster overview). When every node
listens, prints one JSON line on stdout and nothing else there:
  {"nodes":["http://127.0.0.1:PORT",...],"access_key":"...","secret_key":"..."}
Logs go to stderr. Stops cleanly on Ctrl-C (SIGINT) or SIGTERM.

Flags:
  --nodes N         number of nodes (default ${DEMO_DEFAULTS.nodes}, at most ${MAX_NODES})
  --port P          node i listens on P+i (default: ephemeral ports)
  --access-key K    access key to accept (default ${DEMO_ACCESS_KEY})
  --secret-key S    its secret (default ${DEMO_SECRET_KEY}; demo credentials are not secrets)
  --seed S          traffic seed: one seed, one cluster (default ${DEMO_DEFAULTS.seed})
  --step-ms MS      column width in ms (default ${DEMO_DEFAULTS.stepMs}; 1000 for a lively demo)
  --history N       columns each node keeps (default ${DEMO_DEFAULTS.history}, at most ${MAX_HISTORY})
  --routes N        individual routes in the key space (default ${DEMO_DEFAULTS.routes})
  --jitter-ms MS    spread of the nodes' flush times (default min(800, step/4); 0 = aligned)
  --insecure-cookies  leave Secure off the session cookies (elastickv's --adminAllowInsecureDevCookie)

Misbehaving nodes (I = a node's 0-based position in the ready line; each flag repeatable):
  --fault I:KIND[:ARG]   give node I a fault: ${FAULT_HELP}
                         latency, hang and reset hit every request to the node; status, garbage,
                         invalid, huge and redirect replace its KeyViz answers (after the session
                         check); down stops listening (its port stays in the ready line)
  --fanout-node I        node I fans out like elastickv with --keyvizFanoutNodes listing every
                         node: without X-Admin-Fanout-Peer it answers the merged cluster matrix
                         with a "fanout" block; with the header, its local matrix
  --fanout-timeout-ms MS that fan-out's shared deadline (default 2000)
  --no-keyviz I          node I runs without KeyViz: 503 keyviz_disabled
  --hotkeys I:MODE       node I's hot keys: on (default), off (503 hotkeys_disabled, as without
                         --keyvizHotKeysEnabled) or no-snapshot (404 no_snapshot, nothing flushed yet)
  --read-only-key AK:SK  also accept this key, with role read_only
  --unauthorised-key AK:SK  a valid key in neither admin role list (login answers 403)
  --own-signing-key I    node I signs sessions with its own key: cookies from other nodes
                         get 401 there until you log in on node I
  -h, --help        show this help
`;

function keyPairs(flag: string, values: string[] | undefined): KeyPair[] {
  return (values ?? []).map((v) => {
    const colon = v.indexOf(':');
    if (colon <= 0 || colon === v.length - 1) throw new UsageError(`--${flag} takes ACCESS_KEY:SECRET_KEY (got '${v}')`);
    return { accessKey: v.slice(0, colon), secretKey: v.slice(colon + 1) };
  });
}

function nodeIndexes(flag: string, values: string[] | undefined, nodes: number): number[] {
  return (values ?? []).map((v) => intFlag(flag, v, 0, nodes - 1)!);
}

export const demoCluster: Command = {
  help: HELP,
  async run(argv, io) {
    const { values } = parseFlags(argv, {
      nodes: { type: 'string' }, port: { type: 'string' }, 'access-key': { type: 'string' },
      'secret-key': { type: 'string' }, seed: { type: 'string' }, 'step-ms': { type: 'string' },
      history: { type: 'string' }, routes: { type: 'string' }, 'jitter-ms': { type: 'string' },
      'insecure-cookies': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      fault: { type: 'string', multiple: true }, 'fanout-node': { type: 'string', multiple: true },
      'fanout-timeout-ms': { type: 'string' }, 'no-keyviz': { type: 'string', multiple: true },
      'read-only-key': { type: 'string', multiple: true }, 'unauthorised-key': { type: 'string', multiple: true },
      'own-signing-key': { type: 'string', multiple: true }, hotkeys: { type: 'string', multiple: true },
    }, 'demo-cluster');
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    const nodes = intFlag('nodes', values.nodes, 1, MAX_NODES) ?? DEMO_DEFAULTS.nodes;
    let faults;
    try {
      faults = (values.fault ?? []).map((spec) => parseNodeFault(spec, nodes));
    } catch (err) {
      throw new UsageError(err instanceof FaultSpecError ? err.message : String(err));
    }
    // A bad setting is bad usage (exit 2), said as the demo cluster words it.
    const cluster = await startDemoCluster({
      nodes,
      faults,
      fanoutNodes: nodeIndexes('fanout-node', values['fanout-node'], nodes),
      fanoutTimeoutMs: intFlag('fanout-timeout-ms', values['fanout-timeout-ms'], 1, 600_000),
      keyvizDisabled: nodeIndexes('no-keyviz', values['no-keyviz'], nodes),
      readOnlyKeys: keyPairs('read-only-key', values['read-only-key']),
      unauthorisedKeys: keyPairs('unauthorised-key', values['unauthorised-key']),
      ownSigningKeys: nodeIndexes('own-signing-key', values['own-signing-key'], nodes),
      hotKeys: (values.hotkeys ?? []).map((v) => {
        const [i, mode] = v.split(':');
        if (!HOTKEYS_MODES.includes(mode as HotKeysMode)) throw new UsageError(`--hotkeys takes I:MODE with MODE on, off or no-snapshot (got '${v}')`);
        return { node: intFlag('hotkeys', i, 0, nodes - 1)!, mode: mode as HotKeysMode };
      }),
      port: intFlag('port', values.port, 1, 65535),
      accessKey: values['access-key'],
      secretKey: values['secret-key'],
      seed: intFlag('seed', values.seed, 0, 0xffffffff),
      stepMs: intFlag('step-ms', values['step-ms'], 100, 86_400_000),
      history: intFlag('history', values.history, 1, MAX_HISTORY),
      routes: intFlag('routes', values.routes, 1, 100_000),
      jitterMs: intFlag('jitter-ms', values['jitter-ms'], 0, 86_400_000),
      secureCookies: !values['insecure-cookies'],
      log: io.err,
    }).catch((err: unknown) => {
      throw err instanceof DemoClusterConfigError ? new UsageError(err.message) : err;
    });
    io.out(`${cluster.readyLine()}\n`);
    const mib = (bytes: number): string => `${(bytes / 1048576).toFixed(1)} MiB`;
    io.err(`demo-cluster: ready (memory ${mib(process.memoryUsage().rss)}); log in at any node with the access key `
      + `and secret above; Ctrl-C stops\n`);
    const signal = await io.waitForSignal();
    // Peak memory makes "huge answers are streamed, not buffered" checkable from outside.
    io.err(`demo-cluster: ${signal}: closing ${cluster.nodes.length} node(s) (peak memory ${mib(process.resourceUsage().maxRSS * 1024)})\n`);
    await cluster.stop();
    return 0;
  },
};
