// elastickv's `mergeKeyVizMatrices` (contract §5.4), rule for rule, on typed arrays.
// Input order is priority order: the first input plays elastickv's "local".
//
// Identity ties (two (group, term) keys holding the same largest value): elastickv picks by Go
// map order, i.e. at random. Here the key seen first in input order wins: deterministic, and the
// highest-priority node's view.
import type { Series } from '../../../shared/elastickv/wire';
import type { MergedMatrix, MergedRow, NodeMatrix, NodeRow, UintArray } from './types';

export const isWriteSeries = (series: Series): boolean => series === 'writes' || series === 'write_bytes';

/** Sorted union of exact column timestamps, and for each input: output column → its column (-1 = none). */
export function columnUnion(inputs: readonly NodeMatrix[]): { columns: Float64Array; inverse: Int32Array[] } {
  const all = new Set<number>();
  for (const m of inputs) for (const c of m.columns) all.add(c);
  const columns = Float64Array.from(all).sort();
  const at = new Map<number, number>();
  columns.forEach((c, j) => at.set(c, j));
  const inverse = inputs.map((m) => {
    const inv = new Int32Array(columns.length).fill(-1);
    m.columns.forEach((c, i) => { inv[at.get(c)!] = i; });
    return inv;
  });
  return { columns, inverse };
}

function pick(src: UintArray, indices: number[]): UintArray {
  // Indices past the source's end are a suffix (indices ascend): those cells stay absent.
  const n = indices.filter((i) => i < src.length).length;
  const out = src instanceof Uint32Array ? new Uint32Array(n) : new Float64Array(n);
  for (let k = 0; k < n; k++) out[k] = src[indices[k]!]!;
  return out;
}

/**
 * An input that repeats a timestamp feeds two of its columns into one cell. Split it into
 * layers (layer t holds the t-th occurrence of each timestamp), kept adjacent and in column
 * order, so every cell sees the same contributions in the same order as elastickv's walk.
 */
function splitRepeatedColumns(m: NodeMatrix): NodeMatrix[] {
  if (new Set(m.columns).size === m.columns.length) return [m];
  const seen = new Map<number, number>();
  const byLayer: number[][] = [];
  m.columns.forEach((c, i) => {
    const layer = seen.get(c) ?? 0;
    seen.set(c, layer + 1);
    (byLayer[layer] ??= []).push(i);
  });
  return byLayer.map((idx) => ({
    ...m,
    columns: Float64Array.from(idx, (i) => m.columns[i]!),
    rows: m.rows.map((r) => ({
      ...r, values: pick(r.values, idx), groups: r.groups && pick(r.groups, idx), terms: r.terms && pick(r.terms, idx),
    })),
  }));
}

interface Contributor {
  input: number;
  row: NodeRow;
}

/**
 * Per-cell write state, in flat scratch arrays reused for every cell (at most one identity
 * per contributor, so a linear scan over a handful of entries beats a Map).
 */
class WriteCell {
  readonly keyGroup: Float64Array;
  readonly keyTerm: Float64Array;
  readonly keyValue: Float64Array;
  keys = 0;
  termConflict = false;
  unknown = false;
  fbMax = 0;
  fbFirst = 0;
  fbDistinct = false;
  lastGroup = 0;
  lastTerm = 0;

  constructor(maxContributors: number) {
    this.keyGroup = new Float64Array(maxContributors);
    this.keyTerm = new Float64Array(maxContributors);
    this.keyValue = new Float64Array(maxContributors);
  }

  reset(): void {
    this.keys = 0;
    this.termConflict = false;
    this.unknown = false;
    this.fbMax = 0;
    this.fbFirst = 0;
    this.fbDistinct = false;
    this.lastGroup = 0;
    this.lastTerm = 0;
  }

  add(v: number, g: number, t: number): void {
    if (v === 0) return; // zeros are ignored entirely
    if (v >= this.fbMax) { this.fbMax = v; this.lastGroup = g; this.lastTerm = t; } // ties → later source
    if (this.fbFirst === 0) this.fbFirst = v;
    else if (this.fbFirst !== v) this.fbDistinct = true; // compared with the first non-zero only
    if (g === 0 || t === 0) { this.unknown = true; return; }
    for (let k = 0; k < this.keys; k++) {
      if (this.keyGroup[k] === g && this.keyTerm[k] === t) {
        if (this.keyValue[k] !== v) {
          this.termConflict = true;
          if (v > this.keyValue[k]!) this.keyValue[k] = v;
        }
        return;
      }
    }
    this.keyGroup[this.keys] = g;
    this.keyTerm[this.keys] = t;
    this.keyValue[this.keys] = v;
    this.keys++;
  }
}

function newRow(meta: NodeRow, width: number): MergedRow {
  return {
    bucketId: meta.bucketId, label: meta.label, start: meta.start, end: meta.end, aggregate: meta.aggregate,
    routeIds: meta.routeIds, routeIdsTruncated: meta.routeIdsTruncated, routeCount: meta.routeCount,
    values: new Float64Array(width), groups: new Float64Array(width), terms: new Float64Array(width), conflicts: null,
  };
}

