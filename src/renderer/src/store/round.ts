// A round: asking the connection's nodes (or its file) for the view, each node's progress while
// it runs, and the last view (its matrix by id in the matrix cache), stale after a failed round.
import type { StateCreator } from 'zustand';
import type { ClusterView, ProgressEvent } from '../../../shared/ipc';
import type { NodeStatusV1 } from '../../../shared/snapshot';
import { api } from '../api';
import { errorText as message } from '../errors';
import { cellInitial, cellsFollow } from './cell';
import type { StoreInternals } from './internals';
import type { Store } from './types';
import { rangeBounds } from './view';

/** The view without its matrix (that lives in the matrix cache). */
export type ViewMeta = Omit<ClusterView, 'matrix'> & { matrixId: number | null };

export interface RoundData {
  /** Nodes done in the round in flight. */
  progress: NodeStatusV1[];
  inFlight: boolean;
  view: ViewMeta | null;
  /** The last refresh failed: the matrix on screen is older than the status says. */
  stale: boolean;
  error: string | null;
}

export interface RoundSlice extends RoundData {
  /** A full round; `incremental` asks only for the columns since the last round (auto-refresh). */
  refresh(incremental?: boolean): Promise<void>;
  onProgress(e: ProgressEvent): void;
}

export const roundInitial = (): RoundData => ({ progress: [], inFlight: false, view: null, stale: false, error: null });

/** A view switched or closed: nothing of the previous one stays on screen. */
export const nothingShown = (): Pick<RoundData, 'view' | 'stale' | 'error'> & ReturnType<typeof cellInitial> =>
  ({ view: null, stale: false, error: null, ...cellInitial() });

export const createRoundSlice = (internals: StoreInternals): StateCreator<Store, [], [], RoundSlice> => (set, get) => ({
  ...roundInitial(),

  onProgress(e) {
    if (e.connectionId !== get().connection?.id || !get().inFlight) return;
    set({ progress: [...get().progress.filter((p) => p.node !== e.node.node), e.node] });
  },

  async refresh(incremental = false) {
    const { connection, inFlight, series, rows, range } = get();
    if (!connection) return;
    if (inFlight) {
      // Never two rounds at once. Another connection's round (the user just switched) or a
      // replay's frame asked for while one loads: run once this one is done (so does a changed
      // query: see queryChanged below).
      if (internals.inFlightFor !== connection.id || connection.can.frames) internals.reloadWanted = true;
      return;
    }
    internals.inFlightFor = connection.id;
    set({ inFlight: true, progress: [] });
    /** The series, rows or range changed while this round was out: its answer is not what is asked now. */
    const queryChanged = (): boolean => get().series !== series || get().rows !== rows || get().range !== range;
    try {
      const view = await api.fetch({ connectionId: connection.id, series, rows, ...rangeBounds(range, Date.now()), incremental });
      // The user moved to another view, or asked another question, meanwhile: this answer is not theirs to see.
      if (get().connection?.id !== connection.id || queryChanged()) return;
      const { matrix, ...meta } = view;
      if (matrix) {
        const before = internals.matrices.get(get().view?.matrixId ?? null);
        const matrixId = internals.matrices.put(matrix);
        internals.matrices.keepOnly(matrixId);
        // Row and column indexes change with a new matrix: the pin moves to its bucket and column
        // time (or is let go, with a word), and a zoom only carries over while the shape is the same.
        // The first view of a connection keeps a restored zoom that still fits the matrix.
        const z = get().zoom;
        const fits = (v: typeof z): boolean => v !== null && v.r1 <= matrix.rows.length && v.c1 <= matrix.columns.length;
        const sameShape = before === null
          ? fits(z)
          : before.rows.length === matrix.rows.length && before.columns.length === matrix.columns.length;
        // Back from an asked window: the range before it is on screen again, with the zoom it had.
        const pending = get().pendingZoom;
        const zoom = pending?.range === range
          ? { zoom: fits(pending.zoom) ? pending.zoom : null, zoomHistory: pending.zoomHistory, pendingZoom: null }
          : sameShape ? {} : { zoom: null, zoomHistory: [] };
        const cells = cellsFollow(get(), matrix, before?.series === matrix.series);
        set({ view: { ...meta, matrixId }, stale: false, error: null, ...cells, ...zoom });
        if (get().pinned) void get().reloadDetail();
      } else {
        // Nothing answered: keep the last good matrix on screen, marked stale.
        const previous = get().view;
        set({ view: { ...meta, matrixId: previous?.matrixId ?? null }, stale: previous?.matrixId != null, error: null });
      }
    } catch (err) {
      if (get().connection?.id === connection.id && !queryChanged()) set({ stale: get().view !== null, error: message(err) });
    } finally {
      set({ inFlight: false });
      internals.inFlightFor = null;
      if (internals.reloadWanted || (get().connection?.id === connection.id && queryChanged())) {
        internals.reloadWanted = false;
        void get().refresh();
      }
    }
  },
});
