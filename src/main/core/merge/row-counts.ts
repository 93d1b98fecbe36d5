// Which cells of a merged row need a write rule at all: most have no contribution or one (a
// group's writes are counted on its leader only), and those resolve the same under every rule.
import type { Source } from './canonical';
import type { MergedRow } from './types';

/**
 * Per row: how many sources hold a non-zero value in each output column, and the first of them.
 * One source at a time over the columns: tight loops over one source's arrays.
 */
export class RowCounts {
  count: Uint16Array;
  first: Int32Array;
  constructor(width: number) {
    this.count = new Uint16Array(width);
    this.first = new Int32Array(width);
  }

  /** Counts (saturating: only 0, 1 and "more" matter) for `src` over `width` columns. */
  fill(src: readonly Source[], width: number): void {
    const count = this.count;
    const first = this.first;
    count.fill(0, 0, width);
    for (let k = 0; k < src.length; k++) {
      const s = src[k]!;
      const inv = s.inv;
      const values = s.values;
      const len = s.len;
      for (let j = 0; j < width; j++) {
        const i = inv[j]!;
        if (i < 0 || i >= len || values[i] === 0) continue;
        const c = count[j]!;
        if (c === 0) first[j] = k;
        if (c < 2) count[j] = c + 1;
      }
    }
  }
}

/** A cell only one source counted: its value and identity, as every write rule resolves it. */
export function copyLone(out: MergedRow, j: number, s: Source): void {
  const i = s.inv[j]!;
  out.values[j] = s.values[i]!;
  out.groups![j] = i < s.groups.length ? s.groups[i]! : 0;
  out.terms![j] = i < s.terms.length ? s.terms[i]! : 0;
}

