// The benches' matrices: a seeded random matrix with a hot diagonal, and it as the app receives it.
import type { ViewMatrix } from '../../src/shared/ipc';

export function matrix(rows: number, cols: number): Float64Array[] {
  let seed = 7;
  const rand = (): number => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed / 0x100000000; };
  return Array.from({ length: rows }, (_, r) => {
    const row = new Float64Array(cols);
    for (let c = 0; c < cols; c++) row[c] = rand() < 0.7 ? Math.floor(rand() * 1000 * (1 + 9 * Math.exp(-(((r / rows) - (c / cols)) ** 2) / 0.01))) : 0;
    return row;
  });
}

/** A view matrix as the app receives it (a fresh object: its pyramid is not cached yet). */
export function viewMatrix(rows: Float64Array[], cols: number): ViewMatrix {
  const R = rows.length;
  const values = new Float64Array(R * cols);
  rows.forEach((r, i) => values.set(r, i * cols));
  return {
    series: 'writes', generatedAt: null, columns: Float64Array.from({ length: cols }, (_, j) => j * 60_000),
    rows: rows.map((_, i) => ({ bucketId: `route:${i}`, label: '', start: null, end: null, aggregate: false, routeCount: 1,
      routeIds: null, routeIdsTruncated: false, conflict: false, group: 0 })),
    values, conflicts: new Uint8Array(R * cols), handovers: new Uint8Array(R * cols),
  };
}
