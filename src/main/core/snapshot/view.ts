// A snapshot opened for viewing: the nodes' own matrices are parsed with the fast typed-array
// parser and merged again exactly as the live view merged them, so the picture, the conflicts
// and each cell's per-node detail are the same as on the screen it was exported from.
import { z } from 'zod';
import { fanoutResultSchema } from '../../../shared/elastickv/wire';
import { nodeStatusSchema, type SavedHotKeys, savedIdentitySchema, snapshotV1Schema } from '../../../shared/snapshot';
import type { FanoutResult, NodeAnswer } from '../fanout';
import { leaveOutOversized, outcomeOfStatuses } from '../round';
import { identityFromSaved } from '../fanout/identity';
import { missingTraffic } from '../fanout/missing';
import { MatrixInputError, mergeMatrices, MergeInputError, type NodeMatrix, parseNodeMatrix } from '../merge';
import { type AnswerLimits, savedAnswerLimits } from '../merge/parse';
import { MAX_HISTORY_COLUMNS, MAX_NODES, MAX_ROWS } from '../../../shared/limits';
import { rowBudget } from '../merge/shape';
import { checkSnapshotHead, damaged, DEFAULT_MAX_SNAPSHOT_BYTES, readSnapshotBytes, SnapshotReadError, snapshotJsonOf } from './read';
import { checkJsonValue, readEmbedded } from '../files/embedded-matrices';
import { decodeMatrixBytes } from '../merge/stream';

/** The document with matrices left for the typed-array parser (zod would walk every cell). */
const lightSchema = snapshotV1Schema.extend({
  matrix: z.object({ fanout: fanoutResultSchema }).loose(),
  nodes: z.array(nodeStatusSchema.extend({ matrix: z.unknown().optional(), identity: savedIdentitySchema.optional() })),
});

export interface SnapshotMeta {
  path: string;
  createdAt: string;
  appVersion: string;
  label: string | null;
  redacted: boolean;
  series: z.infer<typeof snapshotV1Schema>['request']['series'];
  request: z.infer<typeof snapshotV1Schema>['request'];
}

export interface OpenedSnapshot {
  meta: SnapshotMeta;
  /** Hot keys opened in the view before it was exported. */
  hotKeys: SavedHotKeys[];
  /** As a live round would have returned it (merge recomputed from the nodes' matrices). */
  result: FanoutResult;
}

/**
 * `embedded`: the nodes' matrices as bytes, by node index, when `json` was parsed without them
 * (each stands as a placeholder there): they are decoded by the streaming decoder instead.
 */
export function snapshotFromJson(json: unknown, path: string, embedded?: ReadonlyMap<number, Uint8Array>): OpenedSnapshot {
  checkSnapshotHead(json, path);
  const doc = lightSchema.safeParse(json);
  if (!doc.success) throw damaged(path, doc.error);
  const d = doc.data;
  const parse = (raw: unknown, source: string, index: number, field: string, limits: AnswerLimits, bytes?: Uint8Array): NodeMatrix => {
    try {
      return (bytes ? decodeMatrixBytes(bytes, source, index, limits) : parseNodeMatrix(raw, source, index, limits)).matrix;
    } catch (err) {
      throw new SnapshotReadError(path, `damaged snapshot: ${field}: ${err instanceof MatrixInputError ? err.detail : String(err)}`);
    }
  };
  const budget = Math.min(d.request.rows, MAX_ROWS);
  const cut: string[] = [];
  const nodes: NodeAnswer[] = d.nodes.map(({ matrix, identity: _id, ...status }, i) => {
    const bytes = embedded?.get(i);
    if (!status.ok || matrix === undefined) {
      // Not shown, but part of the file: it must be JSON, as reading the file whole requires.
      if (bytes) checkJsonValue(bytes);
      return { status, raw: null, matrix: null };
    }
    const m = parse(matrix, status.node, i, `nodes[${i}].matrix`, savedAnswerLimits(), bytes);
    // An older file's kept matrix may hold more rows than asked: cut as a live round now cuts it.
    if (m.rows.length > budget) cut.push(`${status.node}: ${m.rows.length} rows kept, cut to the ${budget} busiest as asked`);
    return { status, raw: null, matrix: m.rows.length > budget ? { ...m, rows: rowBudget(m.rows, budget) } : m };
  });
  const inputs = nodes.filter((n) => n.matrix !== null).map((n) => n.matrix!);
  if (inputs.length === 0) {
    // A file without the nodes' own answers: show the merged matrix as the one input.
    const { fanout: _f, ...merged } = d.matrix;
    // A union of the nodes' answers: each node's limits, times the nodes.
    const n = Math.min(MAX_NODES, Math.max(1, d.nodes.length));
    inputs.push(parse(merged, 'merged matrix', 0, 'matrix', { rows: MAX_ROWS * n, columns: MAX_HISTORY_COLUMNS * n, sameTimestamp: 1 }));
  }
  const identities = d.nodes.map((n) => (n.identity ? identityFromSaved(n.node, n.identity) : undefined));
  // The leader check needs who led before the newest column (an earlier round): a file holds one round.
  // As live: answers too large to merge together are left out, each named.
  leaveOutOversized(nodes, { compat: d.request.compat });
  const kept = nodes.filter((n) => n.matrix !== null).map((n) => n.matrix!);
  let merge;
  try {
    merge = mergeMatrices(kept.length > 0 ? kept : inputs, { series: d.request.series, compat: d.request.compat, nodeRows: d.request.rows });
  } catch (err) {
    if (err instanceof MergeInputError) throw new SnapshotReadError(path, `cannot be shown: ${err.message}`);
    throw err;
  }
  const outcome = outcomeOfStatuses(nodes.map((n) => n.status));
  // As it was shown (live, it also knew silent nodes from earlier rounds); recomputed for older files.
  const missing = d.missing !== undefined ? d.missing
    : missingTraffic(d.request.series, nodes.map((n) => n.matrix !== null), nodes.map((n) => n.status.node), merge, identities, identities);
  return {
    hotKeys: d.hot_keys ?? [],
    meta: { path, createdAt: d.created_at, appVersion: d.app_version, label: d.label ?? null, redacted: d.redacted !== undefined,
      series: d.request.series, request: d.request },
    result: { outcome, nodes, login: [], warnings: [...d.warnings.filter((w) => w.kind === 'node_address').map((w) => w.message), ...cut], merge,
      fanout: d.matrix.fanout, missing, ...(d.nodes.some((n) => n.identity) ? { identities } : {}) },
  };
}

/**
 * The nodes' matrices are decoded from their bytes (embedded-matrices.ts), the rest JSON.parsed.
 * Should that fail in any way, the file is read whole as before: the same verdict and words
 * (the first problem as JSON.parse and the old parser find it), and whatever the old path
 * accepts (the decoder refuses a few things it reads: its README) is still opened.
 */
export async function openSnapshot(path: string, maxBytes = DEFAULT_MAX_SNAPSHOT_BYTES): Promise<OpenedSnapshot> {
  const bytes = await readSnapshotBytes(path, maxBytes);
  return readEmbedded(bytes, (json, matrices) => snapshotFromJson(json, path, matrices)) ?? snapshotFromJson(snapshotJsonOf(bytes, path), path);
}
