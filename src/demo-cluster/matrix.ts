// A node's local KeyViz matrix, built the way elastickv's handler does (contract §3):
// query parsing with its defaults and clamps, the pivot of ring columns into rows,
// the row budget, and the final key order.
import { type MatrixRow, SERIES, type Series } from '../shared/elastickv/wire';
import type { SamplerBucket } from './keyspace';
import type { Cell, TrafficModel } from './traffic';
import { MAX_ROWS } from '../shared/limits';
/** `rows` default and cap (contract §3.2). */

export interface MatrixParams {
  series: Series;
  /** 0 = unbounded, as on the wire. */
  fromMs: number;
  toMs: number;
  rows: number;
}

export type ParseResult = { ok: true; params: MatrixParams } | { ok: false; message: string };

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Go's strconv.ParseInt(s, 10, 64) (and Atoi on 64-bit): optional sign, ASCII digits, in range. */
export function parseGoInt64(s: string): number | null {
  if (!/^[+-]?[0-9]+$/.test(s)) return null;
  const v = BigInt(s);
  if (v < INT64_MIN || v > INT64_MAX) return null;
  return Number(v);
}

/** `parseKeyVizParams`: the first value of each parameter; unknown parameters are ignored. */
export function parseMatrixParams(query: URLSearchParams): ParseResult {
  const seriesRaw = query.get('series') ?? '';
  let series: Series = 'writes';
  if (seriesRaw !== '') {
    if (!(SERIES as readonly string[]).includes(seriesRaw)) {
      return { ok: false, message: 'series must be one of: reads, writes, read_bytes, write_bytes' };
    }
    series = seriesRaw as Series;
  }
  const window = parseWindow(query);
  if (!window.ok) return window;
  let rows = MAX_ROWS;
  const rowsRaw = query.get('rows') ?? '';
  if (rowsRaw !== '') {
    const v = parseGoInt64(rowsRaw);
    if (v === null) return { ok: false, message: 'rows must be an integer' };
    rows = v <= 0 || v > MAX_ROWS ? MAX_ROWS : v;
  }
  return { ok: true, params: { series, fromMs: window.fromMs, toMs: window.toMs, rows } };
}

/** `from_unix_ms` / `to_unix_ms` as elastickv reads them (absent = 0), for the matrix and hot keys. */
export function parseWindow(query: URLSearchParams): { ok: true; fromMs: number; toMs: number } | { ok: false; message: string } {
  const bounds: number[] = [];
  for (const name of ['from_unix_ms', 'to_unix_ms']) {
    const raw = query.get(name) ?? '';
    if (raw === '') { bounds.push(0); continue; }
    const v = parseGoInt64(raw);
    if (v === null) return { ok: false, message: `${name} must be an integer (unix milliseconds)` };
    bounds.push(v);
  }
  return { ok: true, fromMs: bounds[0]!, toMs: bounds[1]! };
}

/** A local matrix as a node sends it (no `fanout`, always a `generated_at`). */
export interface WireMatrix {
  column_unix_ms: number[];
  rows: MatrixRow[];
  series: Series;
  generated_at: string;
}

interface PivotRow {
  bucket: SamplerBucket;
  values: number[];
  groups: number[];
  terms: number[];
  total: number;
}

function pick(cell: Cell, series: Series): number {
  switch (series) {
    case 'reads': return cell.reads;
    case 'writes': return cell.writes;
    case 'read_bytes': return cell.readBytes;
    case 'write_bytes': return cell.writeBytes;
  }
}

function compareBytes(a: Buffer | null, b: Buffer | null): number {
  // An empty (null) start sorts first.
  return Buffer.compare(a ?? Buffer.alloc(0), b ?? Buffer.alloc(0));
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * `applyKeyVizRowBudget` then the final sort: over budget, keep the top `budget` rows by total
 * activity (ties by bucket_id); then order by raw start bytes (null first), ties by bucket_id.
 */
export function budgetAndOrder<R extends { bucket: { bucketId: string; start: Buffer | null }; total: number }>(
  rows: R[], budget: number,
): R[] {
  let list = rows;
  if (list.length > budget) {
    list = [...list].sort((a, b) => b.total - a.total || compareIds(a.bucket.bucketId, b.bucket.bucketId)).slice(0, budget);
  }
  return [...list].sort((a, b) => compareBytes(a.bucket.start, b.bucket.start) || compareIds(a.bucket.bucketId, b.bucket.bucketId));
}

/** Ring columns of a node in [from, to) (0 = unbounded), oldest first, as column indices. */
export function columnsInWindow(model: TrafficModel, node: number, nowMs: number, history: number,
  fromMs: number, toMs: number): number[] {
  const last = model.latestColumn(node, nowMs);
  const out: number[] = [];
  for (let k = last - history + 1; k <= last; k++) {
    const at = model.columnAt(node, k);
    if (fromMs !== 0 && at < fromMs) continue;
    if (toMs !== 0 && at >= toMs) continue;
    out.push(k);
  }
  return out;
}

/** `pivotKeyVizColumns` + row budget + final sort (contract §3.5). */
export function buildLocalMatrix(model: TrafficModel, node: number, nowMs: number, history: number,
  params: MatrixParams): Omit<WireMatrix, 'generated_at'> {
  const ks = columnsInWindow(model, node, nowMs, history, params.fromMs, params.toMs);
  const width = ks.length;
  const rows: Array<PivotRow | undefined> = new Array<PivotRow | undefined>(model.buckets.length);
  const cell: Cell = { reads: 0, writes: 0, readBytes: 0, writeBytes: 0, group: 0, term: 0 };
  for (let j = 0; j < width; j++) {
    const k = ks[j]!;
    const col = model.column(k);
    for (let i = 0; i < model.buckets.length; i++) {
      if (!model.cellIn(col, node, i, cell)) continue;
      let row = rows[i];
      if (!row) {
        row = { bucket: model.buckets[i]!, values: new Array<number>(width).fill(0),
          groups: new Array<number>(width).fill(0), terms: new Array<number>(width).fill(0), total: 0 };
        rows[i] = row;
      }
      const v = pick(cell, params.series);
      row.values[j] = v;
      row.groups[j] = cell.group;
      row.terms[j] = cell.term;
      row.total += v;
    }
  }
  const list = budgetAndOrder(rows.filter((r): r is PivotRow => r !== undefined), params.rows);
  return {
    column_unix_ms: ks.map((k) => model.columnAt(node, k)),
    rows: list.map(toWireRow),
    series: params.series,
  };
}

function toWireRow(r: PivotRow): MatrixRow {
  const b = r.bucket;
  // Key order follows elastickv's KeyVizRow struct; optional fields are omitted like Go's omitempty.
  const row = { bucket_id: b.bucketId } as MatrixRow;
  if (b.label) row.label = b.label;
  row.start = b.start ? b.start.toString('base64') : null;
  row.end = b.end ? b.end.toString('base64') : null;
  row.aggregate = b.aggregate;
  if (b.aggregate && b.routeIds.length > 0) row.route_ids = [...b.routeIds];
  if (b.aggregate && b.routeCount > b.routeIds.length) row.route_ids_truncated = true;
  row.route_count = b.aggregate ? b.routeCount || b.routeIds.length : 1;
  row.values = r.values;
  if (r.values.length > 0) {
    row.raft_group_ids = r.groups;
    row.leader_terms = r.terms;
  }
  return row;
}
