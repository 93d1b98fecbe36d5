// `keyviz-inspector snapshot`: fan out to the nodes, merge, and write a snapshot file.
import { readFileSync } from 'node:fs';
import { version } from '../../../package.json';
import { ClusterClient, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_TOTAL_BYTES, DEFAULT_TIMEOUT_MS, type FanoutResult, NodeAddressError } from '../../main/core/fanout';
import { findProfile, loadStore, ProfileStoreError, profilesPath } from '../../main/core/profiles';
import { snapshotChunks, writeSnapshotFile } from '../../main/core/snapshot';
import type { Profile } from '../../shared/profiles';
import { seriesSchema } from '../../shared/elastickv/wire';
import { intFlag, parseFlags, UsageError } from '../args';
import { readSecret } from '../secret';
import type { Command, CommandIO } from '../command';

const HELP = `Usage: keyviz-inspector snapshot --node URL [--node URL ...] --access-key K
         (--secret-key-env VAR | --secret-key-file F) [flags]

Log in once, ask every node for its local KeyViz matrix in parallel, merge them
with elastickv's rules (plus key order, aligned columns and coverage, unless
--compat) and write a snapshot (docs/snapshot-format.md) to --out or stdout.
A status line per node goes to stderr.

Nodes are host:port or http(s)://host:port, in priority order (the first one
that answers plays elastickv's "local").

The secret is never taken as a flag value (it would show in the process list and
shell history): give the name of an environment variable that holds it, or a file
(one trailing newline is ignored).

Flags:
  --node URL            a node's admin address (repeat for every node)
  --profile NAME        nodes, access key, timeout, body cap and TLS from a saved profile
  --profiles-file F     the profile store (default: the app's; or $KEYVIZ_INSPECTOR_PROFILES)
  --access-key K        the admin access key
  --secret-key-env VAR  read the secret from environment variable VAR
  --secret-key-file F   read the secret from file F
  --series S            reads, writes, read_bytes or write_bytes (default writes)
  --rows N              rows each node returns, 1 to 1024 (default 1024)
  --from-ms T           only columns flushed at or after T (Unix ms)
  --to-ms T             only columns flushed before T (Unix ms)
  --timeout-ms MS       one deadline for the whole fan-out (default ${DEFAULT_TIMEOUT_MS})
  --max-body-bytes B    per-node answer cap, enforced while receiving (default ${DEFAULT_MAX_BODY_BYTES})
  --max-total-bytes B   cap on all answers together (default ${DEFAULT_MAX_TOTAL_BYTES})
  --ca-file F           trust this CA (PEM) for https:// nodes, besides the system's
  --pin-sha256 FP       trust the https:// node certificate with this SHA-256 fingerprint
  --compat              elastickv's exact merge: no shaping, warnings or coverage
  --out FILE            write here, atomically (gzip when FILE ends in .gz or .kvsnap)
  -h, --help            show this help

Exit status: 0 every node answered, 3 some did (the snapshot is still written),
1 none did or the login failed, 2 bad usage.
`;

/** A saved profile by name (the Demo cluster runs inside the app, not here). */
async function profileFor(name: string, file: string | undefined): Promise<Profile> {
  let store;
  try {
    store = (await loadStore(profilesPath(file))).store;
  } catch (err) {
    if (err instanceof ProfileStoreError) throw new UsageError(err.message);
    throw err;
  }
  const p = findProfile(store, name);
  if (!p) throw new UsageError(`no profile named "${name}" (see 'keyviz-inspector profiles list')`);
  if (p.id === 'demo') throw new UsageError("the Demo cluster runs inside the app; run 'keyviz-inspector demo-cluster' and pass its nodes with --node");
  return p;
}

const mib = (n: number): string => `${(n / 1048576).toFixed(1)} MiB`;

function statusTable(r: FanoutResult, io: CommandIO): void {
  const width = Math.max(4, ...r.nodes.map((n) => n.status.node.length));
  io.err(`${'node'.padEnd(width)}  status  http  time      bytes      detail\n`);
  for (const { status: s } of r.nodes) {
    const bytes = s.bytes >= 1048576 ? mib(s.bytes) : `${s.bytes} B`;
    io.err(`${s.node.padEnd(width)}  ${(s.ok ? 'ok' : 'FAILED').padEnd(6)}  ${String(s.status_code ?? '-').padEnd(4)}  `
      + `${`${s.elapsed_ms} ms`.padEnd(8)}  ${bytes.padEnd(9)}  ${s.error ?? s.warnings.join('; ')}\n`);
  }
  for (const w of r.warnings) io.err(`warning: ${w}\n`);
}

