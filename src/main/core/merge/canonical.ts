// elastickv's `mergeKeyVizMatrices` (contract §5.4), rule for rule, on typed arrays.
// Input order is priority order: the first input plays elastickv's "local".
//
// Identity ties (two (group, term) keys holding the same largest value): elastickv picks by Go
// map order, i.e. at random. Here the key seen first in input order wins: deterministic, and the
// highest-priority node's view.
import type { Series } from '../../../shared/elastickv/wire';
import { mergeShapedWriteRow, SlotCell } from './shaped-write';
import { resolveWrite, WriteCell } from './write-cell';
import { RowCounts } from './row-counts';
import { keyOrder } from './shape';
import type { MergedMatrix, MergedRow, NodeMatrix, NodeRow, UintArray } from './types';
import { isWriteSeries } from '../../../shared/elastickv/wire';

export { isWriteSeries } from '../../../shared/elastickv/wire';

/**
 * Sorted union of exact column timestamps; for each input: output column → its column (-1 = none),
 * and where its columns sit as one unbroken run of output columns (nodes flushing together, or
 * aligned: nearly always), the output column of its first, else -1 (the loops then skip the lookup).
 */
export function columnUnion(inputs: readonly NodeMatrix[]): { columns: Float64Array; inverse: Int32Array[]; first: number[] } {
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
  const first = inputs.map((m, k) => {
    const j0 = m.columns.length > 0 ? at.get(m.columns[0]!)! : -1;
    for (let i = 0; i < m.columns.length; i++) if (inverse[k]![j0 + i] !== i) return -1;
    return j0;
  });
  return { columns, inverse, first };
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
    ...(m.exactColumns ? { exactColumns: Float64Array.from(idx, (i) => m.exactColumns![i]!) } : {}),
    rows: m.rows.map((r) => ({
      ...r, values: pick(r.values, idx), groups: r.groups && pick(r.groups, idx), terms: r.terms && pick(r.terms, idx),
    })),
  }));
}

interface Contributor {
  /** The layer (an input, or one layer of an input that repeats timestamps). */
  input: number;
  row: NodeRow;
}

export interface CanonicalOptions {
  /**
   * The shaped view's write rule (see shaped-write.ts): what different nodes counted in one
   * aligned slot is added. Off = elastickv's rule, exactly.
   */
  shapedWrites?: boolean;
  /**
   * Rows by start key (shape.ts's keyOrder) rather than first seen: ordered before their cells are
   * laid out, so the rows' cells lie in display order, one row after another (the view takes them as they are).
   */
  keyOrder?: boolean;
}

/**
 * The merged rows' cells, allocated once for all rows (row r at r × width): thousands of small
 * arrays cost more to allocate and collect than three large ones, whose zero pages come free.
 */
class RowCells {
  private readonly values: Float64Array;
  private readonly groups: UintArray;
  private readonly terms: UintArray;
  private next = 0;

  /** `narrow`: every input's identities fit 32 bits, so the merged ones do (each is one of theirs, or 0). */
  constructor(rows: number, private readonly width: number, narrow: boolean) {
    this.values = new Float64Array(rows * width); // sums of several nodes' counts may pass 2^32
    this.groups = narrow ? new Uint32Array(rows * width) : new Float64Array(rows * width);
    this.terms = narrow ? new Uint32Array(rows * width) : new Float64Array(rows * width);
  }

