// `keyviz-inspector balance`: which node carries the traffic, per time window, and what moving a
// Raft group's leadership would change, from each node's own answer (asked now, or saved files).
import { type Balance, balanceJson, BalanceInputError, computeBalance, IMBALANCE_DEFINITION, roundBalance, roundFailed } from '../../main/core/balance';
import type { FanoutResult } from '../../main/core/fanout';
import { identityFromClusterInfo } from '../../main/core/fanout/identity';
import { MatrixInputError } from '../../main/core/merge';
import { clusterInfoSchema, type Series } from '../../shared/elastickv/wire';
import { errorText } from '../../shared/error-text';
import type { NodeIdentity } from '../../shared/identity';
import { MAX_CLUSTER_BYTES, MAX_NODES } from '../../shared/limits';
import { missingText } from '../../shared/missing';
import { rfc3339 } from '../../shared/time';
import { parseFlags, seriesFlag, UsageError } from '../args';
import { CLUSTER_FLAGS, CLUSTER_FLAGS_HELP, clusterFromFlags } from '../cluster-flags';
import type { Command, CommandIO } from '../command';
import { readInputText, readMatrixFiles } from '../matrix-files';
import { printNodeTable } from '../node-table';

const HELP = `Usage: keyviz-inspector balance --node URL [--node URL ...] --access-key K
         (--secret-key-env VAR | --secret-key-file F) [flags]
       keyviz-inspector balance [--series S] [--cluster FILE ...] FILE...

Which node carries the cluster's traffic. From each node's own KeyViz matrix
(asked now, or one FILE per node as 'merge' reads them) and, when known, its
GET /cluster: each node's total and share, the Raft groups it leads and the
traffic it counted per group; the same per time window (the merge's aligned
slots); and the best one or two leadership moves by the window's traffic.
Prints one JSON document on stdout (docs/balance.md), a summary on stderr.

${IMBALANCE_DEFINITION}.
A move is an estimate (what nA counted of group G is taken to land on nB);
nothing is ever moved.

Asking the nodes: the flags below, as for 'snapshot' (GET /cluster is asked too).
${CLUSTER_FLAGS_HELP}

From files: FILE... in the nodes' order, each one node's answer to
/admin/api/v1/keyviz/matrix asked with X-Admin-Fanout-Peer: 1.
  --cluster FILE        that node's GET /admin/api/v1/cluster answer; repeat it
                        once per FILE, in the same order (or give none)
  --series S            the series the files must hold (default: theirs)

  -h, --help            show this help

Exit status: 0 figures printed, 3 some nodes did not answer (figures for the
ones that did), 1 none did or the login failed, 2 bad usage or a bad file.
`;

/** Cluster flags that only make sense when asking the nodes. */
const ASKING = Object.keys(CLUSTER_FLAGS).filter((k) => k !== 'series');

/** Parse warnings printed (the rest counted). */
const WARNINGS_SHOWN = 10;

const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;
const fig = (v: number | null): string => (v === null ? '-' : v.toFixed(2));

/** A few lines a person reads: the figures, the best move, what to know. */
function summary(b: Balance, io: CommandIO): void {
  const names = b.nodes.map((n) => n.node);
  const n = b.nodes.length;
  io.err(`${b.series}: ${n} node(s), ${b.total} in all; imbalance ${fig(b.imbalance)}`
    + `${b.busiest === null ? ' (no traffic)' : ` (busiest: ${names[b.busiest]}; 1 = even, ${n} = one node carries all)`}\n`);
  const width = Math.max(...names.map((x) => x.length));
  for (const node of b.nodes) {
    io.err(`  ${node.node.padEnd(width)}  ${(node.nodeId ?? '?').padEnd(6)}  ${String(node.total).padStart(12)}  ${pct(node.share).padStart(6)}`
      + `  leads ${node.leads === null ? '(unknown)' : node.leads.length ? node.leads.join(',') : 'none'}\n`);
  }
  if (b.whatIf.length === 0 && b.imbalance !== null) io.err('no leadership move would lower the imbalance\n');
  for (const m of b.whatIf) {
    io.err(`move (an estimate): group ${m.groupId}'s leadership from ${names[m.from]} to ${names[m.to]}: `
      + `imbalance ${fig(m.imbalanceBefore)} -> ${fig(m.imbalanceAfter)} (${m.moved} ${b.series} move with it)\n`);
  }
  for (const note of b.notes) io.err(`note: ${note}\n`);
}

