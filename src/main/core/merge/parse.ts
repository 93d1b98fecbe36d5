// One node's matrix JSON → the typed-array form, validated at this trust boundary.
// zod checks the shape; numeric arrays are checked element by element while they are copied
// into typed arrays (one pass, errors name the field), which keeps 25 M cells fast.
// The streaming decoder (./stream) reads the same answers from bytes and applies the rules
// exported here (schemas, checks, their order, messages): one definition of a valid answer.
import { z } from 'zod';
import { keyB64Text, SERIES, type Series } from '../../../shared/elastickv/wire';
import type { MergeWarning, NodeMatrix, NodeRow, UintArray } from './types';
import { fieldPath } from '../../../shared/issues';
import { hasControl } from '../../../shared/node-text';
import { MAX_HISTORY_COLUMNS, MAX_ROWS, MAX_SAME_TIMESTAMP, MAX_SAVED_ROWS, MAX_UINT64 } from '../../../shared/limits';
import { errorText } from '../../../shared/error-text';

export class MatrixInputError extends Error {
  constructor(readonly source: string, readonly detail: string) {
    super(`${source}: ${detail}`);
  }
}

const array = z.custom<unknown[]>((v) => Array.isArray(v), { message: 'expected an array' });
// Absent and null are both Go's nil slice: the zero value.
const optionalArray = array.nullable().optional();

// Ids and labels reach messages, the terminal and the page: elastickv's are plain ASCII (§3.5).
const plain = z.string().refine((t) => !hasControl(t), 'contains control characters, which no elastickv id or label has');

export const rowSchema = z.object({
  bucket_id: plain,
  label: plain.optional(),
  start: keyB64Text.nullable().optional(),
  end: keyB64Text.nullable().optional(),
  aggregate: z.boolean().optional(),
  route_ids: optionalArray,
  route_ids_truncated: z.boolean().optional(),
  route_count: z.number().int().nonnegative().optional(),
  values: array,
  raft_group_ids: optionalArray,
  leader_terms: optionalArray,
  // conflict / conflicts are ignored, as elastickv's merge does; not even type-checked.
});

export const matrixSchema = z.object({
  column_unix_ms: array,
  rows: z.array(z.unknown()),
  series: z.enum(SERIES),
  generated_at: plain.optional(),
  fanout: z.unknown().optional(),
});

export function zodDetail(err: z.ZodError, prefix: string): string {
  const issue = err.issues[0]!;
  return `${fieldPath([...(prefix ? [prefix] : []), ...issue.path]) || 'the document'}: ${issue.message}`;
}

export interface Ctx {
  source: string;
  index: number;
  warnings: MergeWarning[];
}

const BIG = Number.MAX_SAFE_INTEGER;
/** Go's int64 bounds (a column time beyond them is not a Unix millisecond). */
const MAX_INT64 = 2 ** 63;

/**
 * What the request allows an answer to hold (checked before any per-cell work, so a small answer
 * cannot ask for unbounded rows, columns or time). Defaults: a local answer to an unbounded request.
 */
export interface AnswerLimits {
  /** The row budget asked (a node never sends more). */
  rows?: number;
  /** Columns: a ring holds at most elastickv's MaxHistoryColumns. */
  columns?: number;
  /** The window asked, when bounded: every column must lie in [fromMs, toMs). */
  fromMs?: number | null;
  toMs?: number | null;
  /** How many columns may share one timestamp (a merged matrix has none twice). */
  sameTimestamp?: number;
  /** A node's answer as a file keeps it (the row bound is the file's, not a request's). */
  saved?: boolean;
}

/**
 * Copy a JSON array of unsigned integers into a typed array, checking every element: a
 * Uint32Array while every element fits, switched to a Float64Array at the first that does not.
 */
function uintArray(raw: unknown[], field: string, ctx: Ctx): UintArray {
  const small = new Uint32Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i];
    // Fast path: a uint32 (true only for numbers; "5", null and true all fail the ===).
    if (((v as number) >>> 0) === v) { small[i] = v as number; continue; }
    checkUint(v, `${field}[${i}]`, ctx);
    const wide = new Float64Array(raw.length);
    wide.set(small.subarray(0, i));
    wide[i] = v as number;
    for (let k = i + 1; k < raw.length; k++) {
      const w = raw[k];
      if (((w as number) >>> 0) !== w) checkUint(w, `${field}[${k}]`, ctx);
      wide[k] = w as number;
    }
    return wide;
  }
  return small;
}

export function checkUint(v: unknown, field: string, ctx: Ctx): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw new MatrixInputError(ctx.source, `${field}: expected a non-negative integer, got ${JSON.stringify(v)}`);
  }
  // Past 2^64 it is no uint64 (and sums of such could leave what JSON can write back).
  if (v > MAX_UINT64) throw new MatrixInputError(ctx.source, `${field}: ${v} is larger than any uint64 counter (2^64)`);
  if (v > BIG) bigNumber(ctx, field, v);
}