  row(meta: NodeRow): MergedRow {
    const at = this.next++ * this.width;
    const end = at + this.width;
    return {
      bucketId: meta.bucketId, label: meta.label, start: meta.start, end: meta.end, aggregate: meta.aggregate,
      routeIds: meta.routeIds, routeIdsTruncated: meta.routeIdsTruncated, routeCount: meta.routeCount,
      values: this.values.subarray(at, end), groups: this.groups.subarray(at, end), terms: this.terms.subarray(at, end),
      conflicts: null, handovers: null,
    };
  }
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

export function canonicalMerge(inputs: readonly NodeMatrix[], series: Series, opts: CanonicalOptions = {}): MergedMatrix {
  if (inputs.length === 0) return { columns: new Float64Array(0), rows: [], series, generatedAt: null };
  // A single input passes through unchanged: no re-resolution, never gains conflicts.
  if (inputs.length === 1) {
    const one = passThrough(inputs[0]!);
    if (opts.keyOrder) one.rows = keyOrder(one.rows);
    return one;
  }

  const nodeOf: number[] = [];
  const layers = inputs.flatMap((m, node) => splitRepeatedColumns(m).map((layer) => { nodeOf.push(node); return layer; }));
  const { columns, inverse, first } = columnUnion(layers);
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
  const slot = opts.shapedWrites ? new SlotCell(layers.length) : null;
  const counts = new RowCounts(width);
  const narrow = layers.every((m) => m.rows.every((r) => !(r.groups instanceof Float64Array) && !(r.terms instanceof Float64Array)));
  const cells = new RowCells(byBucket.size, width, narrow);
  let ordered = [...byBucket.values()];
  if (opts.keyOrder) {
    // A merged row's metadata is its first contributor's row: ordering those orders the merged rows.
    const listOf = new Map(ordered.map((list) => [list[0]!.row, list]));
    ordered = keyOrder(ordered.map((list) => list[0]!.row)).map((row) => listOf.get(row)!);
  }
  for (const contributors of ordered) {
    const out = cells.row(contributors[0]!.row);
    const src = sources(contributors, layers, inverse, first, nodeOf);
    if (write && slot) mergeShapedWriteRow(out, src, slot, counts);
    else if (write) mergeWriteRow(out, src, cell, counts);
    else mergeReadRow(out, src);
    rows.push(out);
  }
  return { columns, rows, series, generatedAt: inputs[0]!.generatedAt };
}

/** A contributor's arrays, flattened for the per-cell loops (absent identity = empty array). */
export interface Source {
  inv: Int32Array;
  values: UintArray;
  groups: UintArray;
  terms: UintArray;
  /** Cells past the end of its values (or of its columns) are absent. */
  len: number;
  /** The node's own column times (= the columns unless aligned). */
  exact: Float64Array;
  /** The input (node) this layer belongs to. */
  node: number;
  /**
   * ≥ 0 when its cells are output columns first … first + len − 1 in order and every cell has its
   * identity (the common case, looped without the lookup); else -1.
   */
  first: number;
}

const NONE = new Float64Array(0);

function sources(contributors: Contributor[], layers: readonly NodeMatrix[], inverse: Int32Array[], first: readonly number[],
  nodeOf: readonly number[]): Source[] {
  return contributors.map(({ input, row }) => {
    const len = Math.min(row.values.length, layers[input]!.columns.length);
    const groups = row.groups ?? NONE;
    const terms = row.terms ?? NONE;
    return {
      inv: inverse[input]!, values: row.values, groups, terms, len,
      exact: layers[input]!.exactColumns ?? layers[input]!.columns, node: nodeOf[input]!,
      first: groups.length >= len && terms.length >= len ? first[input]! : -1,
    };
  });
}

function mergeReadRow(out: MergedRow, src: Source[]): void {
  const values = out.values;
  const groups = out.groups!;
  const terms = out.terms!;
  // Contributors in input order: "last non-zero wins" = the last input with a non-zero value.
  for (const s of src) {
    if (s.first >= 0) {
      const sv = s.values;
      const sg = s.groups;
      const st = s.terms;
      for (let i = 0, j = s.first; i < s.len; i++, j++) {
        const v = sv[i]!;
        values[j]! += v;
        if (v > 0) {
          groups[j] = sg[i]!;
          terms[j] = st[i]!;
        }
      }
      continue;
    }
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

function mergeWriteRow(out: MergedRow, src: Source[], cell: WriteCell, counts: RowCounts): void {
  const width = out.values.length;
  const n = src.length;
  counts.fill(src, out); // cells counted once are written; none: zeros, as the rule resolves them
  const count = counts.count;
  for (let j = 0; j < width; j++) {
    if (count[j]! < 2) continue;
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
