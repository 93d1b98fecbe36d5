// The merge's size, known before it runs: union rows × union columns, the columns as the merge
// will have them (aligned slots in the shaped view: real nodes flush milliseconds apart, so exact
// times would count each column once per node). Each input is bounded at parse; the union is
// bounded here, so the merge's memory and time have a ceiling whatever the inputs.
import { MAX_MERGED_CELLS } from '../../../shared/limits';
import { alignColumns } from './align';
import type { NodeMatrix } from './types';

/** How the merge will lay out columns: aligned unless compat (or align off). */
export interface SizeOptions { compat?: boolean; align?: boolean }

export interface MergeSize { rows: number; columns: number; cells: number }

/** The size of merging `inputs` as they are (columns already as the merge will use them). */
export function mergeSize(inputs: readonly NodeMatrix[]): MergeSize {
  const rows = new Set<string>();
  const columns = new Set<number>();
  for (const m of inputs) {
    for (const r of m.rows) rows.add(r.bucketId);
    for (const c of m.columns) columns.add(c);
  }
  return { rows: rows.size, columns: columns.size, cells: rows.size * columns.size };
}

export const tooLarge = (s: MergeSize): boolean => s.cells > MAX_MERGED_CELLS;

export function sizeText(s: MergeSize): string {
  return `${s.rows} rows × ${s.columns} columns = ${(s.cells / 1e6).toFixed(1)} M cells; `
    + `this client merges at most ${(MAX_MERGED_CELLS / 1e6).toFixed(1)} M`;
}

/**
 * Which inputs to leave out so the merge fits: the largest (rows × columns) first, one at a time,
 * while the union is too large (one input alone can be, with a raised body cap). `leftOut` in the
 * inputs' order (empty when everything fits); `size` is all the inputs' together.
 */
export function oversizedInputs(inputs: readonly NodeMatrix[], opts: SizeOptions = {}): { leftOut: number[]; size: MergeSize } {
  const left = inputs.map((_, i) => i);
  const leftOut: number[] = [];
  const size = laidOutSize(inputs, opts);
  const weight = (i: number): number => inputs[i]!.rows.length * inputs[i]!.columns.length;
  for (let now = size; left.length > 0 && tooLarge(now); now = laidOutSize(left.map((i) => inputs[i]!), opts)) {
    let worst = 0;
    // Ties: the later input goes (the first plays elastickv's local node).
    for (let k = 1; k < left.length; k++) if (weight(left[k]!) >= weight(left[worst]!)) worst = k;
    leftOut.push(left.splice(worst, 1)[0]!);
  }
  return { leftOut: leftOut.sort((a, b) => a - b), size };
}

/** The size of merging `inputs` with `opts`: aligned first when the merge would align. */
export function laidOutSize(inputs: readonly NodeMatrix[], opts: SizeOptions = {}): MergeSize {
  return mergeSize(!opts.compat && (opts.align ?? true) && inputs.length > 1 ? alignColumns(inputs).inputs : inputs);
}
