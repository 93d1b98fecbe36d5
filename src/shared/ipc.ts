// The one IPC contract shared by main and renderer: the zod schemas of what crosses in each
// direction (channel names come from ipc-channels.ts, which the preload bundles). Both sides
// validate. Matrices cross as flat typed arrays (row-major), never as nested JSON.
import { z } from 'zod';
import { INVOKE_CHANNELS, type InvokeName } from './ipc-channels';
import { MAX_CAPTURE_EVERY_MS, MAX_CAPTURE_FOR_MS, MAX_HOTKEYS_TOP, MIN_CAPTURE_EVERY_MS, MAX_NODES, MAX_PNG_BYTES, MAX_SAVED_ROWS, MAX_TIMEOUT_MS, MIN_TIMEOUT_MS } from './limits';
import { fanoutResultSchema, seriesSchema, uint64 } from './elastickv/wire';
import { profileInputSchema, profileSchema } from './profiles';
import { nodeStatusSchema, outcomeSchema, savedHotKeysSchema } from './snapshot';
import { aggregateStatusSchema, segmentSchema } from './capture';
import { missingTrafficSchema } from './missing';
import { matrixQuerySchema } from './query';
import { nodeIdentitySchema, peerCertificateSchema, raftGroupSchema } from './identity';

export const demoStatusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('starting') }),
  z.object({ state: z.literal('running'), nodes: z.array(z.string().url()), seed: z.number().int() }),
  z.object({ state: z.literal('failed'), error: z.string() }),
]);
export type DemoStatus = z.infer<typeof demoStatusSchema>;

/** A connection as the renderer asks for it. The secret travels to main once and never back. */
export const openRequestSchema = z.object({
  nodes: z.array(z.string().min(1)).min(1).max(MAX_NODES),
  accessKey: z.string().min(1),
  secret: z.string().min(1),
  timeoutMs: z.number().int().min(MIN_TIMEOUT_MS).max(MAX_TIMEOUT_MS).optional(),
});
/** What an open view is: the nodes now, a snapshot file, a capture replayed, or B − A of two views. */
export const viewKindSchema = z.enum(['live', 'snapshot', 'replay', 'comparison']);
export type ViewKind = z.infer<typeof viewKindSchema>;

/** What a view can do, said by main when it opens, so the renderer never guesses from shapes. */
export const viewCanSchema = z.object({
  /** A refresh asks the nodes again (otherwise it returns the view as it is). */
  refresh: z.boolean(),
  /** Hot keys of a route: asked of the nodes, read from the file (none in a capture), or none at all. */
  hotKeys: z.enum(['ask', 'file', 'none']),
  exportSnapshot: z.boolean(),
  exportCsv: z.boolean(),
  exportPng: z.boolean(),
  /** Record the view's nodes into a capture file. */
  capture: z.boolean(),
  /** Ask the nodes who they are (GET /cluster) and for peers not yet asked. */
  identify: z.boolean(),
  /** Move through the polls of a capture. */
  frames: z.boolean(),
  /** Weigh the nodes' own answers: which node carries the traffic (not B − A: a difference is no node's load). */
  balance: z.boolean(),
});
export type ViewCan = z.infer<typeof viewCanSchema>;

export const openResponseSchema = z.object({
  connectionId: z.string(),
  kind: viewKindSchema,
  can: viewCanSchema,
  /** The nodes as they will be asked (duplicates removed), in order. */
  nodes: z.array(z.string()),
  warnings: z.array(z.string()),
});

export const fetchRequestSchema = matrixQuerySchema.extend({
  connectionId: z.string(),
  /** Ask each node only for columns after the last one it returned last round. */
  incremental: z.boolean().optional(),
});

export const leadershipEventSchema = z.object({
  group: z.number(),
  columnMs: z.number(),
  from: z.string(),
  to: z.string(),
  fromTerm: z.number(),
  toTerm: z.number(),
  cells: z.array(z.object({ bucketId: z.string(), fromCount: z.number(), toCount: z.number() })),
});
export type LeadershipEventView = z.infer<typeof leadershipEventSchema>;

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
  /**
   * The Raft group most of the row's counted cells carry (0: none; a summed row has none). The
   * per-cell groups and terms stay in the main process (the cell detail says them): the picture
   * crosses IPC with the values and two flag bytes a cell, not 26 bytes.
   */
  group: z.number().nonnegative(),
});
export type ViewRow = z.infer<typeof viewRowSchema>;

