// The questions the app asks a cluster, each written once: a matrix query (what the app, the CLI
// and a capture ask every node), and a route's hot keys. Their wire form (the URL a node is asked)
// is in elastickv/admin-api.ts; the matrix query's file form (snapshot and capture `request`) here.
import { z } from 'zod';
import { MAX_ROWS } from './limits';
import { seriesSchema } from './elastickv/wire';

export const matrixQuerySchema = z.object({
  series: seriesSchema,
  rows: z.number().int().min(1).max(MAX_ROWS),
  /** Unix ms; null = unbounded. */
  fromMs: z.number().int().nullable(),
  toMs: z.number().int().nullable(),
});
export type MatrixQuery = z.infer<typeof matrixQuerySchema>;

/**
 * The matrix query as snapshot and capture files keep it (`request`, docs/snapshot-format.md,
 * docs/capture-format.md): elastickv's parameter names, and any positive row budget, since files
 * written by older versions or for other caps must still open.
 */
export const savedQuerySchema = z.object({
  series: matrixQuerySchema.shape.series,
  rows: z.number().int().positive(),
  from_unix_ms: matrixQuerySchema.shape.fromMs,
  to_unix_ms: matrixQuerySchema.shape.toMs,
});
export type SavedQuery = z.infer<typeof savedQuerySchema>;

/** The file form, fields in the order the files have always had them. */
export function toSavedQuery(q: MatrixQuery): SavedQuery {
  return { series: q.series, rows: q.rows, from_unix_ms: q.fromMs, to_unix_ms: q.toMs };
}

export function fromSavedQuery(r: SavedQuery): MatrixQuery {
  return { series: r.series, rows: r.rows, fromMs: r.from_unix_ms, toMs: r.to_unix_ms };
}

/** A route's hot keys (contract §7.3): which route and slot, and optionally which window. */
export interface HotKeysQuery {
  /** Exact, as decimal text (a uint64 may not fit a JS number). */
  routeId: string;
  /** '' = the legacy slot. */
  label: string;
  subBucket: number | null;
  /** Only with a window the user chose; the latest sketch window otherwise. */
  fromMs?: number | null;
  toMs?: number | null;
}
