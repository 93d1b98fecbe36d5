// The step of a matrix's columns, defined once for the merge (align.ts) and the renderer (the
// windows it asks for): the median spacing of consecutive columns, so a missing column or two
// does not throw it off; null when no list has two columns.
export function medianStep(lists: ReadonlyArray<ArrayLike<number>>): number | null {
  const gaps: number[] = [];
  for (const columns of lists) {
    for (let i = 1; i < columns.length; i++) {
      const d = columns[i]! - columns[i - 1]!;
      if (d > 0) gaps.push(d);
    }
  }
  if (gaps.length === 0) return null;
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)]!;
}
