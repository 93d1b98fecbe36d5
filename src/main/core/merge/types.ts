// The merge's internal forms: one node's matrix and the merged matrix, with per-row typed
// arrays (values, Raft group ids, leader terms). Nested JSON exists only at the edges.
import type { Series } from '../../../shared/elastickv/wire';

export interface NodeRow {
  bucketId: string;
  /** '' when absent. */
  label: string;
  /** Standard base64 as on the wire; null = empty key / unbounded end. */
  start: string | null;
  end: string | null;
  aggregate: boolean;
  /** Absent or empty on the wire → null. */
  routeIds: number[] | null;
  routeIdsTruncated: boolean;
  routeCount: number;
  /** As long as the wire array (may be shorter than the columns: missing cells are absent). */
  values: Float64Array;
  /** null when the wire omitted the array (legacy node): every cell's identity is 0. */
  groups: Float64Array | null;
  terms: Float64Array | null;
}

export interface NodeMatrix {
  /** Where it came from (file name, node URL): used in errors and warnings. */
  source: string;
  series: Series;
  generatedAt: string | null;
  columns: Float64Array;
  rows: NodeRow[];
}

export interface MergedRow {
  bucketId: string;
  label: string;
  start: string | null;
  end: string | null;
  aggregate: boolean;
  routeIds: number[] | null;
  routeIdsTruncated: boolean;
  routeCount: number;
  values: Float64Array;
  /** Always present on merged rows; a passed-through single input keeps what it had. */
  groups: Float64Array | null;
  terms: Float64Array | null;
  /** Per-cell conflict flags; null unless some cell conflicted. */
  conflicts: Uint8Array | null;
}

export interface MergedMatrix {
  columns: Float64Array;
  rows: MergedRow[];
  series: Series;
  /** From the first input (elastickv's "local"), when it had one. */
  generatedAt: string | null;
}

/** A problem worth telling the operator about that does not stop the merge. */
export interface MergeWarning {
  kind: 'big_number' | 'catalog_divergence' | 'missing_rows' | 'missing_columns' | 'coverage_limit';
  message: string;
  /** The inputs concerned, by position. */
  inputs: number[];
  bucketId?: string;
}
