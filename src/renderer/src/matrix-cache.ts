// Large typed arrays stay out of React state: the store holds an id, this holds the matrix.
// One cache per store (see store/internals.ts), emptied by the store's reset.
import type { ViewMatrix } from '../../shared/ipc';

export class MatrixCache {
  private readonly byId = new Map<number, ViewMatrix>();
  private next = 1;

  put(m: ViewMatrix): number {
    const id = this.next++;
    this.byId.set(id, m);
    return id;
  }

  get(id: number | null): ViewMatrix | null {
    return id === null ? null : this.byId.get(id) ?? null;
  }

  /** Keep only `keep` (the one on screen). */
  keepOnly(keep: number | null): void {
    for (const id of this.byId.keys()) if (id !== keep) this.byId.delete(id);
  }

  /** Empty. Numbering goes on: an id handed out before never names a later matrix. */
  clear(): void {
    this.byId.clear();
  }
}