export const snapshot: Command = {
  name: 'snapshot',
  summary: 'fan out to the nodes, merge, and write a snapshot file',
  help: HELP,
  async run(argv, io) {
    const rssAtStart = process.memoryUsage().rss;
    const { values } = parseFlags(argv, {
      node: { type: 'string', multiple: true }, 'access-key': { type: 'string' }, 'secret-key-env': { type: 'string' },
      'secret-key-file': { type: 'string' }, 'secret-key': { type: 'string' }, series: { type: 'string' }, rows: { type: 'string' },
      'from-ms': { type: 'string' }, 'to-ms': { type: 'string' }, 'timeout-ms': { type: 'string' }, 'max-body-bytes': { type: 'string' },
      'max-total-bytes': { type: 'string' }, 'ca-file': { type: 'string' }, 'pin-sha256': { type: 'string' },
      compat: { type: 'boolean' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' },
      profile: { type: 'string' }, 'profiles-file': { type: 'string' },
    }, 'snapshot');
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    if (values['secret-key'] !== undefined) {
      throw new UsageError('the secret is never taken as a flag value (it would show in the process list and shell history); '
        + 'use --secret-key-env VAR or --secret-key-file F');
    }
    const profile = values.profile === undefined ? null : await profileFor(values.profile, values['profiles-file']);
    if (profile && values.node?.length) throw new UsageError('give either --profile or --node, not both');
    const nodes = profile ? profile.nodes : values.node ?? [];
    if (!nodes.length) throw new UsageError('no --node given: name every node of the cluster, e.g. --node 10.0.0.1:8080 (or --profile NAME)');
    const accessKey = values['access-key']?.trim() || profile?.accessKey;
    if (!accessKey) throw new UsageError('--access-key is required');
    const secret = readSecret(values['secret-key-env'], values['secret-key-file']);
    const series = values.series === undefined ? 'writes' : seriesSchema.safeParse(values.series).data;
    if (!series) throw new UsageError(`--series must be one of reads, writes, read_bytes, write_bytes (got '${values.series}')`);
    const rows = intFlag('rows', values.rows, 1, 1024) ?? 1024;
    const fromMs = intFlag('from-ms', values['from-ms'], -(2 ** 53), 2 ** 53) ?? null;
    const toMs = intFlag('to-ms', values['to-ms'], -(2 ** 53), 2 ** 53) ?? null;
    const compat = values.compat ?? false;
    let ca: string | undefined;
    const caFile = values['ca-file'] ?? profile?.tls.caFile;
    if (caFile !== undefined) {
      try {
        ca = readFileSync(caFile, 'utf8');
      } catch (err) {
        throw new UsageError(`cannot read the CA file ${caFile} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
      }
    }

    let client: ClusterClient;
    try {
      client = new ClusterClient({
        nodes, accessKey, secret,
        timeoutMs: intFlag('timeout-ms', values['timeout-ms'], 1, 3_600_000) ?? profile?.timeoutMs,
        maxBodyBytes: intFlag('max-body-bytes', values['max-body-bytes'], 1, 2 ** 40) ?? profile?.maxBodyBytes,
        maxTotalBytes: intFlag('max-total-bytes', values['max-total-bytes'], 1, 2 ** 42),
        tls: { ca, pinSha256: values['pin-sha256'] ?? profile?.tls.pinSha256 },
        parseWorker: io.files?.parseWorker,
      });
    } catch (err) {
      if (err instanceof NodeAddressError || (err instanceof Error && /fingerprint/.test(err.message))) throw new UsageError(err.message);
      throw err;
    }
    const t0 = performance.now();
    let result: FanoutResult;
    try {
      result = await client.fetch({ series, rows, fromMs, toMs }, { compat });
    } finally {
      await client.close();
    }
    statusTable(result, io);
    const memory = (): void => io.err(`memory: ${mib(rssAtStart)} at start, peak ${mib(process.resourceUsage().maxRSS * 1024)}\n`);
    const ok = result.fanout.responded;
    const summary = `${result.outcome}: ${ok} of ${result.fanout.expected} node(s) answered in ${Math.round(performance.now() - t0)} ms`;
    if (result.outcome === 'failed') {
      for (const l of result.login.filter((a) => !a.ok)) io.err(`login ${l.node.input}: ${'error' in l ? l.error : ''}\n`);
      io.err(`${summary}; no snapshot written\n`);
      memory();
      return 1;
    }
    const input = { result, request: { series, rows, fromMs, toMs, compat }, appVersion: version };
    if (values.out !== undefined) {
      const bytes = await writeSnapshotFile(values.out, input);
      io.err(`${summary}; snapshot written to ${values.out} (${mib(bytes)})\n`);
    } else {
      for (const chunk of snapshotChunks(input)) io.out(chunk);
      io.err(`${summary}\n`);
    }
    memory();
    return result.outcome === 'complete' ? 0 : 3;
  },
};
