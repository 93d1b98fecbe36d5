// Snapshot file format, version 1 (docs/snapshot-format.md). Readers ignore unknown fields, so
// later versions of the app may add fields without a new version; a breaking change bumps the
// version, and readers keep a reader for every older one.
import { z } from 'zod';
import { fanoutResultSchema, hotKeysResponseSchema, int64, matrixSchema, uint64 } from './elastickv/wire';
import { missingTrafficSchema } from './missing';
import { savedQuerySchema } from './query';

export const SNAPSHOT_FORMAT = 'keyviz-inspector/snapshot';
export const SNAPSHOT_VERSION = 1;

export const nodeStatusSchema = z.object({
  node: z.string(),
  ok: z.boolean(),
  error: z.string().optional(),
  status_code: z.number().int().optional(),
  elapsed_ms: z.number().nonnegative(),
  bytes: z.number().int().nonnegative(),
  generated_at: z.string().optional(),
  warnings: z.array(z.string()),
  incremental: z.boolean().optional(),
  /** Not asked: the same node (node_id) as this address, which answered for both. */
  duplicate_of: z.string().optional(),
});
export type NodeStatusV1 = z.infer<typeof nodeStatusSchema>;

export const coverageSchema = z.object({
  inputs: z.array(z.string()),
  full: z.number().int().nonnegative(),
  columns: z.array(z.number().int().nonnegative()),
  rows: z.array(z.object({ bucket_id: z.string(), inputs: z.number().int().nonnegative(), cells: z.array(z.number().int()).optional() })),
});

/** A node's GET /cluster as the round saw it (added after v1 shipped: optional). */
export const savedIdentitySchema = z.object({
  node_id: z.string(),
  groups: z.array(z.object({ group_id: uint64, leader_id: z.string(), members: z.array(z.string()), is_leader: z.boolean() })),
});

export type SavedIdentity = z.infer<typeof savedIdentitySchema>;

/** A leadership change seen in the nodes' counts (added after v1 shipped: optional). */
export const savedEventSchema = z.object({
  kind: z.literal('leadership_change'),
  raft_group_id: uint64,
  column_unix_ms: int64,
  from: z.string(),
  to: z.string(),
  from_term: uint64,
  to_term: uint64,
  cells: z.array(z.object({ bucket_id: z.string(), from_count: uint64, to_count: uint64 })),
});

/** A round's outcome: every node answered, some did, or none. */
export const outcomeSchema = z.enum(['complete', 'degraded', 'failed']);
export type Outcome = z.infer<typeof outcomeSchema>;

/** A route's hot keys as asked from the app: kept in the view's snapshot (additive field `hot_keys`). */
export const savedHotKeysSchema = z.object({
  bucket_id: z.string(),
  /** When the nodes were asked (their sketches are of the window ending at `merged.snapshot_at`). */
  asked_at: z.iso.datetime({ offset: true }),
  outcome: outcomeSchema,
  /** Each node's status as a matrix round has it, less warnings and generated_at, plus its sketch's time. */
  nodes: z.array(nodeStatusSchema.pick({ node: true, ok: true, error: true, status_code: true, elapsed_ms: true, bytes: true }).extend({
    snapshot_at: z.iso.datetime({ offset: true }).optional(),
    /** Answered 404 no_snapshot: it has sampled none of this route's writes (added after v1 shipped). */
    no_samples: z.boolean().optional(),
  })),
  merged: hotKeysResponseSchema.nullable(),
  /** Each merged key with every node's own count, in configured node order. */
  split: z.array(z.object({ key_b64: z.string(), count: z.number().nonnegative(), nodes: z.array(z.number().nonnegative()) })),
  /** The sub-bucket asked had no keys while its route had: these are the whole route's (added after v1 shipped). */
  whole_route: z.boolean().optional(),
});
export type SavedHotKeys = z.infer<typeof savedHotKeysSchema>;
export const MAX_SAVED_HOT_KEYS = 10_000;

export const snapshotV1Schema = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  version: z.literal(1),
  created_at: z.iso.datetime({ offset: true }),
  app_version: z.string(),
  /** What the view was called when exported (a profile's name). */
  label: z.string().optional(),
  /** Present when keys were replaced by rank, keyed hash and length. */
  redacted: z.object({ keys: z.string() }).optional(),
  /** The matrix query in its file form, and whether the merge ran in compat mode. */
  request: savedQuerySchema.extend({ compat: z.boolean() }),
  matrix: matrixSchema.extend({ fanout: fanoutResultSchema }),
  nodes: z.array(nodeStatusSchema.extend({ matrix: matrixSchema.optional(), identity: savedIdentitySchema.optional() })),
  warnings: z.array(z.object({ kind: z.string(), message: z.string(), bucket_id: z.string().optional() })),
  coverage: coverageSchema.optional(),
  /** Leadership changes in the window (information; added after v1 shipped: optional). */
  events: z.array(savedEventSchema).optional(),
  /** Earlier leadership changes left out of `events` (optional). */
  events_omitted: z.number().int().nonnegative().optional(),
  /** What a degraded round lacks (added after v1 shipped: optional). */
  missing: missingTrafficSchema.nullable().optional(),
  /** Hot keys the user opened in this view (added after v1 shipped: optional, ignored by older readers). */
  hot_keys: z.array(savedHotKeysSchema).max(MAX_SAVED_HOT_KEYS).optional(),
});
export type SnapshotV1 = z.infer<typeof snapshotV1Schema>;

/** Just enough to tell what a file is before validating it whole. */
export const snapshotHeadSchema = z.object({ format: z.string(), version: z.number().int() });