export const viewMatrixSchema = z.object({
  series: seriesSchema,
  generatedAt: z.string().nullable(),
  columns: z.instanceof(Float64Array),
  rows: z.array(viewRowSchema),
  /** rows × columns, row-major. */
  values: z.instanceof(Float64Array),
  /** rows × columns, 1 = the nodes disagreed on that cell. */
  conflicts: z.instanceof(Uint8Array),
  /** rows × columns, 1 = two nodes counted one group's writes there: a leadership change. */
  handovers: z.instanceof(Uint8Array),
}).refine((m) => {
  const cells = m.rows.length * m.columns.length;
  return m.values.length === cells && m.conflicts.length === cells && m.handovers.length === cells;
}, 'matrix arrays must hold rows × columns cells');
export type ViewMatrix = z.infer<typeof viewMatrixSchema>;

export const clusterViewSchema = z.object({
  outcome: outcomeSchema,
  nodes: z.array(nodeStatusSchema),
  fanout: fanoutResultSchema,
  warnings: z.array(z.object({ kind: z.string(), message: z.string(), bucket_id: z.string().optional() })),
  matrix: viewMatrixSchema.nullable(),
  elapsedMs: z.number().nonnegative(),
  /** Set when no node accepted the login this round; `credentialsRefused` = the secret or key is wrong. */
  login: z.object({ error: z.string(), credentialsRefused: z.boolean() }).nullable(),
  /** Leadership changes in the window (information, not warnings), the latest ones; nodes by address. */
  events: z.array(leadershipEventSchema),
  /** Earlier leadership changes left out of `events`. */
  eventsOmitted: z.number().int().nonnegative(),
  /** What a degraded view lacks; null when every node answered. */
  missing: missingTrafficSchema.nullable(),
});
export type ClusterView = z.infer<typeof clusterViewSchema>;

/** What one node said about one cell. */
export const nodeCellSchema = z.object({
  source: z.string(),
  /** false = this node had no row or no column here (elastickv counts it as zero). */
  present: z.boolean(),
  value: z.number(), group: z.number(), term: z.number(),
  /** This node's value is one of those that disagreed under one identity (or without one). */
  disagreed: z.boolean(),
  /** Its node_id, where the round knew it (the name operators use); null: only its address is known. */
  nodeId: z.string().nullable(),
  /** Why this configured node has no value of its own this round, briefly (it did not answer); null: it answered. */
  noAnswer: z.string().nullable(),
});
export type NodeCell = z.infer<typeof nodeCellSchema>;

/** One cell of the last view, with what every node said about it. */
export const cellDetailSchema = z.object({
  bucketId: z.string(),
  columnMs: z.number(),
  /**
   * Where the cell's window starts: a column's time is its flush (contract §3.5), which closes the
   * window since the flush before; null for a lone column (no step to go by).
   */
  windowStartMs: z.number().nullable(),
  value: z.number(),
  group: z.number(),
  term: z.number(),
  conflict: z.boolean(),
  /** Why the cell is soft, in words; null without a conflict. */
  explanation: z.string().nullable(),
  /** Two nodes counted one group's writes in this slot: the old leader's and the new one's, both real. */
  leadershipChange: z.object({ group: z.number(), from: nodeCellSchema, to: nodeCellSchema, text: z.string() }).nullable(),
  nodes: z.array(nodeCellSchema),
});
export type CellDetail = z.infer<typeof cellDetailSchema>;

/** main → renderer while a round is in flight: one node is done. */
export const progressEventSchema = z.object({ connectionId: z.string(), node: nodeStatusSchema });
export type ProgressEvent = z.infer<typeof progressEventSchema>;

// ---- saved profiles (the secret goes to main only; nothing secret comes back) ----

export const profileSummarySchema = profileSchema.extend({
  demo: z.boolean(),
  /** A secret is remembered (encrypted by the OS) for this profile's access key. */
  rememberedSecret: z.boolean(),
});
export type ProfileSummary = z.infer<typeof profileSummarySchema>;

