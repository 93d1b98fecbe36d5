// `keyviz-inspector hotkeys`: a route's hot keys over the cluster, merged as elastickv merges them.
import { parseBucketId } from '../../shared/elastickv/wire';
import { intFlag, parseFlags, UsageError } from '../args';
import { CLUSTER_FLAGS, CLUSTER_FLAGS_HELP, clusterFromFlags } from '../cluster-flags';
import type { Command, CommandIO } from '../command';
import { type KeyInfo, keyInfo } from '../../shared/elastickv/key-text';
import { describeKey } from '../../shared/elastickv/internal-key';
import { keyText } from '../../shared/keys';
import { printNodeTable } from '../node-table';
import { DEFAULT_HOTKEYS_TOP, MAX_HOTKEYS_TOP } from '../../shared/limits';

const HELP = `Usage: keyviz-inspector hotkeys --bucket BUCKET_ID [--top N]
         (--profile NAME | --node URL ... --access-key K) (--secret-key-env VAR | --secret-key-file F)

Ask every node for the hot keys of one route (its latest sketch window, about one
step), merge them as elastickv does (counts summed per key, ties by key), and
print the result as JSON on stdout: the merged answer plus "nodes" (each node's
status) and "split" (each key's count on every node, in node order). Every key
carries "key_b64" (its exact bytes, elastickv's internal key) and "key_text"
(the whole internal key as text, never null: UTF-8 with control and invisible
characters as \\uXXXX escapes, or 0x + hex when it is not UTF-8), "user_key"
(the user key behind elastickv's internal layout, as text, or null when it is
not printable) and "kind" / "kind_label" (e.g. redis_string / Redis string;
null for an unknown layout). A status line per node and a table of the keys
(count, kind, user_key) go to stderr. Hot keys need a full-access key and the
writes series; aggregate (virtual:) rows have none.

Flags:
  --bucket ID           the row: route:ID, route:ID:LABEL, route:ID#SUB or route:ID:LABEL#SUB
  --top N               keys to keep after the merge (default ${DEFAULT_HOTKEYS_TOP}, at most ${MAX_HOTKEYS_TOP})
${CLUSTER_FLAGS_HELP.split('\n').filter((l) => !/^ {2}--(series|rows|from-ms|to-ms) /.test(l)).join('\n')}
  -h, --help            show this help

Exit status: 0 every node answered, 3 some did, 1 none did or the login failed,
2 bad usage.
`;

/** The keys as a table on stderr: count, kind, and the user key (hex when it is not printable text). */
function printKeyTable(io: CommandIO, keys: ReadonlyArray<{ key_b64: string; count: number } & KeyInfo>): void {
  if (keys.length === 0) return;
  const width = Math.max(5, ...keys.map((k) => String(k.count).length));
  const kinds = Math.max(4, ...keys.map((k) => (k.kind_label ?? '').length));
  io.err(`${'count'.padStart(width)}  ${'kind'.padEnd(kinds)}  user_key\n`);
  for (const k of keys) {
    // printable text only (no control characters reach the terminal); anything else as hex.
    io.err(`${String(k.count).padStart(width)}  ${(k.kind_label ?? '').padEnd(kinds)}  ${k.user_key ?? describeKey(k.key_b64).text}\n`);
  }
}

export const hotkeys: Command = {
  help: HELP,
  async run(argv, io) {
    const { values } = parseFlags(argv, {
      ...CLUSTER_FLAGS, bucket: { type: 'string' }, top: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    }, 'hotkeys');
    if (values.help) { io.out(HELP); return 0; }
    if (!values.bucket) throw new UsageError('--bucket BUCKET_ID is required (a row of the heatmap, e.g. route:7:redis)');
    const id = parseBucketId(values.bucket);
    if (!id) throw new UsageError(`'${values.bucket}' is not a bucket id (route:ID[:LABEL][#SUB])`);
    if (id.kind === 'virtual') throw new UsageError(`${values.bucket} is an aggregate of cold routes: elastickv keeps hot keys per route only`);
    if (values.series !== undefined && values.series !== 'writes') throw new UsageError('hot keys are sampled for writes only (elastickv v1): drop --series');
    for (const flag of ['from-ms', 'to-ms', 'rows'] as const) {
      if (values[flag] !== undefined) throw new UsageError(`--${flag} does not apply: nodes keep hot keys only for their latest window (about one step)`);
    }
    const top = intFlag('top', values.top, 1, MAX_HOTKEYS_TOP) ?? DEFAULT_HOTKEYS_TOP;
    const { client, checkLogin } = await clusterFromFlags({ ...values, series: 'writes' }, io.files?.parseWorker);
    try {
      for (const w of client.warnings) io.err(`warning: ${w}`);
      const r = await client.hotKeys({ routeId: id.routeId, label: id.label, subBucket: id.subBucket }, top);
      checkLogin(r.login, 'no hot keys asked');
      printNodeTable(io, r.nodes, (n) => (n.no_samples ? 'no samples (it has not counted writes of this route)'
        : n.snapshot_at ? `window ending ${n.snapshot_at}` : ''));
      if (r.wholeRoute) io.err(`note: sub-bucket ${id.subBucket} matched no sampled key (elastickv filters sub-buckets on internal key bytes); these are the whole route's hot keys\n`);
      if (r.merged) {
        // Each key also as people read it: the whole key as text, and the user key and its kind behind elastickv's layout.
        const readable = (b64: string) => ({ key_text: keyText(b64), ...keyInfo(b64) });
        const keys = r.merged.keys.map((k) => ({ ...k, ...readable(k.key_b64) }));
        const split = r.split.map((k) => ({ ...k, ...readable(k.key_b64) }));
        printKeyTable(io, keys);
        io.out(`${JSON.stringify({ bucket_id: values.bucket, ...r.merged, keys, nodes: r.nodes, split, ...(r.wholeRoute ? { whole_route: true } : {}) })}\n`);
      }
      if (!id.label && r.nodes.length > 0 && r.nodes.every((n) => n.no_samples)) {
        io.err(`note: no node has a sketch of ${values.bucket}'s unlabelled slot; with labels on (--keyvizLabelsEnabled) give the label, `
          + `as the heatmap's row shows it (e.g. route:${id.routeId}:redis)\n`);
      }
      const ok = r.nodes.filter((n) => n.ok).length;
      io.err(`${r.outcome}: ${ok} of ${r.nodes.length} node(s) answered${r.merged ? `; ${r.merged.keys.length} key(s)` : '; no hot keys'}\n`);
      return r.outcome === 'complete' ? 0 : r.outcome === 'degraded' ? 3 : 1;
    } finally {
      await client.close();
    }
  },
};
