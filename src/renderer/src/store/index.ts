// The renderer's state: one zustand store made of slices, one file each (connection, round, view,
// cell, files, capture, peers, profiles, balance). What nothing on screen reads (round and open bookkeeping)
// and the matrices (too large for React state) live in the store's internals; reset restores both.
import { create, type StoreApi, type UseBoundStore } from 'zustand';
import type { ViewMatrix } from '../../../shared/ipc';
import { saveViewState } from '../persist';
import { captureInitial, createCaptureSlice } from './capture';
import { cellInitial, createCellSlice } from './cell';
import { connectionInitial, createConnectionSlice } from './connection';
import { createFilesSlice, filesInitial } from './files';
import { createInternals, resetInternals, type StoreInternals } from './internals';
import { createPeersSlice, peersInitial } from './peers';
import { createProfilesSlice, profilesInitial } from './profiles';
import { createRoundSlice, roundInitial } from './round';
import type { Store, StoreData } from './types';
import { createViewSlice, viewInitial, viewStateOf } from './view';
import { balanceInitial, createBalanceSlice } from './balance';

export type { Store, StoreData } from './types';
export type { CellRef, GroupCell, HotKeysAsked, Pin, PinLost } from './cell';
export type { Connection } from './connection';
export type { ImportStep } from './profiles';
export type { ViewMeta } from './round';
export type { Picture, TimeRange } from './view';
export { samePlace } from './cell';
export { draftOf, draftProblem, newDraft } from './profiles';
export { RANGE_PRESETS, rangeBounds } from './view';

export type AppStore = UseBoundStore<StoreApi<Store>> & { readonly internals: StoreInternals };

/** Every slice's initial fields (a missing one does not compile: see StoreData). */
export const initialData = (): StoreData => ({
  ...connectionInitial(), ...roundInitial(), ...viewInitial(), ...cellInitial(), ...filesInitial(), ...captureInitial(),
  ...peersInitial(), ...profilesInitial(), ...balanceInitial(),
});

/** Remember the view state of the open connection whenever it changes. */
function rememberViewState(s: Store, prev: Store): void {
  if (!s.connection) return;
  const now = viewStateOf(s);
  if (s.connection !== prev.connection || JSON.stringify(now) !== JSON.stringify(viewStateOf(prev))) saveViewState(s.connection.key, now);
}

export function createAppStore(): AppStore {
  const internals = createInternals();
  const store = create<Store>()((...a) => ({
    ...createConnectionSlice(internals)(...a),
    ...createRoundSlice(internals)(...a),
    ...createViewSlice(...a),
    ...createCellSlice(internals)(...a),
    ...createFilesSlice(internals)(...a),
    ...createCaptureSlice(...a),
    ...createPeersSlice(...a),
    ...createProfilesSlice(...a),
    ...createBalanceSlice(...a),
    reset() {
      resetInternals(internals);
      a[0](initialData());
    },
  }));
  store.subscribe(rememberViewState);
  return Object.assign(store, { internals });
}

export const useAppStore = createAppStore();

/** A matrix of the app's store by id (null: none, or dropped since). */
export const matrixOf = (id: number | null): ViewMatrix | null => useAppStore.internals.matrices.get(id);

/** The matrix of the view on screen; re-renders when the view changes. */
export function useMatrix(): ViewMatrix | null {
  return matrixOf(useAppStore((s) => s.view?.matrixId ?? null));
}
