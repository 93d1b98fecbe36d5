// Coverage: for every merged row and column, which inputs contributed. elastickv counts a row
// or column an input did not have as zero, silently (a node's own row budget, a restarted
// node's shorter history, a node that is not a member); here it is visible.
import type { MergedMatrix, MergeWarning, NodeMatrix } from './types';

/** Inputs are bits of a 32-bit mask. */
export const MAX_COVERAGE_INPUTS = 32;

export interface Coverage {
  sources: string[];
  /** The mask when every input contributed. */
  full: number;
  /** Per merged column: the inputs that had it. */
  columns: Uint32Array;
  /** Per merged row: the inputs that had it. */
  rows: Uint32Array;
  /**
   * Per merged row, per column: the inputs whose cell exists. null for a row where that is
   * simply rows[r] & columns[j] (no input sent a values array shorter than its columns).
   */
  cells: Array<Uint32Array | null>;
}

/** `inputs` as merged (after any alignment), in input order. */
export function computeCoverage(inputs: readonly NodeMatrix[], merged: MergedMatrix): Coverage {
  const at = new Map<number, number>();
  merged.columns.forEach((c, j) => at.set(c, j));
  const rowIndex = new Map<string, number>();
  merged.rows.forEach((r, i) => rowIndex.set(r.bucketId, i));
  const columns = new Uint32Array(merged.columns.length);
  const rows = new Uint32Array(merged.rows.length);
  const colOut = inputs.map((m) => Int32Array.from(m.columns, (c) => at.get(c) ?? -1));
  const short = new Set<number>();

  inputs.forEach((m, input) => {
    const bit = 2 ** input;
    for (const j of colOut[input]!) if (j >= 0) columns[j]! |= bit;
    for (const row of m.rows) {
      const r = rowIndex.get(row.bucketId);
      if (r === undefined) continue; // dropped by the row budget
      rows[r]! |= bit;
      if (row.values.length < m.columns.length) short.add(r);
    }
  });

  // Rows some input sent with a values array shorter than its columns: only its first cells exist.
  const cells: Array<Uint32Array | null> = merged.rows.map(() => null);
  const byBucket = inputs.map((m) => new Map(m.rows.map((row) => [row.bucketId, row])));
  for (const r of short) {
    const mask = new Uint32Array(merged.columns.length);
    inputs.forEach((m, input) => {
      const row = byBucket[input]!.get(merged.rows[r]!.bucketId);
      if (!row) return;
      const n = Math.min(row.values.length, m.columns.length);
      for (let i = 0; i < n; i++) if (colOut[input]![i]! >= 0) mask[colOut[input]![i]!]! |= 2 ** input;
    });
    cells[r] = mask;
  }
  return { sources: inputs.map((m) => m.source), full: 2 ** inputs.length - 1, columns, rows, cells };
}

/** One warning per input that lacked columns (a shorter history, or an unaligned flush). */
export function missingColumnWarnings(c: Coverage): MergeWarning[] {
  const out: MergeWarning[] = [];
  c.sources.forEach((source, input) => {
    const bit = 2 ** input;
    const missingCols = c.columns.filter((m) => !(m & bit)).length;
    if (missingCols > 0) {
      out.push({ kind: 'missing_columns', inputs: [input], message: `${source}: ${missingCols} of ${c.columns.length} `
        + 'columns absent (a shorter history, e.g. a restarted node, or an unaligned flush); elastickv counts them as zero.' });
    }
  });
  return out;
}
