// The store's shape: every slice's fields and actions in one flat object (zustand's slice pattern).
import type { BalanceSlice } from './balance';
import type { CaptureSlice } from './capture';
import type { CellSlice } from './cell';
import type { ConnectionSlice } from './connection';
import type { FilesSlice } from './files';
import type { PeersSlice } from './peers';
import type { ProfilesSlice } from './profiles';
import type { RoundSlice } from './round';
import type { ViewSlice } from './view';

export type Store = ConnectionSlice & RoundSlice & ViewSlice & CellSlice & FilesSlice & CaptureSlice & PeersSlice & ProfilesSlice & BalanceSlice & {
  /** Every slice (and what the store keeps outside React state) as a fresh store has it. */
  reset(): void;
};

/** The store without its actions: what reset restores. */
export type StoreData = { [K in keyof Store as Store[K] extends (...args: never[]) => unknown ? never : K]: Store[K] };
