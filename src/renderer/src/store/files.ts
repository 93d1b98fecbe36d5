// Files of views: open a snapshot or a capture, compare the view with a snapshot and go back,
// and what the last file action (an export, a drop) did or why it failed.
import type { StateCreator } from 'zustand';
import { api } from '../api';
import { errorText as message } from '../errors';
import type { StoreInternals } from './internals';
import { openConnection } from './open';
import { nothingShown } from './round';
import type { Store } from './types';
import { restored } from './view';

export interface FilesData {
  fileNotice: string | null;
  fileError: string | null;
}

export interface FilesSlice extends FilesData {
  /** Open a snapshot file read-only (none: the open dialog). */
  openSnapshot(path?: string): Promise<void>;
  /** B − A: A = a snapshot file chosen now, B = what is on screen (kept open to go back to). */
  compareWithFile(): Promise<void>;
  /** Leave a comparison for the view it was made from. */
  backFromCompare(): Promise<void>;
  /** Run a file action: what it returns becomes the notice, its failure the error. */
  fileAction(work: () => Promise<string | null>): Promise<void>;
  fileProblem(error: string): void;
  dismissFileNotice(): void;
}

export const filesInitial = (): FilesData => ({ fileNotice: null, fileError: null });

export const createFilesSlice = (internals: StoreInternals): StateCreator<Store, [], [], FilesSlice> => (set, get, store) => {
  // What a file action said is about the view it was done in: another view (opened, closed, a
  // comparison, back from one) starts without it.
  store.subscribe((s, prev) => {
    if (s.connection?.id !== prev.connection?.id && (s.fileNotice !== null || s.fileError !== null)) set(filesInitial());
  });
  return {
    ...filesInitial(),

    async openSnapshot(path) {
      await openConnection(store, internals, async () => {
        const r = await api.openSnapshot(path ? { path } : {});
        return r.state === 'open' ? r : null;
      }, (r) => ({ label: r.snapshot.label, key: `snapshot:${r.snapshot.path}`, accessKey: null, profile: null,
        snapshot: r.snapshot, capture: r.capture }));
    },

    async compareWithFile() {
      const current = get().connection;
      if (!current) return;
      let base: string | null = null;
      await openConnection(store, internals, async () => {
        const a = await api.openSnapshot({ remember: true });
        if (a.state !== 'open') return null;
        base = a.connectionId;
        // Main names the sides (`live (14:03:20)`, `snapshot (file, 13:58:00)`), A first.
        return api.compare({ a: { connectionId: a.connectionId }, b: { connectionId: current.id } });
      }, (r) => ({ label: `${r.nodes[1]} − ${r.nodes[0]}`, key: 'diff', accessKey: null, profile: null, keepPrevious: true }));
      // The comparison holds its own copy of both sides.
      if (base) await api.close({ connectionId: base }).catch(() => {});
    },

    async backFromCompare() {
      const { connection, behind } = get();
      if (!behind || connection?.kind !== 'comparison') return;
      const aside = internals.aside;
      set({ connection: behind, behind: null, identity: aside?.identity ?? null, connectWarnings: aside?.connectWarnings ?? [], ...nothingShown(),
        ...restored(behind.key, behind.profile) });
      internals.aside = null;
      void api.close({ connectionId: connection.id }).catch(() => {});
      await get().refresh();
    },

    async fileAction(work) {
      set({ fileNotice: null, fileError: null });
      try {
        const notice = await work();
        if (notice) set({ fileNotice: notice });
      } catch (err) {
        set({ fileError: message(err) });
      }
    },

    fileProblem(error) {
      set({ fileError: error });
    },

    dismissFileNotice() {
      set({ fileNotice: null, fileError: null });
    },
  };
};
