// `keyviz-inspector snapshot`: fan out to the nodes, merge, and write a snapshot file.
import { version } from '../../../package.json';
import type { FanoutResult } from '../../main/core/fanout';
import { bodyMemory } from '../../main/core/fanout/node-fetch';
import { snapshotChunks, writeSnapshotFile } from '../../main/core/snapshot';
import { parseFlags, UsageError } from '../args';
import { CLUSTER_FLAGS, CLUSTER_FLAGS_HELP, clusterFromFlags } from '../cluster-flags';
import { printNodeTable } from '../node-table';
import { missingText } from '../../shared/missing';
import { rfc3339 } from '../../shared/time';
import { formatMib } from '../../shared/format';
import { KIB } from '../../shared/limits';
import type { Command, CommandIO } from '../command';

const HELP = `Usage: keyviz-inspector snapshot --node URL [--node URL ...] --access-key K
         (--secret-key-env VAR | --secret-key-file F) [flags]

Log in once, ask every node for its local KeyViz matrix in parallel, merge them
with elastickv's rules (plus key order, aligned columns and coverage, unless
--compat) and write a snapshot (docs/snapshot-format.md) to --out, or to stdout
when that is a file or a pipe (never a terminal). A status line per node goes
to stderr.

Nodes are host:port or http(s)://host:port, in priority order (the first one
that answers plays elastickv's "local").

The secret is never taken as a flag value (it would show in the process list and
shell history): give the name of an environment variable that holds it, or a file
(one trailing newline is ignored).

Flags:
${CLUSTER_FLAGS_HELP}
  --compat              elastickv's exact merge: no shaping, warnings or coverage
  --out FILE            write here, atomically (gzip when FILE ends in .gz or .kvsnap)
  -h, --help            show this help

Exit status: 0 every node answered, 3 some did (the snapshot is still written),
1 none did or the login failed, 2 bad usage.
`;


function statusTable(r: FanoutResult, io: CommandIO): void {
  printNodeTable(io, r.nodes.map((n) => n.status), (s) => s.warnings.join('; '));
  for (const w of r.warnings) io.err(`warning: ${w}\n`);
}

export const snapshot: Command = {
  help: HELP,
  async run(argv, io) {
    const rssAtStart = process.memoryUsage().rss;
    const { values } = parseFlags(argv, {
      ...CLUSTER_FLAGS, compat: { type: 'boolean' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    }, 'snapshot');
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    // As gzip does: megabytes of JSON on a terminal help nobody (and can scroll away the status lines).
    if (values.out === undefined && io.stdoutIsTerminal) {
      throw new UsageError('a snapshot is not written to a terminal (it is megabytes of JSON): '
        + 'give --out FILE (e.g. --out cluster.kvsnap) or pipe stdout to a file or a program');
    }
    const { client, query, profile, checkLogin } = await clusterFromFlags(values, io.files?.parseWorker);
    const { series, rows, fromMs, toMs } = query;
    const compat = values.compat ?? false;
    const t0 = performance.now();
    let result: FanoutResult;
    try {
      result = await client.fetch(query, { compat });
    } finally {
      await client.close();
    }
    checkLogin(result.login, 'no snapshot written');
    statusTable(result, io);
    const memory = (): void => io.err(`memory: ${formatMib(rssAtStart)} at start, peak ${formatMib(process.resourceUsage().maxRSS * KIB)}; `
      + `answer bodies held at most ${formatMib(bodyMemory.peak)}\n`);
    const ok = result.fanout.responded;
    const summary = `${result.outcome}: ${ok} of ${result.fanout.expected} node(s) answered in ${Math.round(performance.now() - t0)} ms`;
    if (result.missing && result.outcome !== 'failed') io.err(`missing: ${missingText(result.missing, rfc3339)}\n`);
    if (result.outcome === 'failed') {
      io.err(`${summary}; no snapshot written\n`);
      memory();
      return 1;
    }
    // Made with a profile: named after it, as the app's export and a capture are.
    const input = { result, request: { series, rows, fromMs, toMs, compat }, appVersion: version, ...(profile ? { label: profile.name } : {}) };
    if (values.out !== undefined) {
      const bytes = await writeSnapshotFile(values.out, input);
      io.err(`${summary}; snapshot written to ${values.out} (${formatMib(bytes)})\n`);
    } else {
      for (const chunk of snapshotChunks(input)) io.out(chunk);
      io.err(`${summary}\n`);
    }
    memory();
    return result.outcome === 'complete' ? 0 : 3;
  },
};
