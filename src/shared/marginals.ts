// Marginal totals of a matrix: each row's sum (drawn at the right of the heatmap) and each
// column's (at the top). Pure, for main and the renderer alike: typed or plain arrays, no Node.

export interface MatrixRows {
  /** One array per row, each `cols` long (a shorter row: its missing cells count 0). */
  rows: ReadonlyArray<ArrayLike<number>>;
  cols: number;
}

export interface Marginals {
  /** Per row: the sum of its cells. */
  rows: Float64Array;
  /** Per column: the sum over the rows. */
  columns: Float64Array;
}

/** One pass over the cells. Sums are exact while they stay below 2^53 (counts are whole). */
export function marginalTotals(m: MatrixRows): Marginals {
  const rows = new Float64Array(m.rows.length);
  const columns = new Float64Array(m.cols);
  for (let r = 0; r < m.rows.length; r++) {
    const row = m.rows[r]!;
    const n = Math.min(row.length, m.cols);
    let sum = 0;
    for (let c = 0; c < n; c++) {
      const v = row[c]!;
      sum += v;
      columns[c]! += v;
    }
    rows[r] = sum;
  }
  return { rows, columns };
}

/** The same from a row-major rows × cols array (the view matrix's `values`). */
export function marginalTotalsFlat(values: ArrayLike<number>, rowCount: number, cols: number): Marginals {
  if (values.length < rowCount * cols) throw new RangeError(`${values.length} values for ${rowCount} rows × ${cols} columns`);
  const rows = new Float64Array(rowCount);
  const columns = new Float64Array(cols);
  for (let r = 0; r < rowCount; r++) {
    let sum = 0;
    const base = r * cols;
    for (let c = 0; c < cols; c++) {
      const v = values[base + c]!;
      sum += v;
      columns[c]! += v;
    }
    rows[r] = sum;
  }
  return { rows, columns };
}
