// The merge's internal forms: one node's matrix and the merged matrix, with per-row typed
// arrays (values, Raft group ids, leader terms). Nested JSON exists only at the edges.
import type { Series } from '../../../shared/elastickv/wire';

/**
 * A node's counters or ids: Uint32Array when every element fits (nearly always: half the
 * memory), Float64Array when one does not (exact up to 2^53).
 */
export type UintArray = Uint32Array | Float64Array;

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
  values: UintArray;
  /** null when the wire omitted the array (legacy node): every cell's identity is 0. */
  groups: UintArray | null;
  terms: UintArray | null;
}

export interface NodeMatrix {
  /** Where it came from (file name, node URL): used in errors and warnings. */
  source: string;
  series: Series;
  generatedAt: string | null;
  columns: Float64Array;
  /** The node's own column times, when `columns` were relabelled to aligned slots. */
  exactColumns?: Float64Array;
  rows: NodeRow[];
}

/** A merged row: a node row's fields (first-seen metadata), plus per-cell conflicts. */
export interface MergedRow extends NodeRow {
  /** Per-cell conflict flags; null unless some cell conflicted. */
  conflicts: Uint8Array | null;
  /**
   * Shaped view only: per-cell flags where two nodes counted writes of one Raft group in one
   * slot (a leadership change); null unless some cell has one.
   */
  handovers?: Uint8Array | null;
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
  kind: 'big_number' | 'catalog_divergence' | 'missing_rows' | 'missing_columns' | 'coverage_limit' | 'node_address';
  message: string;
  /** The inputs concerned, by position. */
  inputs: number[];
  bucketId?: string;
}
