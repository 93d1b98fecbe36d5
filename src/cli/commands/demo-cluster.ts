// `keyviz-inspector demo-cluster`: simulated elastickv nodes on loopback until a signal.
import {
  DEMO_ACCESS_KEY, DEMO_DEFAULTS, DEMO_SECRET_KEY, MAX_HISTORY, MAX_NODES, startDemoCluster,
} from '../../main/core/demo-cluster';
import { intFlag, parseFlags } from '../args';
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
  -h, --help        show this help
`;

export const demoCluster: Command = {
  name: 'demo-cluster',
  summary: 'run simulated elastickv nodes on 127.0.0.1 (the built-in Demo cluster)',
  help: HELP,
  async run(argv, io) {
    const { values } = parseFlags(argv, {
      nodes: { type: 'string' }, port: { type: 'string' }, 'access-key': { type: 'string' },
      'secret-key': { type: 'string' }, seed: { type: 'string' }, 'step-ms': { type: 'string' },
      history: { type: 'string' }, routes: { type: 'string' }, 'jitter-ms': { type: 'string' },
      'insecure-cookies': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    }, 'demo-cluster');
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    const cluster = await startDemoCluster({
      nodes: intFlag('nodes', values.nodes, 1, MAX_NODES),
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
    });
    io.out(`${cluster.readyLine()}\n`);
    io.err(`demo-cluster: log in at any node with the access key and secret above; Ctrl-C stops\n`);
    const signal = await io.waitForSignal();
    io.err(`demo-cluster: ${signal}: closing ${cluster.nodes.length} node(s)\n`);
    await cluster.stop();
    return 0;
  },
};