export const profileListSchema = z.object({
  profiles: z.array(profileSummarySchema),
  /** The store could not be read: what is wrong (field and reason); the file was left as it is. */
  storeError: z.string().nullable(),
  /** The file was in an older format (rewritten on the next save). */
  migratedFrom: z.number().int().nullable(),
  secretStorage: z.object({
    available: z.boolean(),
    /** Linux basic_text: encrypted with a key built into the app, so not really protected. */
    weak: z.boolean(),
    backend: z.string(),
  }),
  /** The remembered-secrets file could not be read (secrets are then asked for). */
  secretsError: z.string().nullable(),
});
export type ProfileList = z.infer<typeof profileListSchema>;

export const connectProfileRequestSchema = z.object({
  id: z.string().min(1),
  /** Typed by the user; absent = use the remembered one. */
  secret: z.string().min(1).optional(),
  remember: z.boolean().optional(),
  /** The user saw that this system's storage is not really protected and chose to remember anyway. */
  acceptWeakStorage: z.boolean().optional(),
});
export const connectProfileResponseSchema = z.discriminatedUnion('state', [
  openResponseSchema.extend({
    state: z.literal('open'),
    profile: profileSummarySchema,
    /** Why "remember" did not take, when it was asked for. */
    rememberError: z.string().nullable(),
  }),
  /** No secret to use, or the nodes refused it: ask the user (the reason says which). */
  z.object({ state: z.literal('need-secret'), reason: z.string(), refused: z.boolean() }),
]);
export type ConnectProfileResponse = z.infer<typeof connectProfileResponseSchema>;

/** A draft's connection tried: each node in configured order, ok or why not, in words. */
export const testProfileResponseSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('tested'), nodes: z.array(z.object({ node: z.string(), ok: z.boolean(), said: z.string() })) }),
  /** No secret typed and none remembered for the draft's access key. */
  z.object({ state: z.literal('need-secret'), reason: z.string() }),
]);
export type TestProfileResponse = z.infer<typeof testProfileResponseSchema>;

export { peerCertificateSchema } from './identity';
export type { PeerCertificate } from './identity';

export const importResponseSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('cancelled') }),
  /** A profile of this name exists: ask rename or replace, then call again with the token. */
  z.object({ state: z.literal('clash'), token: z.string(), name: z.string() }),
  /** The export carries an encrypted secret: ask for its passphrase (empty = import without it). */
  z.object({ state: z.literal('need-passphrase'), token: z.string(), name: z.string() }),
  z.object({ state: z.literal('imported'), id: z.string(), name: z.string(), clash: z.enum(['renamed', 'replaced']).nullable(),
    secretRemembered: z.boolean(), rememberError: z.string().nullable() }),
]);

/** Each node's identity as the renderer shows it: the core's, with nulls for what is unknown and no members. */
export const identityResponseSchema = z.object({
  nodes: z.array(nodeIdentitySchema.pick({ node: true, ok: true }).extend({
    error: z.string().nullable(), nodeId: z.string().nullable(),
    groups: z.array(raftGroupSchema.omit({ members: true })),
  })),
  /** Addresses that reach the same node: its reads would be counted twice. */
  duplicates: z.array(z.object({ nodeId: z.string(), nodes: z.array(z.string()) })),
});
export type IdentityResponse = z.infer<typeof identityResponseSchema>;

// ---- files of views: snapshots, CSV, PNG, comparison ----

export const snapshotInfoSchema = z.object({
  path: z.string(),
  label: z.string(),
  createdAt: z.string(),
  appVersion: z.string(),
  series: seriesSchema,
  redacted: z.boolean(),
});
export type SnapshotInfo = z.infer<typeof snapshotInfoSchema>;

/** A capture opened for replay: its polls (for the time slider) and how each node fared. */
export const captureInfoSchema = z.object({
  polls: z.array(z.object({ seq: z.number().int(), at: z.string(), ok: z.number().int().nonnegative() })),
  everyMs: z.number().int().positive(),
  aggregate: aggregateStatusSchema,
  segments: z.array(segmentSchema),
});
export type CaptureInfo = z.infer<typeof captureInfoSchema>;

