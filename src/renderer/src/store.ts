// Renderer state (zustand): connection, request, the last view (matrix by id), and view toggles.
import { create } from 'zustand';
import type { Series } from '../../shared/elastickv/wire';
import type { ClusterView, DemoStatus, ProgressEvent } from '../../shared/ipc';
import type { NodeStatusV1 } from '../../shared/snapshot';
import type { ScaleKind } from './heatmap/color';
import { api } from './api';
import { dropMatricesExcept, putMatrix } from './matrix-cache';

/** The view without its matrix (that lives in the matrix cache). */
export type ViewMeta = Omit<ClusterView, 'matrix'> & { matrixId: number | null };

export interface AppState {
  demo: DemoStatus | { state: 'unavailable'; error: string };
  /** accessKey is kept (not the secret) so a refused secret can be typed again. */
  connection: { id: string; label: string; nodes: string[]; accessKey: string | null } | null;
  /** Nodes done in the round in flight. */
  progress: NodeStatusV1[];
  connecting: boolean;
  connectError: string | null;
  connectWarnings: string[];
  series: Series;
  rows: number;
  autoRefreshMs: 0 | 5000 | 30000;
  inFlight: boolean;
  view: ViewMeta | null;
  /** The last refresh failed: the matrix on screen is older than the status says. */
  stale: boolean;
  error: string | null;
  scale: ScaleKind;
  brightness: number;
  showConflicts: boolean;
  dismissed: string[];
  refreshDemo(): Promise<void>;
  connectDemo(): Promise<void>;
  connect(nodes: string[], accessKey: string, secret: string): Promise<void>;
  /** Connect again with the same nodes and key and a new secret (after the secret was refused). */
  reconnect(secret: string): Promise<void>;
  onProgress(e: ProgressEvent): void;
  disconnect(): Promise<void>;
  refresh(): Promise<void>;
  set(patch: Partial<Pick<AppState, 'series' | 'rows' | 'autoRefreshMs' | 'scale' | 'brightness' | 'showConflicts'>>): void;
  dismiss(message: string): void;
}

const message = (err: unknown): string => (err instanceof Error ? err.message.replace(/^Error invoking remote method '[^']+': (Error: )?/, '') : String(err));

export const useAppStore = create<AppState>((set, get) => ({
  demo: { state: 'starting' },
  connection: null,
  progress: [],
  connecting: false,
  connectError: null,
  connectWarnings: [],
  series: 'writes',
  rows: 1024,
  autoRefreshMs: 0,
  inFlight: false,
  view: null,
  stale: false,
  error: null,
  scale: 'log',
  brightness: 1,
  showConflicts: true,
  dismissed: [],

  async refreshDemo() {
    try {
      set({ demo: await api.demoStatus() });
    } catch (err) {
      set({ demo: { state: 'unavailable', error: message(err) } });
    }
  },

  async connectDemo() {
    set({ connecting: true, connectError: null });
    try {
      const r = await api.openDemo();
      set({ connection: { id: r.connectionId, label: 'Demo cluster', nodes: r.nodes, accessKey: null }, connectWarnings: r.warnings, view: null });
      await get().refresh();
    } catch (err) {
      set({ connectError: message(err) });
    } finally {
      set({ connecting: false });
    }
  },

  async connect(nodes, accessKey, secret) {
    set({ connecting: true, connectError: null });
    try {
      const r = await api.open({ nodes, accessKey, secret });
      set({ connection: { id: r.connectionId, label: r.nodes.join(', '), nodes: r.nodes, accessKey }, connectWarnings: r.warnings, view: null });
      await get().refresh();
    } catch (err) {
      set({ connectError: message(err) });
    } finally {
      set({ connecting: false });
    }
  },

  async reconnect(secret) {
    const c = get().connection;
    if (!c?.accessKey) return;
    await get().disconnect();
    await get().connect(c.nodes, c.accessKey, secret);
  },

  onProgress(e) {
    if (e.connectionId !== get().connection?.id || !get().inFlight) return;
    set({ progress: [...get().progress.filter((p) => p.node !== e.node.node), e.node] });
  },

  async disconnect() {
    const c = get().connection;
    set({ connection: null, view: null, stale: false, error: null });
    dropMatricesExcept(null);
    if (c) await api.close(c.id).catch(() => {});
  },

  async refresh() {
    const { connection, inFlight, series, rows } = get();
    if (!connection || inFlight) return; // never two rounds at once
    set({ inFlight: true, progress: [] });
    try {
      const view = await api.fetch({ connectionId: connection.id, series, rows, fromMs: null, toMs: null });
      const { matrix, ...meta } = view;
      if (matrix) {
        const matrixId = putMatrix(matrix);
        dropMatricesExcept(matrixId);
        set({ view: { ...meta, matrixId }, stale: false, error: null });
      } else {
        // Nothing answered: keep the last good matrix on screen, marked stale.
        const previous = get().view;
        set({ view: { ...meta, matrixId: previous?.matrixId ?? null }, stale: previous?.matrixId != null, error: null });
      }
    } catch (err) {
      set({ stale: get().view !== null, error: message(err) });
    } finally {
      set({ inFlight: false });
    }
  },

  set(patch) {
    set(patch);
  },

  dismiss(msg) {
    set({ dismissed: [...get().dismissed, msg] });
  },
}));
