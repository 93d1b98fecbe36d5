// The tool's commands, listed without loading them: each command's code (and what it needs, such as
// the HTTP client or the demo cluster) is loaded only when it runs, so `merge` does not start up paying for
// `snapshot`'s dependencies.
import type { CommandEntry } from '../command';
import { startFileWorkers } from '../file-workers';

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'demo-cluster',
    summary: 'run simulated elastickv nodes on 127.0.0.1 (the built-in Demo cluster)',
    handlesSignals: true,
    load: async () => (await import('./demo-cluster')).demoCluster,
  },
  {
    name: 'merge',
    summary: 'merge node matrices from files with elastickv\'s rules (plus key order, aligned columns, coverage)',
    // The workers that decode the files start now, beside this thread loading the merge (about
    // as many as the FILEs: a flag's value may be counted, one worker too many at worst).
    prepare: (argv, io) => startFileWorkers(io.files?.matrixFileWorker, argv.filter((a) => !a.startsWith('-')).length),
    load: async () => (await import('./merge')).merge,
  },
  {
    name: 'snapshot',
    summary: 'fan out to the nodes, merge, and write a snapshot file',
    load: async () => (await import('./snapshot')).snapshot,
  },
  {
    name: 'capture',
    summary: 'record the cluster view every N into one file (per-node segments)',
    handlesSignals: true,
    load: async () => (await import('./capture')).capture,
  },
  {
    name: 'hotkeys',
    summary: "a route's hot keys over the cluster (JSON)",
    load: async () => (await import('./hotkeys')).hotkeys,
  },
  {
    name: 'info',
    summary: 'describe a snapshot or capture file',
    load: async () => (await import('./info')).info,
  },
  {
    name: 'balance',
    summary: 'which node carries the traffic: load share, imbalance per window, leadership what-if',
    load: async () => (await import('./balance')).balance,
  },
  {
    name: 'profiles',
    summary: 'list, show, export and import saved cluster profiles',
    load: async () => (await import('./profiles')).profiles,
  },
];
