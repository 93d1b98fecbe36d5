// Which cells of a merged row need a write rule at all: most have no contribution or one (a
// group's writes are counted on its leader only), and those resolve the same under every rule.
import type { Source } from './canonical';
import type { MergedRow } from './types';

/**
 * Per row: how many sources hold a non-zero value in each output column (saturating: only 0, 1
 * and "more" matter). One source at a time over the columns: tight loops over one source's arrays.
 */
export class RowCounts {
  readonly count: Uint8Array;
  constructor(width: number) {
    this.count = new Uint8Array(width);
  }

  /**
   * Counts for `src`, and each cell's first contribution written into `out` as it is met: a cell
   * only one source counted resolves to its value and identity under every write rule. Cells
   * counted more than once are left for the caller's rule, which writes all three arrays.
   */
  fill(src: readonly Source[], out: MergedRow): void {
    const width = out.values.length;
    const count = this.count;
    const values = out.values;
    const groups = out.groups!;
    const terms = out.terms!;
    count.fill(0, 0, width);
    for (let k = 0; k < src.length; k++) {
      const s = src[k]!;
      const inv = s.inv;
      const sv = s.values;
      const sg = s.groups;
      const st = s.terms;
      const len = s.len;
      if (s.first >= 0) {
        // Its cells are consecutive output columns, each with its identity: no lookup, no bounds.
        for (let i = 0, j = s.first; i < len; i++, j++) {
          const v = sv[i]!;
          if (v === 0) continue;
          const c = count[j]!;
          if (c === 0) {
            values[j] = v;
            groups[j] = sg[i]!;
            terms[j] = st[i]!;
            count[j] = 1;
          } else if (c === 1) count[j] = 2;
        }
        continue;
      }
      for (let j = 0; j < width; j++) {
        const i = inv[j]!;
        if (i < 0 || i >= len) continue;
        const v = sv[i]!;
        if (v === 0) continue;
        const c = count[j]!;
        if (c === 0) {
          values[j] = v;
          groups[j] = i < sg.length ? sg[i]! : 0;
          terms[j] = i < st.length ? st[i]! : 0;
          count[j] = 1;
        } else if (c === 1) count[j] = 2;
      }
    }
  }
}
