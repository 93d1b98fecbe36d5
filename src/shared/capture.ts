// Capture file format, version 1 (docs/capture-format.md): JSON lines, appended one record per
// line and flushed after each poll, so a crash keeps every completed poll readable.
import { z } from 'zod';
import { savedQuerySchema } from './query';
import { nodeStatusSchema } from './snapshot';

export const CAPTURE_FORMAT = 'keyviz-inspector/capture';
export const CAPTURE_VERSION = 1;

export const segmentStatusSchema = z.enum(['recording', 'completed', 'failed', 'truncated']);
export type SegmentStatus = z.infer<typeof segmentStatusSchema>;
export const aggregateStatusSchema = z.enum(['completed', 'failed', 'truncated', 'interrupted']);
export type AggregateStatus = z.infer<typeof aggregateStatusSchema>;

export const segmentSchema = z.object({
  node: z.string(),
  status: segmentStatusSchema,
  polls: z.number().int().nonnegative(),
  ok: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  last_error: z.string().optional(),
  /** It failed at some point and its last poll succeeded. */
  recovered: z.boolean().optional(),
});
export type Segment = z.infer<typeof segmentSchema>;

export const captureHeaderSchema = z.object({
  type: z.literal('header'),
  format: z.literal(CAPTURE_FORMAT),
  version: z.literal(1),
  created_at: z.iso.datetime({ offset: true }),
  app_version: z.string(),
  label: z.string().optional(),
  /** The matrix query in its file form. */
  request: savedQuerySchema,
  every_ms: z.number().int().positive(),
  /** null = until stopped. */
  for_ms: z.number().int().positive().nullable(),
  /** In configured order (= merge priority). */
  nodes: z.array(z.string()).min(1),
});
export type CaptureHeader = z.infer<typeof captureHeaderSchema>;

export const pollNodeSchema = nodeStatusSchema.extend({
  /**
   * The node's answer this poll: its whole matrix, or (status.incremental) only the columns after
   * the last one it returned before. Absent when the poll failed.
   */
  matrix: z.unknown().optional(),
});

export const capturePollSchema = z.object({
  type: z.literal('poll'),
  seq: z.number().int().positive(),
  at: z.iso.datetime({ offset: true }),
  nodes: z.array(pollNodeSchema),
});

export const captureEndSchema = z.object({
  type: z.literal('end'),
  at: z.iso.datetime({ offset: true }),
  /** completed: ran its course; stopped: by the user (SIGINT, Stop); disk: the free-space guard cut it short. */
  reason: z.enum(['completed', 'stopped', 'disk']),
  polls: z.number().int().nonnegative(),
  aggregate_status: aggregateStatusSchema.exclude(['interrupted']),
  segments: z.array(segmentSchema),
});
export type CaptureEnd = z.infer<typeof captureEndSchema>;

/** Why a capture ended, in words. */
export const END_REASON: Record<CaptureEnd['reason'], string> = {
  completed: 'ran its course', stopped: 'stopped', disk: 'stopped before the disk filled',
};
