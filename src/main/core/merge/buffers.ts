// A node matrix's typed arrays' buffers: what a worker hands over (transferred, not copied).
import type { NodeMatrix } from './types';

export function matrixBuffers(m: NodeMatrix): ArrayBuffer[] {
  const set = new Set<ArrayBuffer>([m.columns.buffer as ArrayBuffer]);
  if (m.exactColumns) set.add(m.exactColumns.buffer as ArrayBuffer);
  for (const r of m.rows) {
    set.add(r.values.buffer as ArrayBuffer);
    if (r.groups) set.add(r.groups.buffer as ArrayBuffer);
    if (r.terms) set.add(r.terms.buffer as ArrayBuffer);
  }
  return [...set];
}