/** main → renderer while the app records a capture. */
export const captureEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('poll'), path: z.string(), seq: z.number().int(), segments: z.array(segmentSchema), fileBytes: z.number() }),
  z.object({ type: z.literal('done'), path: z.string(), aggregate: aggregateStatusSchema, reason: z.enum(['completed', 'stopped', 'disk']),
    polls: z.number().int(), segments: z.array(segmentSchema), fileBytes: z.number() }),
  z.object({ type: z.literal('error'), path: z.string(), error: z.string() }),
]);
export type CaptureEvent = z.infer<typeof captureEventSchema>;

/** main → renderer: an application-menu command (the renderer runs it as if its button was pressed). */
export const menuCommandSchema = z.enum(['open', 'exportSnapshot', 'exportRedacted', 'exportCsv', 'exportPng', 'help']);
export type MenuCommand = z.infer<typeof menuCommandSchema>;

const savedSchema = z.object({ path: z.string().nullable(), bytes: z.number().int().nonnegative() });
/** A view to compare: main names it from what it holds (its kind, file and time). */
const viewRef = z.object({ connectionId: z.string() });

// ---- hot keys of a row ----

/** Why a cell has no hot keys to show (the renderer says it in words). */
export const hotKeysUnavailableSchema = z.discriminatedUnion('reason', [
  z.object({ reason: z.literal('nothing-on-screen') }),
  z.object({ reason: z.literal('comparison') }),
  /** The cell asked about is not the one on screen any more (a refresh moved the rows). */
  z.object({ reason: z.literal('gone') }),
  /** A row of cold routes folded together: elastickv samples hot keys per route. */
  z.object({ reason: z.literal('aggregate'), routeCount: z.number().int().nonnegative() }),
  z.object({ reason: z.literal('not-a-route'), bucketId: z.string() }),
  /** Hot keys are sampled for writes only (elastickv v1). */
  z.object({ reason: z.literal('series') }),
  /** A snapshot keeps only the hot keys opened before it was exported. */
  z.object({ reason: z.literal('not-in-file') }),
  /** A capture records matrices, not hot keys. */
  z.object({ reason: z.literal('capture') }),
]);
export type HotKeysUnavailable = z.infer<typeof hotKeysUnavailableSchema>;

export const hotKeysViewSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('unavailable'), why: hotKeysUnavailableSchema }),
  /** An older column: nodes keep only their latest window; the user may ask for that instead. */
  z.object({ state: z.literal('older-column') }),
  z.object({
    state: z.literal('answer'),
    saved: savedHotKeysSchema,
    /** The row's writes in the latest column (for each key's share). */
    rowTotal: z.number().nonnegative(),
    /** From the snapshot file, not asked now. */
    fromFile: z.boolean(),
  }),
]);
export type HotKeysView = z.infer<typeof hotKeysViewSchema>;

// ---- the cluster's balance (docs/balance.md) ----

/** Figures as the engine gives them (a node's counts are checked where its answer is parsed). */
const count = z.number();

/**
 * The part of the window the heatmap is zoomed to, as slot times: [fromMs, toMs), toMs null for
 * "to the end". Whole merged columns (core/balance/span.ts).
 */
export const timeSpanSchema = z.object({ fromMs: z.number(), toMs: z.number().nullable() })
  .refine((s) => s.toMs === null || s.toMs > s.fromMs, 'span: toMs after fromMs');
export type TimeSpan = z.infer<typeof timeSpanSchema>;
/** A span as one string (cache keys, data attributes); '' for the whole window. */
export const spanKey = (span: TimeSpan | null): string => (span ? `${span.fromMs}:${span.toMs ?? ''}` : '');
const imbalance = z.number().nullable();

/**
 * Which node carries the traffic of the view on screen: the engine's figures (core/balance) as
 * they are. Nodes are in configured order (those that answered); `busiest`, a window's totals and
 * a move's `from`/`to` are positions in `nodes`. The per-window table crosses as flat typed arrays
 * (it can be long): `windowTotals` is windows × nodes, row-major, NaN where a node has no column in
 * that window; `windowImbalance` NaN where a window counted nothing; `windowBusiest` -1 then.
 */
