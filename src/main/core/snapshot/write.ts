// A fan-out result as a snapshot file (format v1, docs/snapshot-format.md): the merged matrix as
// shown, each node's status and raw local matrix, the warnings and coverage. Never a secret.
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION } from '../../../shared/snapshot';
import type { FanoutResult, MatrixQuery, NodeIdentity } from '../fanout';
import { writeFileAtomic } from '../files/atomic';
import { coverageJson, eventsJson, type MergeWarning, warningsJson, writeMatrixJson } from '../merge';
import { rfc3339 } from '../../../shared/time';
import { toSavedQuery } from '../../../shared/query';
import { keyRedactor } from './redact';
import { MAX_SAVED_HOT_KEYS, type SavedHotKeys, type SavedIdentity } from '../../../shared/snapshot';

export interface SnapshotRequest extends MatrixQuery {
  compat: boolean;
}

export interface SnapshotInput {
  result: FanoutResult;
  request: SnapshotRequest;
  appVersion: string;
  createdAtMs?: number;
  /** Keys replaced by rank, keyed hash and length (docs/snapshot-format.md). */
  redact?: boolean;
  /** The keys were redacted before (a redacted file exported again): say so in the file. */
  alreadyRedacted?: boolean;
  /** What the view was called (the profile's name), shown when the file is opened. */
  label?: string;
  /** Hot keys the user opened in this view. */
  hotKeys?: readonly SavedHotKeys[];
}

/** `.gz` and `.kvsnap` files are gzip-compressed; anything else is plain JSON. */
export const wantsGzip = (path: string): boolean => /\.(gz|kvsnap)$/i.test(path);

/** The snapshot document, chunk by chunk (node answers are spliced in as received). */
export function* snapshotChunks(input: SnapshotInput): Generator<Buffer | string> {
  const { result, request } = input;
  if (!result.merge) throw new Error('no node answered: there is nothing to put in a snapshot');
  // The newest, at most as many as a reader accepts.
  const hotKeys = (input.hotKeys ?? []).slice(-MAX_SAVED_HOT_KEYS);
  // Hot keys are keys too: redacted with the rest (ranked among all of them).
  const redactor = input.redact ? keyRedactor([result.merge.matrix, ...result.nodes.flatMap((n) => (n.matrix ? [n.matrix] : []))], undefined,
    hotKeys.flatMap((h) => [...h.split, ...(h.merged?.keys ?? [])].map((k) => k.key_b64))) : null;
  yield `{"format":${JSON.stringify(SNAPSHOT_FORMAT)},"version":${SNAPSHOT_VERSION}`;
  yield `,"created_at":${JSON.stringify(rfc3339(input.createdAtMs ?? Date.now()))},"app_version":${JSON.stringify(input.appVersion)}`;
  if (input.label !== undefined) yield `,"label":${JSON.stringify(input.label)}`;
  if (redactor || input.alreadyRedacted) yield ',"redacted":{"keys":"rank-hmac-sha256-length"}';
  yield `,"request":${JSON.stringify({ ...toSavedQuery(request), compat: request.compat })}`;
  yield ',"matrix":';
  const merged: Buffer[] = [];
  writeMatrixJson(result.merge.matrix, (c) => merged.push(c), `,"fanout":${JSON.stringify(result.fanout)}`, redactor?.key);
  yield* merged;
  yield ',"nodes":[';
  for (let i = 0; i < result.nodes.length; i++) {
    const n = result.nodes[i]!;
    const id = result.identities?.[i];
    const status = JSON.stringify(id?.nodeId ? { ...n.status, identity: identityJson(id) } : n.status);
    // The bytes as received when there are any (and nothing to redact); else the parsed matrix
    // (an incremental round keeps only the increment's bytes).
    const own = n.raw && !redactor ? 'raw' : n.matrix ? 'parsed' : null;
    yield (i ? ',' : '') + (own ? `${status.slice(0, -1)},"matrix":` : status);
    if (own === 'raw') yield* n.raw!;
    else if (own === 'parsed') {
      const chunks: Buffer[] = [];
      writeMatrixJson(n.matrix!, (c) => chunks.push(c), '', redactor?.key);
      yield* chunks;
    }
    if (own) yield '}';
  }
  yield ']';
  const warnings: MergeWarning[] = [
    ...result.warnings.map((message): MergeWarning => ({ kind: 'node_address', message, inputs: [] })),
    ...result.merge.warnings,
  ].map((w) => (redactor ? { ...w, message: redactor.text(w.message) } : w));
  yield `,"warnings":${warningsJson(warnings)}`;
  yield `,"events":${eventsJson(result.merge.events, result.merge.inputs.map((m) => m.source), result.merge.matrix.columns)}`;
  if (result.merge.eventsOmitted > 0) yield `,"events_omitted":${result.merge.eventsOmitted}`;
  yield `,"missing":${JSON.stringify(result.missing)}`;
  if (result.merge.coverage) yield `,"coverage":${coverageJson(result.merge.coverage, result.merge.matrix.rows.map((r) => r.bucketId))}`;
  if (hotKeys.length > 0) {
    const key = (b64: string): string => (redactor ? redactor.key(b64) : b64);
    yield `,"hot_keys":${JSON.stringify(hotKeys.map((h) => ({
      ...h,
      merged: h.merged && { ...h.merged, keys: h.merged.keys.map((k) => ({ ...k, key_b64: key(k.key_b64) })) },
      split: h.split.map((k) => ({ ...k, key_b64: key(k.key_b64) })),
    })))}`;
  }
  yield '}\n';
}

function identityJson(id: NodeIdentity): SavedIdentity {
  return { node_id: id.nodeId!, groups: (id.groups ?? []).map((g) => ({ group_id: g.groupId, leader_id: g.leaderId, members: g.members, is_leader: g.isLeader })) };
}

function* asBuffers(chunks: Iterable<Buffer | string>): Generator<Buffer> {
  for (const c of chunks) yield typeof c === 'string' ? Buffer.from(c) : c;
}

/** Write atomically; gzip for `.gz`/`.kvsnap`. Returns the bytes on disk. */
export function writeSnapshotFile(path: string, input: SnapshotInput): Promise<number> {
  return writeFileAtomic(path, asBuffers(snapshotChunks(input)), { gzip: wantsGzip(path) });
}