/** Column timestamps: int64 milliseconds, negative allowed. */
function int64Array(raw: unknown[], ctx: Ctx): Float64Array {
  const out = new Float64Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = checkInt64(raw[i], i, ctx);
  return out;
}

/** One column time: an int64, or refused (warned about beyond 2^53). */
export function checkInt64(v: unknown, i: number, ctx: Ctx): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v > MAX_INT64 || v < -MAX_INT64) {
    throw new MatrixInputError(ctx.source, `column_unix_ms[${i}]: expected an int64 (Unix milliseconds), got ${JSON.stringify(v)}`);
  }
  if (v > BIG || v < -BIG) bigNumber(ctx, `column_unix_ms[${i}]`, v);
  return v;
}

function bigNumber(ctx: Ctx, field: string, v: number): void {
  // JSON.parse has already rounded it; say so instead of passing the rounded value off as exact.
  ctx.warnings.push({
    kind: 'big_number', inputs: [ctx.index],
    message: `${ctx.source}: ${field} is ${v >= 0 ? 'at least' : 'at most'} ${v >= 0 ? '2^53' : '-2^53'}; `
      + `JavaScript numbers cannot hold it exactly, so it is used rounded (${v})`,
  });
}

export type RowData = z.infer<typeof rowSchema>;

/** A row's JSON shape, checked by zod (numeric arrays only as arrays: their elements come later, in rowFrom). */
export function checkRow(raw: unknown, r: number, ctx: Ctx): RowData {
  const res = rowSchema.safeParse(raw);
  if (!res.success) throw new MatrixInputError(ctx.source, zodDetail(res.error, `rows[${r}]`));
  return res.data;
}

/** A row's numeric array as read: a JSON array here, a typed builder in the streaming decoder. */
export interface NumberList {
  readonly length: number;
  /** Every element checked (checkUint), as a typed array. */
  uints(field: string, ctx: Ctx): UintArray;
}

export interface RowLists {
  route_ids: NumberList | null | undefined;
  values: NumberList;
  raft_group_ids: NumberList | null | undefined;
  leader_terms: NumberList | null | undefined;
}

const jsonList = (a: unknown[]): NumberList => ({ length: a.length, uints: (field, ctx) => uintArray(a, field, ctx) });
const jsonListOr = (a: unknown[] | null | undefined): NumberList | null | undefined => (a ? jsonList(a) : a);

function parseRow(raw: unknown, r: number, columns: number, ctx: Ctx): NodeRow {
  const row = checkRow(raw, r, ctx);
  return rowFrom(row, {
    route_ids: jsonListOr(row.route_ids), values: jsonList(row.values),
    raft_group_ids: jsonListOr(row.raft_group_ids), leader_terms: jsonListOr(row.leader_terms),
  }, r, columns, ctx);
}

/** A checked row's lengths, then its elements (in this order, so errors are the same whatever read it). */
export function rowFrom(row: RowData, lists: RowLists, r: number, columns: number, ctx: Ctx): NodeRow {
  const f = `rows[${r}]`;
  // values (and the identity arrays, when sent) are parallel to the columns (contract §3.4): a
  // shorter row would still cost a full row in the merge, so a small answer could ask for rows × columns.
  for (const name of ['values', 'raft_group_ids', 'leader_terms'] as const) {
    const a = lists[name];
    if (a && a.length !== columns && (name === 'values' || a.length > 0)) {
      throw new MatrixInputError(ctx.source, `${f}.${name}: ${a.length} entries for ${columns} columns (it must be parallel to column_unix_ms)`);
    }
  }
  const routeIds = lists.route_ids && lists.route_ids.length > 0 ? Array.from(lists.route_ids.uints(`${f}.route_ids`, ctx)) : null;
  if ((row.route_count ?? 0) > BIG) bigNumber(ctx, `${f}.route_count`, row.route_count!);
  return {
    bucketId: row.bucket_id,
    label: row.label ?? '',
    start: row.start ?? null,
    end: row.end ?? null,
    aggregate: row.aggregate ?? false,
    routeIds,
    routeIdsTruncated: row.route_ids_truncated ?? false,
    routeCount: row.route_count ?? 0,
    values: lists.values.uints(`${f}.values`, ctx),
    groups: lists.raft_group_ids ? lists.raft_group_ids.uints(`${f}.raft_group_ids`, ctx) : null,
    terms: lists.leader_terms ? lists.leader_terms.uints(`${f}.leader_terms`, ctx) : null,
  };
}

export interface Parsed {
  matrix: NodeMatrix;
  warnings: MergeWarning[];
}

/** A node's answer as a file keeps it: the window is not checked (kept matrices span rounds), rows up to MAX_SAVED_ROWS. */
export function savedAnswerLimits(): AnswerLimits {
  return { rows: MAX_SAVED_ROWS, saved: true };
}

