// A node's local KeyViz matrix, built the way elastickv's handler does (contract §3):
// query parsing with its defaults and clamps, the pivot of ring columns into rows,
// the row budget, and the final key order.
import { type MatrixRow, SERIES, type Series } from '../shared/elastickv/wire';
import type { SamplerBucket } from './keyspace';
import type { Cell, TrafficModel } from './traffic';
import { JsonBytes } from './json-bytes';
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

/** A row as the pivot leaves it before the budget: its bucket and its total in the series asked. */
interface Candidate {
  bucket: SamplerBucket;
  index: number;
  total: number;
}

/** The series' count of a cell `countsIn` filled (bytes are derived only when asked for). */
function pick(model: TrafficModel, cell: Cell, series: Series, node: number, index: number, k: number): number {
  switch (series) {
    case 'reads': return cell.reads;
    case 'writes': return cell.writes;
    case 'read_bytes': return model.bytesOf(node, index, k, cell.reads, false);
    case 'write_bytes': return model.bytesOf(node, index, k, cell.writes, true);
  }
}

/** A row's fields before its values, as JSON text: the same in every answer, so made once per bucket. */
const rowHeads = new WeakMap<TrafficModel, Array<Buffer | undefined>>();

function rowHead(model: TrafficModel, index: number): Buffer {
  let heads = rowHeads.get(model);
  if (!heads) { heads = []; rowHeads.set(model, heads); }
  const cached = heads[index];
  if (cached) return cached;
  const b = model.buckets[index]!;
  // Key order follows elastickv's KeyVizRow struct; optional fields are omitted like Go's omitempty.
  const row: Partial<MatrixRow> = { bucket_id: b.bucketId };
  if (b.label) row.label = b.label;
  row.start = b.start ? b.start.toString('base64') : null;
  row.end = b.end ? b.end.toString('base64') : null;
  row.aggregate = b.aggregate;
  if (b.aggregate && b.routeIds.length > 0) row.route_ids = [...b.routeIds];
  if (b.aggregate && b.routeCount > b.routeIds.length) row.route_ids_truncated = true;
  row.route_count = b.aggregate ? b.routeCount || b.routeIds.length : 1;
  const head = Buffer.from(`${JSON.stringify(row).slice(0, -1)},"values":[`, 'utf8');
  heads[index] = head;
  return head;
}

/**
 * `pivotKeyVizColumns` + row budget + final sort (contract §3.5), written as the node's answer body
 * (trailing newline included): every number goes from the ring's typed columns straight into bytes.
 */
export function writeLocalMatrix(model: TrafficModel, node: number, nowMs: number, history: number,
  params: MatrixParams, generatedAt: string): Buffer {
  const ks = columnsInWindow(model, node, nowMs, history, params.fromMs, params.toMs);
  const width = ks.length;
  const slots = model.ensure(ks);
  const cell: Cell = { reads: 0, writes: 0, readBytes: 0, writeBytes: 0, group: 0, term: 0 };
  const series = params.series;
  // A node lists the buckets it counted anything for in the window, in any series ...
  const candidates: Candidate[] = [];
  for (let i = 0; i < model.buckets.length; i++) {
    for (let j = 0; j < width; j++) {
      if (model.countsIn(slots[j]!, node, i, cell)) { candidates.push({ bucket: model.buckets[i]!, index: i, total: 0 }); break; }
    }
  }
  // ... and over the budget keeps the busiest in the series asked.
  if (candidates.length > params.rows) {
    for (const c of candidates) {
      for (let j = 0; j < width; j++) {
        if (model.countsIn(slots[j]!, node, c.index, cell)) c.total += pick(model, cell, series, node, c.index, ks[j]!);
      }
    }
  }
  const list = budgetAndOrder(candidates, params.rows);

  const out = new JsonBytes(64 + 16 * width + list.length * (160 + 12 * width));
  out.ascii('{"column_unix_ms":[');
  for (let j = 0; j < width; j++) {
    if (j > 0) out.byte(0x2c);
    out.number(model.flushAt(node, slots[j]!));
  }
  out.ascii('],"rows":[');
  const values = new Float64Array(width);
  const groups = new Float64Array(width);
  const terms = new Float64Array(width);
  list.forEach((row, r) => {
    if (r > 0) out.byte(0x2c);
    out.bytes(rowHead(model, row.index));
    for (let j = 0; j < width; j++) {
      if (model.countsIn(slots[j]!, node, row.index, cell)) {
        values[j] = pick(model, cell, series, node, row.index, ks[j]!);
        groups[j] = cell.group;
        terms[j] = cell.term;
      } else {
        values[j] = 0;
        groups[j] = 0;
        terms[j] = 0;
      }
    }
    out.numbers(values, width);
    out.byte(0x5d);
    if (width > 0) { // omitempty: a zero-length slice is left out
      out.ascii(',"raft_group_ids":[');
      out.numbers(groups, width);
      out.ascii('],"leader_terms":[');
      out.numbers(terms, width);
      out.byte(0x5d);
    }
    out.byte(0x7d);
  });
  out.ascii(`],"series":${JSON.stringify(series)},"generated_at":${JSON.stringify(generatedAt)}}\n`);
  return out.done();
}
