// What a store keeps outside React state: the bookkeeping of opens and rounds (nothing on screen
// depends on it, so changing it must not notify anyone) and the matrices (too large for React
// state). One holder per store instance; the store's reset restores it with everything else.
import type { IdentityResponse } from '../../../shared/ipc';
import { MatrixCache } from '../matrix-cache';

function initial() {
  return {
    /** The identity and warnings of the view a comparison was made from, for going back to it. */
    aside: null as { identity: IdentityResponse | null; connectWarnings: string[] } | null,
    /** A round was asked for while another was loading (see refresh). */
    reloadWanted: false,
    /** The connection whose round is in flight. */
    inFlightFor: null as string | null,
  };
}

export type StoreInternals = ReturnType<typeof initial> & {
  /** The newest open (see openConnection): older ones that finish later give way. Never counts back. */
  openSeq: number;
  readonly matrices: MatrixCache;
};

export function createInternals(): StoreInternals {
  return { ...initial(), openSeq: 0, matrices: new MatrixCache() };
}

/** As a fresh store's, except that an open or a matrix from before the reset can never pass for a later one. */
export function resetInternals(internals: StoreInternals): void {
  Object.assign(internals, initial());
  internals.openSeq++;
  internals.matrices.clear();
}