/** A saved GET /cluster answer, checked by the wire schema. */
async function readClusterFile(file: string, node: string): Promise<NodeIdentity> {
  const text = await readInputText(file, MAX_CLUSTER_BYTES);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new MatrixInputError(file, `not valid JSON (${errorText(err)})`);
  }
  const info = clusterInfoSchema.safeParse(json);
  if (!info.success) throw new MatrixInputError(file, 'not a GET /admin/api/v1/cluster answer ({node_id, version, timestamp, groups})');
  return identityFromClusterInfo(node, info.data);
}

async function fromFiles(files: string[], clusterFiles: string[], series: Series | undefined, io: CommandIO): Promise<number> {
  if (files.length > MAX_NODES) throw new UsageError(`${files.length} files: a balance weighs at most ${MAX_NODES} nodes`);
  if (clusterFiles.length > 0 && clusterFiles.length !== files.length) {
    throw new UsageError(`${clusterFiles.length} --cluster file(s) for ${files.length} FILE(s): give one per FILE, in the same order, or none`);
  }
  try {
    const { inputs, warnings } = await readMatrixFiles(files, io.files?.matrixFileWorker);
    const identities = await Promise.all(clusterFiles.map((f, i) => readClusterFile(f, files[i]!)));
    const balance = computeBalance(inputs.map((matrix, i) => ({ node: files[i]!, matrix, identity: identities[i] ?? null })), { series });
    balanceJson(balance, (text) => io.out(text));
    io.out('\n');
    // A file can hold a big number in every cell: name a few, count the rest.
    for (const w of warnings.slice(0, WARNINGS_SHOWN)) io.err(`warning: ${w.message}\n`);
    if (warnings.length > WARNINGS_SHOWN) io.err(`warning: and ${warnings.length - WARNINGS_SHOWN} more like these\n`);
    summary(balance, io);
    return 0;
  } catch (err) {
    if (err instanceof MatrixInputError || err instanceof BalanceInputError) throw new UsageError(err.message);
    throw err;
  }
}

async function fromNodes(values: Parameters<typeof clusterFromFlags>[0], io: CommandIO): Promise<number> {
  const { client, query } = await clusterFromFlags(values, io.files?.parseWorker);
  let result: FanoutResult;
  try {
    result = await client.fetch(query);
  } finally {
    await client.close();
  }
  printNodeTable(io, result.nodes.map((n) => n.status), (s) => s.warnings.join('; '));
  for (const w of result.warnings) io.err(`warning: ${w}\n`);
  const line = `${result.outcome}: ${result.fanout.responded} of ${result.fanout.expected} node(s) answered`;
  if (result.outcome === 'failed') {
    for (const l of result.login.filter((a) => !a.ok)) io.err(`login ${l.node.input}: ${'error' in l ? l.error : ''}\n`);
    io.err(`${line}; no figures\n`);
    return 1;
  }
  if (result.missing) io.err(`missing: ${missingText(result.missing, rfc3339)}\n`);
  const balance = roundBalance(result, query.series);
  if (!balance) {
    io.err(`${line}; no figures\n`);
    return 1;
  }
  const failed = roundFailed(result);
  balanceJson(balance, (text) => io.out(text), { outcome: result.outcome, failed });
  io.out('\n');
  summary(balance, io);
  io.err(`${line}${failed.length ? '; the figures are over the nodes that answered' : ''}\n`);
  return result.outcome === 'complete' ? 0 : 3;
}

export const balance: Command = {
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, {
      ...CLUSTER_FLAGS, cluster: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' },
    }, 'balance', true);
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    if (positionals.length === 0) {
      if (values.cluster?.length) throw new UsageError('--cluster goes with saved node answers: balance --cluster C FILE...');
      return fromNodes(values, io);
    }
    const asking = ASKING.filter((k) => values[k as keyof typeof values] !== undefined);
    if (asking.length > 0) {
      throw new UsageError(`--${asking[0]} asks the nodes, but FILEs were given: with saved answers only --series and --cluster apply`);
    }
    return fromFiles(positionals, values.cluster ?? [], seriesFlag(values.series), io);
  },
};
