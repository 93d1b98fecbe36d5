// elastickv admin API wire shapes (contract §2.2, §3.4, §3.7, §7.2), as zod schemas.
// Field names and optionality follow the Go structs; absent optional fields mean their
// zero value (contract §3.7).
import { z } from 'zod';

export const SERIES = ['reads', 'writes', 'read_bytes', 'write_bytes'] as const;
export const seriesSchema = z.enum(SERIES);
export type Series = z.infer<typeof seriesSchema>;

export const ADAPTER_LABELS = ['dynamo', 'redis', 's3', 'sqs', 'rawkv'] as const;

import { MAX_UINT64 } from '../limits';

/** Writes and write bytes are counted on the Raft leader and merged by (group, term) (contract §5.4). */
export const isWriteSeries = (series: Series): boolean => series === 'writes' || series === 'write_bytes';

/** Go's uint64: whole, not negative, at most 2^64. Beyond 2^53 a JS number is rounded (the merge warns). */
export const uint64 = z.number().nonnegative().max(MAX_UINT64).refine(Number.isInteger, 'expected an integer');
/** Go's int64 (Unix milliseconds): whole. */
export const int64 = z.number().refine(Number.isInteger, 'expected an integer');
/** Standard padded base64 (a key's raw bytes). */
export const keyB64Text = z.string().regex(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/, 'expected standard base64');
/** ... or null for an empty key. */
const keyB64 = keyB64Text.nullable();

export const errorBodySchema = z.object({ error: z.string(), message: z.string().optional() });
export type ErrorBody = z.infer<typeof errorBodySchema>;

export const loginResponseSchema = z.object({
  role: z.enum(['full', 'read_only']),
  expires_at: z.iso.datetime({ offset: false }),
});
export type LoginResponse = z.infer<typeof loginResponseSchema>;

export const fanoutNodeSchema = z.object({ node: z.string(), ok: z.boolean(), error: z.string().optional() });
export const fanoutResultSchema = z.object({
  nodes: z.array(fanoutNodeSchema),
  responded: z.number().int(),
  expected: z.number().int(),
});
export type FanoutBlock = z.infer<typeof fanoutResultSchema>;

export const matrixRowSchema = z.object({
  bucket_id: z.string().min(1),
  label: z.string().optional(),
  start: keyB64,
  end: keyB64,
  aggregate: z.boolean(),
  route_ids: z.array(uint64).optional(),
  route_ids_truncated: z.boolean().optional(),
  route_count: uint64,
  values: z.array(uint64),
  conflict: z.boolean().optional(),
  conflicts: z.array(z.boolean()).optional(),
  raft_group_ids: z.array(uint64).optional(),
  leader_terms: z.array(uint64).optional(),
});
export type MatrixRow = z.infer<typeof matrixRowSchema>;

export const matrixSchema = z.object({
  column_unix_ms: z.array(z.number().int()),
  rows: z.array(matrixRowSchema),
  series: seriesSchema,
  generated_at: z.string().optional(),
  fanout: fanoutResultSchema.optional(),
});
export type Matrix = z.infer<typeof matrixSchema>;

export const clusterInfoSchema = z.object({
  node_id: z.string(),
  version: z.string(),
  timestamp: z.string(),
  groups: z.array(z.object({
    group_id: uint64,
    leader_id: z.string(),
    members: z.array(z.string()),
    is_leader: z.boolean(),
  })),
});
export type ClusterInfo = z.infer<typeof clusterInfoSchema>;

/** Parse a `bucket_id` (contract §3.5): the five shapes elastickv emits. */
export type BucketId =
  | { kind: 'virtual'; routeId: string }
  | { kind: 'route'; routeId: string; label: string; subBucket: number | null };

export function parseBucketId(id: string): BucketId | null {
  const v = /^virtual:(\d+)$/.exec(id);
  if (v) return { kind: 'virtual', routeId: v[1]! };
  const r = /^route:(\d+)(?::([a-z0-9]+))?(?:#(\d+))?$/.exec(id);
  if (!r) return null;
  return { kind: 'route', routeId: r[1]!, label: r[2] ?? '', subBucket: r[3] === undefined ? null : Number(r[3]) };
}

/** Go's zero time.Time, as a node without a hot-key snapshot stamps it. */
export const ZERO_TIME = '0001-01-01T00:00:00Z';

/** `GET /admin/api/v1/keyviz/hotkeys` (contract §7.3): a route's top keys in the latest sketch window. */
export const hotKeysResponseSchema = z.object({
  /** A number on the wire; kept as exact decimal text once checked against the route asked (ids reach 2^64). */
  route_id: z.union([uint64, z.string().regex(/^\d+$/)]),
  label: z.string().optional(),
  sub_bucket: z.number().int().nonnegative().optional(),
  series: z.string(),
  /** Sorted by count, descending; count = raw sketch count × sample_rate. */
  keys: z.array(z.object({ key_b64: keyB64Text, count: uint64 })),
  approximate: z.boolean(),
  sample_rate: uint64,
  sampled_n: uint64,
  dropped_samples: uint64,
  skipped_long_keys: uint64,
  degraded: z.boolean(),
  /** sample_rate × sampled_n / capacity: at most 1024 × 2^64 (elastickv's largest sample rate). */
  error_bound: z.number().nonnegative().max(1024 * MAX_UINT64),
  /** RFC 3339; Go's zero time when a node has no snapshot. */
  snapshot_at: z.iso.datetime({ offset: true }),
  fanout: fanoutResultSchema.optional(),
});
export type HotKeysResponse = z.infer<typeof hotKeysResponseSchema>;
