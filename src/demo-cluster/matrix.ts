// A node's local KeyViz matrix, built the way elastickv's handler does (contract §3):
// query parsing with its defaults and clamps, the pivot of ring columns into rows,
// the row budget, and the final key order.
import { type MatrixRow, SERIES, type Series } from '../shared/elastickv/wire';
import type { SamplerBucket } from './keyspace';
import type { Cell, LeadRun, TrafficModel } from './traffic';
import { type RenderedRows, renderedCounts } from './rendered-counts';
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
  // A node's flush times rise with the column, so the window is one stretch of the history: found
  // by bisection rather than by a flush time per column.
  const first = last - history + 1;
  const lo = fromMs === 0 ? first : firstAtOrAfter(model, node, first, last + 1, fromMs);
  const hi = toMs === 0 ? last + 1 : firstAtOrAfter(model, node, lo, last + 1, toMs);
  const out: number[] = [];
  for (let k = lo; k < hi; k++) out.push(k);
  return out;
}

/** The first column in [from, to) whose flush time on `node` is ≥ ms (`to` if none). */
function firstAtOrAfter(model: TrafficModel, node: number, from: number, to: number, ms: number): number {
  let a = from;
  let b = to;
  while (a < b) {
    const m = a + Math.floor((b - a) / 2);
    if (model.columnAt(node, m) >= ms) b = m;
    else a = m + 1;
  }
  return a;
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

/** `0,` repeated, for the columns a node did not count: copied (a view of it), not formatted. */
let zeroCells = new Uint8Array(0);

function zeros(count: number): Uint8Array {
  if (zeroCells.length < 2 * count) {
    const b = Buffer.alloc(Math.max(2 * count, 2 * zeroCells.length, 4096), '0,', 'latin1');
    zeroCells = new Uint8Array(b.buffer, b.byteOffset, b.length);
  }
  return zeroCells.subarray(0, 2 * count);
}

/**
 * `pivotKeyVizColumns` + row budget + final sort (contract §3.5), written as the node's answer body
 * (trailing newline included). A row is written by its group's LeadRuns, not cell by cell through
 * countsIn: where another node leads, its zeros are one copy; where this node leads, its reads or
 * writes are one copy of their pre-written text (RenderedCounts; a ring too big to keep that, and
 * byte counts, which are per node, are formatted here); group ids and terms come out as runs. Only
 * hand-over columns ask countsIn. The work per answer is per run, not per cell: a Demo's first
 * answer runs in code V8 has not optimised yet.
 */
export function writeLocalMatrix(model: TrafficModel, node: number, nowMs: number, history: number,
  params: MatrixParams, generatedAt: string): Buffer {
  const ks = columnsInWindow(model, node, nowMs, history, params.fromMs, params.toMs);
  const width = ks.length;
  const slots = model.ensure(ks);
  const cell: Cell = { reads: 0, writes: 0, readBytes: 0, writeBytes: 0, group: 0, term: 0 };
  const series = params.series;
  const text = renderedCounts(model);
  const active = text.active();
  const c = model.ringLength;
  const runsByGroup = new Map<number, LeadRun[]>();
  const runsOf = (g: number): LeadRun[] => {
    let runs = runsByGroup.get(g);
    if (!runs) { runs = model.leadRuns(g, slots); runsByGroup.set(g, runs); }
    return runs;
  };
  // A node lists the buckets it counted anything for in the window, in any series ...
  const candidates: Candidate[] = [];
  for (let i = 0; i < model.buckets.length; i++) {
    const b = model.buckets[i]!;
    if (counted(model, runsOf(b.groupId), active.subarray(i * c, i * c + c), node, i, cell)) candidates.push({ bucket: b, index: i, total: 0 });
  }
  // ... and over the budget keeps the busiest in the series asked.
  if (candidates.length > params.rows) {
    for (const cand of candidates) {
      for (let j = 0; j < width; j++) {
        if (model.countsIn(slots[j]!, node, cand.index, cell)) cand.total += pick(model, cell, series, node, cand.index, ks[j]!);
      }
    }
  }
  const list = budgetAndOrder(candidates, params.rows);

  const out = new JsonBytes(64 + 16 * width + list.length * (160 + 12 * width));
  out.ascii('{"column_unix_ms":[');
  // The window's slots run on by one, but for one wrap of the ring.
  const times = text.times(node);
  for (let j = 0; j < width;) {
    let end = j + 1;
    while (end < width && slots[end] === slots[end - 1]! + 1) end++;
    copyText(out, times, node, slots[j]!, slots[end - 1]! + 1);
    j = end;
  }
  if (width > 0) out.len--; // the last comma
  out.ascii('],"rows":[');
  // A row's group ids and terms as runs of one (group, term), gathered while its values are written.
  const runs = new Runs(width + 1);
  const direct = series === 'reads' || series === 'writes';
  const counts = direct && text.keepsCountText ? text.counts(series === 'writes', list.map((row) => row.index)) : null;
  const ring = series === 'reads' ? model.ringReads : model.ringWrites;
  for (let r = 0; r < list.length; r++) {
    const index = list[r]!.index;
    const bucket = model.buckets[index]!;
    if (r > 0) out.byte(0x2c);
    out.bytes(rowHead(model, index));
    runs.clear();
    const base = index * c;
    const act = active.subarray(base, base + c);
    const gid = bucket.aggregate ? 0 : bucket.groupId;
    for (const run of runsOf(bucket.groupId)) {
      const len = run.j1 - run.j0;
      if (run.leader === -1) {
        // A hand-over: the old and new leader split the column.
        const has = model.countsIn(run.s0, node, index, cell);
        out.number(has ? pick(model, cell, series, node, index, ks[run.j0]!) : 0);
        out.byte(0x2c);
        runs.add(has ? cell.group : 0, has ? cell.term : 0, 1);
      } else if (run.leader !== node) {
        // Another node leads: zeros, and no group or term.
        out.bytes(zeros(len));
        runs.add(0, 0, len);
      } else {
        // This node leads: the ring's counts are all its own; a slot with none has no group or term.
        const end = run.s0 + len;
        if (counts) copyText(out, counts, index, run.s0, end);
        else if (direct) out.cells(ring, base + run.s0, len);
        else {
          for (let s = run.s0, j = run.j0; s < end; s++, j++) {
            const w = series === 'write_bytes';
            out.number(model.bytesOf(node, index, ks[j]!, w ? model.ringWrites[base + s]! : model.ringReads[base + s]!, w));
            out.byte(0x2c);
          }
        }
        const label = bucket.aggregate ? 0 : run.label;
        for (let s = run.s0; s < end;) {
          const on = act[s] === 1;
          let next = act.indexOf(on ? 0 : 1, s + 1);
          if (next < 0 || next > end) next = end;
          runs.add(on ? gid : 0, on ? label : 0, next - s);
          s = next;
        }
      }
    }
    if (width > 0) out.len--; // the last comma
    out.byte(0x5d);
    if (width > 0) { // omitempty: a zero-length slice is left out
      out.ascii(',"raft_group_ids":[');
      runs.write(out, false);
      out.ascii('],"leader_terms":[');
      runs.write(out, true);
      out.byte(0x5d);
    }
    out.byte(0x7d);
  }
  out.ascii(`],"series":${JSON.stringify(series)},"generated_at":${JSON.stringify(generatedAt)}}\n`);
  return out.done();
}

/** Cells [from, to) of row r of text (commas included). */
function copyText(out: JsonBytes, text: RenderedRows, r: number, from: number, to: number): void {
  const at = r * (text.at.length / text.written.length);
  out.bytes(text.bytes[r]!.subarray(text.at[at + from]!, text.at[at + to]!));
}

/** Runs of equal (group, term) cells along a row. */
class Runs {
  private readonly group: Float64Array;
  private readonly term: Float64Array;
  private readonly len: Int32Array;
  private n = 0;

  constructor(max: number) {
    this.group = new Float64Array(max);
    this.term = new Float64Array(max);
    this.len = new Int32Array(max);
  }

  clear(): void {
    this.n = 0;
  }

  add(group: number, term: number, len: number): void {
    const last = this.n - 1;
    if (last >= 0 && this.group[last] === group && this.term[last] === term) { this.len[last]! += len; return; }
    this.group[this.n] = group;
    this.term[this.n] = term;
    this.len[this.n++] = len;
  }

  /** The groups (or terms) as JSON numbers, comma-separated. */
  write(out: JsonBytes, terms: boolean): void {
    const values = terms ? this.term : this.group;
    for (let q = 0; q < this.n; q++) out.repeat(values[q]!, this.len[q]!);
    if (this.n > 0) out.len--; // the last comma
  }
}

/** Whether a node counted anything for bucket `index` (`active`: its row) in the window its group's runs cover. */
function counted(model: TrafficModel, runs: readonly LeadRun[], active: Uint8Array, node: number, index: number, cell: Cell): boolean {
  for (const run of runs) {
    if (run.leader === -1) {
      if (model.countsIn(run.s0, node, index, cell)) return true;
    } else if (run.leader === node) {
      const at = active.indexOf(1, run.s0);
      if (at >= 0 && at < run.s0 + run.j1 - run.j0) return true;
    }
  }
  return false;
}