export const balanceSchema = z.object({
  series: seriesSchema,
  /** The span weighed (as asked); null: the whole window. */
  span: timeSpanSchema.nullable(),
  total: count,
  imbalance,
  busiest: z.number().int().nonnegative().nullable(),
  nodes: z.array(z.object({
    node: z.string(),
    nodeId: z.string().nullable(),
    total: count,
    share: z.number(),
    /** Raft groups it leads per its GET /cluster; null when that is not known (ids: Go uint64s, past 2^53 rounded). */
    leads: z.array(uint64).nullable(),
    /** What those groups carried on it; null with `leads`. */
    ledTotal: count.nullable(),
    /** Its traffic per Raft group, busiest first (bounded: MAX_BALANCE_GROUPS). */
    groups: z.array(z.object({ groupId: uint64, total: count })),
    groupsOmitted: z.number().int().nonnegative(),
    ungrouped: count,
  })),
  stepMs: z.number().positive().nullable(),
  windowMs: z.instanceof(Float64Array),
  windowTotals: z.instanceof(Float64Array),
  windowImbalance: z.instanceof(Float64Array),
  windowBusiest: z.instanceof(Int32Array),
  /** The best one or two leadership moves (an estimate; nothing is ever moved). */
  whatIf: z.array(z.object({ groupId: uint64, from: z.number().int().nonnegative(), to: z.number().int().nonnegative(),
    moved: count, imbalanceBefore: z.number(), imbalanceAfter: z.number() })),
  membershipKnown: z.boolean(),
  leftOut: z.array(z.object({ node: z.string(), duplicateOf: z.string() })),
  /** Configured nodes that gave nothing: the figures are over the others. */
  failed: z.array(z.object({ node: z.string(), error: z.string() })),
  notes: z.array(z.string()),
  /** The figure's definition, in the engine's words. */
  definition: z.string(),
}).refine((b) => {
  const w = b.windowMs.length;
  const n = b.nodes.length;
  const inNodes = (i: number | null): boolean => i === null || i < n;
  return b.windowTotals.length === w * n && b.windowImbalance.length === w && b.windowBusiest.length === w && inNodes(b.busiest)
    && b.whatIf.every((m) => m.from < n && m.to < n) && b.windowBusiest.every((i) => i >= -1 && i < n);
}, 'balance: windows × nodes arrays, positions within the nodes');
export type BalanceView = z.infer<typeof balanceSchema>;

/** Why a view has no balance to show (the renderer says it in words). */
export const balanceUnavailableSchema = z.discriminatedUnion('reason', [
  z.object({ reason: z.literal('nothing-on-screen') }),
  /** B − A is a difference, not any node's traffic: open either side to weigh it. */
  z.object({ reason: z.literal('comparison') }),
  /** No node's own answer in the view (an older snapshot that kept only the merged matrix). */
  z.object({ reason: z.literal('no-node-answers') }),
  /** The engine refused the answers (e.g. of different series), in its words. */
  z.object({ reason: z.literal('refused'), message: z.string() }),
]);
export type BalanceUnavailable = z.infer<typeof balanceUnavailableSchema>;

export const balanceAnswerSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('unavailable'), why: balanceUnavailableSchema }),
  z.object({ state: z.literal('balance'), balance: balanceSchema }),
]);
export type BalanceAnswer = z.infer<typeof balanceAnswerSchema>;

/**
 * Which node served some rows of the matrix on screen over a span, named by bucket_id (as hot keys
 * are): an answer is then about those buckets even when the round on screen changed meanwhile.
 */
export const servedRequestSchema = z.object({
  connectionId: z.string(),
  buckets: z.array(z.string()).min(1).max(MAX_SAVED_ROWS),
  span: timeSpanSchema.nullable(),
});

export const servedAnswerSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('unavailable'), why: balanceUnavailableSchema }),
  z.object({
    state: z.literal('served'),
    /** Per node that answered, in configured order (as the balance's nodes). */
    nodes: z.array(z.object({ node: z.string(), nodeId: z.string().nullable(), total: count, share: z.number() })),
    total: count,
  }),
]);
export type ServedAnswer = z.infer<typeof servedAnswerSchema>;

const idRequest = z.object({ id: z.string().min(1) });
const connectionRequest = z.object({ connectionId: z.string() });