function passThrough(m: NodeMatrix): MergedMatrix {
  return {
    columns: m.columns,
    series: m.series,
    generatedAt: m.generatedAt,
    rows: m.rows.map((r) => ({
      bucketId: r.bucketId, label: r.label, start: r.start, end: r.end, aggregate: r.aggregate, routeIds: r.routeIds,
      routeIdsTruncated: r.routeIdsTruncated, routeCount: r.routeCount, values: r.values, groups: r.groups, terms: r.terms,
      conflicts: null,
    })),
  };
}

export function canonicalMerge(inputs: readonly NodeMatrix[], series: Series): MergedMatrix {
  if (inputs.length === 0) return { columns: new Float64Array(0), rows: [], series, generatedAt: null };
  // A single input passes through unchanged: no re-resolution, never gains conflicts.
  if (inputs.length === 1) return passThrough(inputs[0]!);

  const layers = inputs.flatMap(splitRepeatedColumns);
  const { columns, inverse } = columnUnion(layers);
  const width = columns.length;
  const write = isWriteSeries(series);

  // Rows by bucket_id in first-seen order; metadata from the first input that has the row.
  const byBucket = new Map<string, Contributor[]>();
  layers.forEach((m, input) => {
    for (const row of m.rows) {
      const list = byBucket.get(row.bucketId);
      if (list) list.push({ input, row });
      else byBucket.set(row.bucketId, [{ input, row }]);
    }
  });
  const rows: MergedRow[] = [];
  const cell = new WriteCell(layers.length);
  for (const contributors of byBucket.values()) {
    const out = newRow(contributors[0]!.row, width);
    const src = sources(contributors, layers, inverse);
    if (write) mergeWriteRow(out, src, cell);
    else mergeReadRow(out, src);
    rows.push(out);
  }
  return { columns, rows, series, generatedAt: inputs[0]!.generatedAt };
}

/** A contributor's arrays, flattened for the per-cell loops (absent identity = empty array). */
interface Source {
  inv: Int32Array;
  values: UintArray;
  groups: UintArray;
  terms: UintArray;
  /** Cells past the end of its values (or of its columns) are absent. */
  len: number;
}

const NONE = new Float64Array(0);

function sources(contributors: Contributor[], layers: readonly NodeMatrix[], inverse: Int32Array[]): Source[] {
  return contributors.map(({ input, row }) => ({
    inv: inverse[input]!, values: row.values, groups: row.groups ?? NONE, terms: row.terms ?? NONE,
    len: Math.min(row.values.length, layers[input]!.columns.length),
  }));
}

function mergeReadRow(out: MergedRow, src: Source[]): void {
  const values = out.values;
  const groups = out.groups!;
  const terms = out.terms!;
  // Contributors in input order: "last non-zero wins" = the last input with a non-zero value.
  for (const s of src) {
    for (let j = 0; j < values.length; j++) {
      const i = s.inv[j]!;
      if (i < 0 || i >= s.len) continue;
      const v = s.values[i]!;
      values[j]! += v;
      if (v > 0) {
        groups[j] = i < s.groups.length ? s.groups[i]! : 0;
        terms[j] = i < s.terms.length ? s.terms[i]! : 0;
      }
    }
  }
}

function mergeWriteRow(out: MergedRow, src: Source[], cell: WriteCell): void {
  const width = out.values.length;
  const n = src.length;
  for (let j = 0; j < width; j++) {
    cell.reset();
    for (let k = 0; k < n; k++) {
      const s = src[k]!;
      const i = s.inv[j]!;
      if (i < 0 || i >= s.len) continue;
      const v = s.values[i]!;
      if (v === 0) continue; // zeros are ignored entirely (saves the call)
      cell.add(v, i < s.groups.length ? s.groups[i]! : 0, i < s.terms.length ? s.terms[i]! : 0);
    }
    resolveWrite(out, j, cell);
  }
}

function resolveWrite(out: MergedRow, j: number, cell: WriteCell): void {
  if (cell.unknown) {
    // Legacy max-merge: a non-zero contributor without identity poisons the whole cell.
    out.values[j] = cell.fbMax;
    out.groups![j] = cell.lastGroup;
    out.terms![j] = cell.lastTerm;
    if (cell.fbDistinct) markConflict(out, j);
    return;
  }
  let sum = 0;
  let best = -1;
  for (let k = 0; k < cell.keys; k++) {
    sum += cell.keyValue[k]!;
    if (best < 0 || cell.keyValue[k]! > cell.keyValue[best]!) best = k; // ties: first seen wins
  }
  out.values[j] = sum;
  out.groups![j] = best < 0 ? 0 : cell.keyGroup[best]!;
  out.terms![j] = best < 0 ? 0 : cell.keyTerm[best]!;
  if (cell.termConflict) markConflict(out, j);
}

function markConflict(out: MergedRow, j: number): void {
  out.conflicts ??= new Uint8Array(out.values.length);
  out.conflicts[j] = 1;
}
