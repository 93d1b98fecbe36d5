// The one IPC contract shared by main, preload and renderer: channel names and the zod
// schemas of what crosses in each direction. Both sides validate. Matrices cross as flat
// typed arrays (row-major), never as nested JSON.
import { z } from 'zod';
import { fanoutResultSchema, seriesSchema } from './elastickv/wire';
import { nodeStatusSchema } from './snapshot';

export const demoStatusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('starting') }),
  z.object({ state: z.literal('running'), nodes: z.array(z.string().url()), seed: z.number().int() }),
  z.object({ state: z.literal('failed'), error: z.string() }),
]);
export type DemoStatus = z.infer<typeof demoStatusSchema>;

/** A connection as the renderer asks for it. The secret travels to main once and never back. */
export const openRequestSchema = z.object({
  nodes: z.array(z.string().min(1)).min(1).max(64),
  accessKey: z.string().min(1),
  secret: z.string().min(1),
  timeoutMs: z.number().int().min(100).max(600_000).optional(),
});
export const openResponseSchema = z.object({
  connectionId: z.string(),
  /** The nodes as they will be asked (duplicates removed), in order. */
  nodes: z.array(z.string()),
  warnings: z.array(z.string()),
});

export const fetchRequestSchema = z.object({
  connectionId: z.string(),
  series: seriesSchema,
  rows: z.number().int().min(1).max(1024),
  fromMs: z.number().int().nullable(),
  toMs: z.number().int().nullable(),
  /** Ask each node only for columns after the last one it returned last round. */
  incremental: z.boolean().optional(),
});

const viewRowSchema = z.object({
  bucketId: z.string(),
  label: z.string(),
  start: z.string().nullable(),
  end: z.string().nullable(),
  aggregate: z.boolean(),
  routeCount: z.number().nonnegative(),
  routeIds: z.array(z.number()).nullable(),
  routeIdsTruncated: z.boolean(),
  /** elastickv's row flag; per-cell flags are in `conflicts`. */
  conflict: z.boolean(),
});
export type ViewRow = z.infer<typeof viewRowSchema>;

export const viewMatrixSchema = z.object({
  series: seriesSchema,
  generatedAt: z.string().nullable(),
  columns: z.instanceof(Float64Array),
  rows: z.array(viewRowSchema),
  /** rows × columns, row-major. */
  values: z.instanceof(Float64Array),
  groups: z.instanceof(Float64Array),
  terms: z.instanceof(Float64Array),
  /** rows × columns, 1 = the nodes disagreed on that cell. */
  conflicts: z.instanceof(Uint8Array),
}).refine((m) => {
  const cells = m.rows.length * m.columns.length;
  return m.values.length === cells && m.groups.length === cells && m.terms.length === cells && m.conflicts.length === cells;
}, 'matrix arrays must hold rows × columns cells');
export type ViewMatrix = z.infer<typeof viewMatrixSchema>;

export const clusterViewSchema = z.object({
  outcome: z.enum(['complete', 'degraded', 'failed']),
  nodes: z.array(nodeStatusSchema),
  fanout: fanoutResultSchema,
  warnings: z.array(z.object({ kind: z.string(), message: z.string(), bucket_id: z.string().optional() })),
  matrix: viewMatrixSchema.nullable(),
  elapsedMs: z.number().nonnegative(),
  /** Set when no node accepted the login this round; `credentialsRefused` = the secret or key is wrong. */
  login: z.object({ error: z.string(), credentialsRefused: z.boolean() }).nullable(),
});
export type ClusterView = z.infer<typeof clusterViewSchema>;

/** One cell of the last view, with what every node said about it. */
export const cellDetailSchema = z.object({
  bucketId: z.string(),
  columnMs: z.number(),
  nextColumnMs: z.number().nullable(),
  value: z.number(),
  group: z.number(),
  term: z.number(),
  conflict: z.boolean(),
  explanation: z.string().nullable(),
  nodes: z.array(z.object({
    source: z.string(), present: z.boolean(), value: z.number(), group: z.number(), term: z.number(), disagreed: z.boolean(),
  })),
});
export type CellDetail = z.infer<typeof cellDetailSchema>;

/** main → renderer while a round is in flight: one node is done. */
export const progressEventSchema = z.object({ connectionId: z.string(), node: nodeStatusSchema });
export type ProgressEvent = z.infer<typeof progressEventSchema>;
export const PROGRESS_CHANNEL = 'cluster:progress';

export const IPC = {
  demoStatus: { channel: 'demo:status', request: z.undefined(), response: demoStatusSchema },
  open: { channel: 'cluster:open', request: openRequestSchema, response: openResponseSchema },
  /** A connection to the built-in Demo cluster: its credentials stay in the main process. */
  openDemo: { channel: 'cluster:open-demo', request: z.undefined(), response: openResponseSchema },
  fetch: { channel: 'cluster:fetch', request: fetchRequestSchema, response: clusterViewSchema },
  close: { channel: 'cluster:close', request: z.object({ connectionId: z.string() }), response: z.null() },
  /** Row and column index into the connection's last view; null when that view is gone. */
  cell: {
    channel: 'cluster:cell',
    request: z.object({ connectionId: z.string(), row: z.number().int().nonnegative(), col: z.number().int().nonnegative() }),
    response: cellDetailSchema.nullable(),
  },
} as const;

export type IpcName = keyof typeof IPC;
export type IpcRequest<N extends IpcName> = z.infer<(typeof IPC)[N]['request']>;
export type IpcResponse<N extends IpcName> = z.infer<(typeof IPC)[N]['response']>;
