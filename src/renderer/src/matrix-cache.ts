// Large typed arrays stay out of React state: the store holds an id, this holds the matrix.
import type { ViewMatrix } from '../../shared/ipc';

const cache = new Map<number, ViewMatrix>();
let next = 1;

export function putMatrix(m: ViewMatrix): number {
  const id = next++;
  cache.set(id, m);
  return id;
}

export function getMatrix(id: number | null): ViewMatrix | null {
  return id === null ? null : cache.get(id) ?? null;
}

/** Keep only `keep` (the one on screen). */
export function dropMatricesExcept(keep: number | null): void {
  for (const id of cache.keys()) if (id !== keep) cache.delete(id);
}