export const IPC = {
  demoStatus: { channel: INVOKE_CHANNELS.demoStatus, request: z.undefined(), response: demoStatusSchema },
  open: { channel: INVOKE_CHANNELS.open, request: openRequestSchema, response: openResponseSchema },
  /** A connection to the built-in Demo cluster: its credentials stay in the main process. */
  openDemo: { channel: INVOKE_CHANNELS.openDemo, request: z.undefined(), response: openResponseSchema },
  fetch: { channel: INVOKE_CHANNELS.fetch, request: fetchRequestSchema, response: clusterViewSchema },
  close: { channel: INVOKE_CHANNELS.close, request: z.object({ connectionId: z.string() }), response: z.null() },
  /** Row and column index into the connection's last view; null when that view is gone. */
  cell: {
    channel: INVOKE_CHANNELS.cell,
    request: z.object({ connectionId: z.string(), row: z.number().int().nonnegative(), col: z.number().int().nonnegative() }),
    response: cellDetailSchema.nullable(),
  },
  identify: { channel: INVOKE_CHANNELS.identify, request: connectionRequest, response: identityResponseSchema },
  /** Peers named by the connection's first node when it fans out (contract §7.2 option 2), for the user to confirm. */
  discover: {
    channel: INVOKE_CHANNELS.discover,
    request: connectionRequest,
    /** `nodes`: the addresses not asked yet (compared as nodes); `named`: how many the seed named in all. */
    response: z.object({ connectionId: z.string(), named: z.number().int().nonnegative(), nodes: z.array(z.string()) }),
  },
  profiles: { channel: INVOKE_CHANNELS.profiles, request: z.undefined(), response: profileListSchema },
  saveProfile: {
    channel: INVOKE_CHANNELS.saveProfile,
    request: z.object({ id: z.string().nullable(), profile: profileInputSchema }),
    response: z.object({ id: z.string() }),
  },
  duplicateProfile: { channel: INVOKE_CHANNELS.duplicateProfile, request: idRequest, response: z.object({ id: z.string() }) },
  deleteProfile: { channel: INVOKE_CHANNELS.deleteProfile, request: idRequest, response: z.null() },
  /** Start a fresh store on the user's explicit request (the old file is kept aside). */
  resetProfiles: { channel: INVOKE_CHANNELS.resetProfiles, request: z.undefined(), response: z.object({ backup: z.string().nullable() }) },
  connectProfile: { channel: INVOKE_CHANNELS.connectProfile, request: connectProfileRequestSchema, response: connectProfileResponseSchema },
  forgetSecret: { channel: INVOKE_CHANNELS.forgetSecret, request: idRequest, response: z.null() },
  /** The certificate an https:// node presents, shown before its fingerprint is pinned. */
  certificate: {
    channel: INVOKE_CHANNELS.certificate,
    request: z.object({ node: z.string().min(1), caFile: z.string().optional() }),
    response: peerCertificateSchema,
  },
  /**
   * Log in to a draft's nodes (the secret typed, or the one remembered for the profile `id` and
   * the draft's access key), ask each node once, log out: nothing is saved or remembered.
   */
  testProfile: {
    channel: INVOKE_CHANNELS.testProfile,
    request: z.object({ id: z.string().nullable(), profile: profileInputSchema, secret: z.string().min(1).optional() }),
    response: testProfileResponseSchema,
  },
  /** Save dialog, then the export file; path null = cancelled. */
  exportProfile: {
    channel: INVOKE_CHANNELS.exportProfile,
    request: z.object({ id: z.string().min(1), includeSecret: z.boolean(), passphrase: z.string().optional() }),
    response: z.object({ path: z.string().nullable() }),
  },
  /** Open dialog (no token), then the follow-ups of the same file (token). */
  importProfile: {
    channel: INVOKE_CHANNELS.importProfile,
    request: z.object({ token: z.string().optional(), onClash: z.enum(['ask', 'rename', 'replace']), passphrase: z.string().optional(),
      remember: z.boolean().optional(), acceptWeakStorage: z.boolean().optional() }),
    response: importResponseSchema,
  },
  /** Save dialog, then the view as a snapshot (optionally with keys redacted) or as CSV. */
  exportView: {
    channel: INVOKE_CHANNELS.exportView,
    request: z.object({ connectionId: z.string(), format: z.enum(['snapshot', 'csv']), redact: z.boolean(), label: z.string().max(300),
      series: seriesSchema }),
    response: savedSchema,
  },
  /** The heatmap picture the renderer drew (PNG bytes), through a save dialog. */
  savePng: {
    channel: INVOKE_CHANNELS.savePng,
    request: z.object({ png: z.instanceof(Uint8Array).refine((b) => b.byteLength <= MAX_PNG_BYTES, 'a picture over 64 MiB'),
      label: z.string().max(300), series: seriesSchema }),
    response: savedSchema,
  },
  /** A snapshot file as a read-only view: `path` from a drop, the command line or the recent list; none = open dialog. */
  openSnapshot: {
    channel: INVOKE_CHANNELS.openSnapshot,
    request: z.object({ path: z.string().min(1).optional(), remember: z.boolean().optional() }),
    response: z.discriminatedUnion('state', [
      z.object({ state: z.literal('cancelled') }),
      openResponseSchema.extend({ state: z.literal('open'), snapshot: snapshotInfoSchema, capture: captureInfoSchema.nullable() }),
    ]),
  },
  recentFiles: {
    channel: INVOKE_CHANNELS.recentFiles,
    request: z.undefined(),
    response: z.object({ files: z.array(z.object({ path: z.string(), label: z.string(), openedAt: z.string() })), error: z.string().nullable() }),
  },
  /** B − A of two open views of one series. */
  compare: { channel: INVOKE_CHANNELS.compare, request: z.object({ a: viewRef, b: viewRef }), response: openResponseSchema },
  /** Record the live view every N into a file (save dialog first); progress comes as capture:event. */
  startCapture: {
    channel: INVOKE_CHANNELS.startCapture,
    request: z.object({
      connectionId: z.string(), label: z.string().max(300), everyMs: z.number().int().min(MIN_CAPTURE_EVERY_MS).max(MAX_CAPTURE_EVERY_MS),
      forMs: z.number().int().positive().max(MAX_CAPTURE_FOR_MS).nullable(),
      query: matrixQuerySchema,
    }),
    response: z.object({ path: z.string().nullable() }),
  },
  stopCapture: { channel: INVOKE_CHANNELS.stopCapture, request: z.undefined(), response: z.null() },
  /** The capture recording now, if any (a reloaded window catches up with it). */
  captureStatus: {
    channel: INVOKE_CHANNELS.captureStatus,
    request: z.undefined(),
    response: z.object({ path: z.string(), seq: z.number().int(), segments: z.array(segmentSchema), fileBytes: z.number() }).nullable(),
  },
  /** Show poll `index` (0-based) of a capture opened for replay; fetch then returns it. */
  captureFrame: { channel: INVOKE_CHANNELS.captureFrame, request: z.object({ connectionId: z.string(), index: z.number().int().nonnegative() }), response: z.null() },
  /** The hot keys of the route behind a cell's row (contract §7.3), through the app's own fan-out. */
  hotKeys: {
    channel: INVOKE_CHANNELS.hotKeys,
    request: z.object({ connectionId: z.string(), row: z.number().int().nonnegative(), col: z.number().int().nonnegative(),
      /** The row's bucket as the renderer sees it: a view replaced meanwhile is not answered for another row. */
      bucketId: z.string(), top: z.number().int().min(1).max(MAX_HOTKEYS_TOP), latest: z.boolean().optional() }),
    response: hotKeysViewSchema,
  },
  /** Which node carries the traffic of the view on screen (computed once per round shown). */
  balance: { channel: INVOKE_CHANNELS.balance, request: connectionRequest.extend({ span: timeSpanSchema.nullable().optional() }), response: balanceAnswerSchema },
  served: { channel: INVOKE_CHANNELS.served, request: servedRequestSchema, response: servedAnswerSchema },
  /** What the app was started with (a file to open, from the command line). */
  startup: { channel: INVOKE_CHANNELS.startup, request: z.undefined(), response: z.object({ openFile: z.string().nullable() }) },
} as const;

export type IpcName = keyof typeof IPC;
export type IpcRequest<N extends IpcName> = z.infer<(typeof IPC)[N]['request']>;
export type IpcResponse<N extends IpcName> = z.infer<(typeof IPC)[N]['response']>;

// The contract and the channel list name the same calls (a missing or extra one fails here).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameNames: Same<IpcName, InvokeName> = true;
void sameNames;