/** Refuse column sets the request does not allow: too many, outside the window, one time repeated. */
export function checkColumns(columns: Float64Array, limits: AnswerLimits, ctx: Ctx): void {
  const from = limits.fromMs ?? null;
  const to = limits.toMs ?? null;
  let ascending = true;
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i]!;
    // 0 and null both mean unbounded (contract §3.2).
    if ((from && c < from) || (to && c >= to)) {
      throw new MatrixInputError(ctx.source, `column_unix_ms[${i}]: ${c} lies outside the window asked `
        + `[${from || '-∞'}, ${to || '∞'}); a node answers only for the window it was asked`);
    }
    if (i > 0 && c <= columns[i - 1]!) ascending = false;
  }
  if (ascending) return;
  const most = limits.sameTimestamp ?? MAX_SAME_TIMESTAMP;
  const seen = new Map<number, number>();
  for (let i = 0; i < columns.length; i++) {
    const n = (seen.get(columns[i]!) ?? 0) + 1;
    if (n > most) {
      throw new MatrixInputError(ctx.source, `column_unix_ms[${i}]: the time ${columns[i]} appears more than ${most} `
        + `time${most === 1 ? '' : 's'}; a node's columns are its flushes, one per step`);
    }
    seen.set(columns[i]!, n);
  }
}

/**
 * Validate one node's matrix (already JSON-decoded). `index` is its position among the
 * inputs (for warnings). A `fanout` block marks an already-merged matrix: refused, because
 * merging it again would double-count. `limits`: what the request allowed (see AnswerLimits).
 */
export type TopData = z.infer<typeof matrixSchema>;

/** The document's shape (zod), then the fanout block's refusal. */
export function checkTop(json: unknown, source: string): TopData {
  const top = matrixSchema.safeParse(json);
  if (!top.success) throw new MatrixInputError(source, zodDetail(top.error, ''));
  if (top.data.fanout !== undefined) {
    throw new MatrixInputError(source, 'this matrix carries a "fanout" block: it is already merged across nodes '
      + '(asked without X-Admin-Fanout-Peer); merging it again would double-count. Use each node\'s local matrix.');
  }
  return top.data;
}

export const maxRowsOf = (limits: AnswerLimits): number => limits.rows ?? MAX_ROWS;
export const maxColumnsOf = (limits: AnswerLimits): number => limits.columns ?? MAX_HISTORY_COLUMNS;

/** `atLeast`: the streaming decoder refuses at the first row or column past the bound, before it has counted all. */
export function tooManyRows(source: string, n: number, limits: AnswerLimits, atLeast = false): MatrixInputError {
  const max = maxRowsOf(limits);
  const count = `${atLeast ? 'at least ' : ''}${n} rows`;
  return new MatrixInputError(source, limits.saved
    ? `rows: ${count}, more than a saved node answer holds (${max})`
    : `rows: ${count}, more than the ${max} asked for (a node keeps the busiest ${max})`);
}

export function tooManyColumns(source: string, n: number, limits: AnswerLimits, atLeast = false): MatrixInputError {
  return new MatrixInputError(source, `column_unix_ms: ${atLeast ? 'at least ' : ''}${n} columns, more than the ${maxColumnsOf(limits)} `
    + `a node's history can hold (elastickv keeps at most ${MAX_HISTORY_COLUMNS})`);
}

/** The empty matrix a node's `{}` or `null` stands for (Go decodes both into it; so does elastickv's fan-out). */
export const emptyMatrixJson = (series: Series): { column_unix_ms: []; rows: []; series: Series } => ({ column_unix_ms: [], rows: [], series });

export function parseNodeMatrix(json: unknown, source: string, index = 0, limits: AnswerLimits = {}): Parsed {
  const top = checkTop(json, source);
  // Counts first: the work below is then bounded by what the request allows.
  if (top.rows.length > maxRowsOf(limits)) throw tooManyRows(source, top.rows.length, limits);
  if (top.column_unix_ms.length > maxColumnsOf(limits)) throw tooManyColumns(source, top.column_unix_ms.length, limits);
  const ctx: Ctx = { source, index, warnings: [] };
  const columns = int64Array(top.column_unix_ms, ctx);
  checkColumns(columns, limits, ctx);
  const rows = top.rows.map((raw, r) => parseRow(raw, r, columns.length, ctx));
  return {
    matrix: { source, series: top.series, generatedAt: top.generated_at ?? null, columns, rows },
    warnings: ctx.warnings,
  };
}

/** `parseNodeMatrix` from text, with a clear error for text that is not JSON. */
export function parseNodeMatrixText(text: string, source: string, index = 0, limits: AnswerLimits = {}): Parsed {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new MatrixInputError(source, `not valid JSON (${errorText(err)})`);
  }
  return parseNodeMatrix(json, source, index, limits);
}
