// Renderer state (zustand): connection, request, the last view (matrix by id), and view toggles.
import { create } from 'zustand';
import type { Series } from '../../shared/elastickv/wire';
import type { CaptureInfo, CellDetail, ClusterView, DemoStatus, IdentityResponse, IpcResponse, ProgressEvent, ProfileSummary, SnapshotInfo } from '../../shared/ipc';
import type { NodeStatusV1 } from '../../shared/snapshot';
import type { ScaleKind } from './heatmap/color';
import type { Viewport } from './heatmap/pyramid';
import { api } from './api';
import { errorText as message } from './errors';
import { draftOf } from './profiles-store';
import { dropMatricesExcept, getMatrix, putMatrix } from './matrix-cache';
import { applyTheme, loadTheme, loadViewState, saveViewState, type Theme, type ViewState } from './persist';

export interface CellRef { row: number; col: number }

export type TimeRange = { kind: 'last'; ms: number | null } | { kind: 'window'; fromMs: number; toMs: number };
/** Presets: the last hour, 6 hours, 24 hours, or everything the nodes keep (null). */
export const RANGE_PRESETS: ReadonlyArray<{ label: string; ms: number | null }> = [
  { label: '1 h', ms: 3_600_000 }, { label: '6 h', ms: 21_600_000 }, { label: '24 h', ms: 86_400_000 }, { label: 'All', ms: null },
];

/** from_unix_ms / to_unix_ms for a range (null = unbounded), relative to `now`. */
export function rangeBounds(r: TimeRange, now: number): { fromMs: number | null; toMs: number | null } {
  if (r.kind === 'window') return { fromMs: r.fromMs, toMs: r.toMs };
  return { fromMs: r.ms === null ? null : now - r.ms, toMs: null };
}

/** The view without its matrix (that lives in the matrix cache). */
export type ViewMeta = Omit<ClusterView, 'matrix'> & { matrixId: number | null };

export type ConnectionKind = 'live' | 'snapshot' | 'capture' | 'diff';

export interface AppState {
  demo: DemoStatus | { state: 'unavailable'; error: string };
  /**
   * accessKey is kept (not the secret) so a refused secret can be typed again; `key` names the
   * saved view state; `profile` is set for a saved profile's connection.
   */
  connection: {
    id: string; label: string; key: string; nodes: string[]; accessKey: string | null; profile: ProfileSummary | null;
    /** live: nodes asked on refresh; snapshot: a file, read-only; diff: B − A of two views. */
    kind: ConnectionKind; snapshot: SnapshotInfo | null;
    /** A capture being replayed: its polls and segments; `frame` is the poll shown (0-based). */
    capture: (CaptureInfo & { frame: number }) | null;
  } | null;
  /** A profile to connect needs its secret typed (none remembered, or it was refused). */
  secretRequest: { profile: ProfileSummary; reason: string; refused: boolean } | null;
  /** Who is behind each address of the connection (node_id, groups it leads); null until asked. */
  identity: IdentityResponse | null;
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
  /** The time range asked of the nodes: a preset ending now, or a fixed window. */
  range: TimeRange;
  /** Cell under the pointer, the pinned one, and the detail shown (pinned wins). */
  hover: CellRef | null;
  pinned: CellRef | null;
  detail: CellDetail | null;
  helpOpen: boolean;
  /** The zoomed part of the matrix (null = all of it), and the way back. */
  zoom: Viewport | null;
  zoomHistory: Array<Viewport | null>;
  theme: Theme;
  setTheme(theme: Theme): void;
  refreshDemo(): Promise<void>;
  connectDemo(): Promise<void>;
  connect(nodes: string[], accessKey: string, secret: string): Promise<void>;
  /** Connect a saved profile: with its remembered secret, or the one typed now (optionally remembered). */
  connectProfile(profile: ProfileSummary, typed?: { secret: string; remember: boolean; acceptWeakStorage: boolean }): Promise<void>;
  cancelSecretRequest(): void;
  /** Open a snapshot file read-only (none: the open dialog). */
  openSnapshot(path?: string): Promise<void>;
  /** Replay: show poll `index` (0-based) of the capture. */
  showFrame(index: number): Promise<void>;
  /** B − A: A = a snapshot file chosen now, B = what is on screen (kept open to go back to). */
  compareWithFile(): Promise<void>;
  /** Leave a comparison for the view it was made from. */
  backFromCompare(): Promise<void>;
  /** The view a comparison was made from, still open. */
  behind: AppState['connection'];
  /** Save the connected profile with this node list and reconnect (drop a duplicate, add found peers). */
  changeProfileNodes(nodes: string[]): Promise<void>;
  /** Connect again with the same nodes and key and a new secret (after the secret was refused). */
  reconnect(secret: string): Promise<void>;
  onProgress(e: ProgressEvent): void;
  disconnect(): Promise<void>;
  /** A full round; `incremental` asks only for the columns since the last round (auto-refresh). */
  refresh(incremental?: boolean): Promise<void>;
  set(patch: Partial<Pick<AppState, 'series' | 'rows' | 'autoRefreshMs' | 'scale' | 'brightness' | 'showConflicts' | 'range' | 'helpOpen'>>): void;
  /** Pointer over a cell (null: left the heatmap). */
  hoverCell(cell: CellRef | null): void;
  /** Pin the cell (a second click on the pinned cell unpins); null unpins. */
  pinCell(cell: CellRef | null): void;
  zoomTo(vp: Viewport): void;
  zoomBack(): void;
  zoomReset(): void;
  dismiss(message: string): void;
}

/** A view switched or closed: nothing of the previous one stays on screen. */
const NOTHING_SHOWN = { view: null, stale: false, error: null, hover: null, pinned: null, detail: null } satisfies Partial<AppState>;

const sameCell = (a: CellRef | null, b: CellRef | null): boolean => a?.row === b?.row && a?.col === b?.col;

/** The view state saved for this connection, as store fields; else the profile's view defaults. */
function restored(key: string, profile: ProfileSummary | null): Partial<AppState> {
  const v = loadViewState(key);
  if (!v) {
    if (!profile) return { zoom: null, zoomHistory: [] };
    const d = profile.view;
    return { series: d.series, rows: d.rows, range: { kind: 'last', ms: d.rangeMs }, autoRefreshMs: d.autoRefreshMs, zoom: null, zoomHistory: [] };
  }
  return { series: v.series, rows: v.rows, range: v.range, zoom: v.zoom, zoomHistory: [], scale: v.scale, brightness: v.brightness,
    showConflicts: v.showConflicts, autoRefreshMs: v.autoRefreshMs };
}

function viewStateOf(s: AppState): ViewState {
  return { version: 1, series: s.series, rows: s.rows, range: s.range, zoom: s.zoom, scale: s.scale, brightness: s.brightness,
    showConflicts: s.showConflicts, autoRefreshMs: s.autoRefreshMs };
}

/** Ask main for a cell's detail; only the answer for the cell still wanted is kept. */
async function loadDetail(cell: CellRef | null): Promise<void> {
  const { connection } = useAppStore.getState();
  if (!cell || !connection) { useAppStore.setState({ detail: null }); return; }
  try {
    const detail = await api.cell({ connectionId: connection.id, ...cell });
    const { pinned, hover } = useAppStore.getState();
    if (sameCell(cell, pinned ?? hover)) useAppStore.setState({ detail });
  } catch {
    useAppStore.setState({ detail: null });
  }
}

type Described = { label: string; key: string; accessKey: string | null; profile: ProfileSummary | null; warnings?: string[];
  kind?: ConnectionKind; snapshot?: SnapshotInfo | null; capture?: CaptureInfo | null;
  /** Keep the view this one was made from open, to go back to (a comparison). */
  keepPrevious?: boolean };

/**
 * Open a connection (demo, nodes or profile), restore its saved view state, run the first round,
 * then ask who is behind each address. `open` returns null when it needs the user first.
 */
async function openConnection<R extends IpcResponse<'open'>>(open: () => Promise<R | null>, describe: (r: R) => Described): Promise<void> {
  const { setState, getState } = useAppStore;
  const seq = ++openSeq;
  setState({ connecting: true, connectError: null });
  try {
    const r = await open();
    if (!r) return;
    // Another open (a drop, File → Open, Replay) finished after this one started: it wins.
    if (seq !== openSeq) { await api.close({ connectionId: r.connectionId }).catch(() => {}); return; }
    const { label, key, accessKey, profile, warnings = [], kind = 'live', snapshot = null, capture = null, keepPrevious = false } = describe(r);
    const previous = getState().connection;
    const behind = getState().behind;
    if (previous && !keepPrevious) void api.close({ connectionId: previous.id }).catch(() => {});
    // What the kept view showed besides its matrix, for going back to it.
    aside = keepPrevious ? { identity: getState().identity, connectWarnings: getState().connectWarnings } : null;
    if (behind && behind.id !== previous?.id) void api.close({ connectionId: behind.id }).catch(() => {});
    setState({ behind: keepPrevious ? previous : null, connection: { id: r.connectionId, label, key, nodes: r.nodes, accessKey, profile, kind, snapshot,
      capture: capture ? { ...capture, frame: capture.polls.length - 1 } : null },
      connectWarnings: [...r.warnings, ...warnings], identity: null, ...NOTHING_SHOWN,
      ...restored(key, profile), ...(snapshot ? { series: snapshot.series } : {}), ...(kind !== 'live' ? { autoRefreshMs: 0 } : {}) });
    await getState().refresh();
    const id = r.connectionId;
    if (kind !== 'live') return; // files have no nodes to ask
    void api.identify({ connectionId: id }).then((identity) => { if (getState().connection?.id === id) setState({ identity }); }).catch(() => {});
  } catch (err) {
    if (seq === openSeq) setState({ connectError: message(err) });
  } finally {
    if (seq === openSeq) setState({ connecting: false });
  }
}

/** The newest openConnection call: older ones that finish later give way. */
let openSeq = 0;
/** The identity and warnings of the view a comparison was made from. */
let aside: { identity: IdentityResponse | null; connectWarnings: string[] } | null = null;

/** A round was asked for while another was loading (see refresh). */
let reloadWanted = false;
/** The connection whose round is in flight. */
let inFlightFor: string | null = null;

export const useAppStore = create<AppState>((set, get) => ({
  demo: { state: 'starting' },
  connection: null,
  behind: null,
  secretRequest: null,
  identity: null,
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
  range: { kind: 'last', ms: null },
  hover: null,
  pinned: null,
  detail: null,
  helpOpen: false,
  zoom: null,
  zoomHistory: [],
  theme: loadTheme(),
  setTheme(theme) {
    applyTheme(theme);
    set({ theme });
  },

  async refreshDemo() {
    try {
      set({ demo: await api.demoStatus() });
    } catch (err) {
      set({ demo: { state: 'unavailable', error: message(err) } });
    }
  },

  async connectDemo() {
    await openConnection(() => api.openDemo(), () => ({ label: 'Demo cluster', key: 'Demo cluster', accessKey: null, profile: null }));
  },

  async connect(nodes, accessKey, secret) {
    await openConnection(() => api.open({ nodes, accessKey, secret }),
      (r) => ({ label: r.nodes.join(', '), key: r.nodes.join(', '), accessKey, profile: null }));
  },

  async connectProfile(profile, typed) {
    if (profile.demo) { await get().connectDemo(); return; }
    await openConnection(async () => {
      const r = await api.connectProfile({ id: profile.id, ...(typed ?? {}) });
      if (r.state === 'need-secret') {
        set({ secretRequest: { profile, reason: r.reason, refused: r.refused } });
        return null;
      }
      set({ secretRequest: null });
      return r;
    }, (r) => ({ label: r.profile.name, key: `profile:${r.profile.id}`, accessKey: r.profile.accessKey, profile: r.profile,
      warnings: r.rememberError ? [r.rememberError] : [] }));
  },

  cancelSecretRequest() {
    set({ secretRequest: null });
  },

  async openSnapshot(path) {
    await openConnection(async () => {
      const r = await api.openSnapshot(path ? { path } : {});
      return r.state === 'open' ? r : null;
    }, (r) => ({ label: r.snapshot.label, key: `snapshot:${r.snapshot.path}`, accessKey: null, profile: null,
      kind: r.capture ? 'capture' : 'snapshot', snapshot: r.snapshot, capture: r.capture }));
  },

  async showFrame(index) {
    const c = get().connection;
    if (!c?.capture || index === c.capture.frame) return;
    set({ connection: { ...c, capture: { ...c.capture, frame: index } } });
    try {
      await api.captureFrame({ connectionId: c.id, index });
      await get().refresh();
    } catch (err) {
      set({ error: message(err) });
    }
  },

  async compareWithFile() {
    const current = get().connection;
    if (!current) return;
    let base: string | null = null;
    await openConnection(async () => {
      const a = await api.openSnapshot({ remember: true });
      if (a.state !== 'open') return null;
      base = a.connectionId;
      return api.compare({ a: { connectionId: a.connectionId, label: a.snapshot.label }, b: { connectionId: current.id, label: current.label } });
    }, (r) => ({ label: `${r.nodes[1]} − ${r.nodes[0]}`, key: 'diff', accessKey: null, profile: null, kind: 'diff', keepPrevious: true }));
    // The comparison holds its own copy of both sides.
    if (base) await api.close({ connectionId: base }).catch(() => {});
  },

  async changeProfileNodes(nodes) {
    const profile = get().connection?.profile;
    if (!profile || profile.demo) return;
    const id = profile.id;
    try {
      await api.saveProfile({ id, profile: { ...draftOf(profile), nodes } });
      const updated = (await api.profiles()).profiles.find((p) => p.id === id);
      await get().disconnect();
      if (updated) await get().connectProfile(updated);
    } catch (err) {
      set({ error: message(err) });
    }
  },

  async reconnect(secret) {
    const c = get().connection;
    if (!c?.accessKey) return;
    await get().disconnect();
    if (c.profile) await get().connectProfile(c.profile, { secret, remember: false, acceptWeakStorage: false });
    else await get().connect(c.nodes, c.accessKey, secret);
  },

  onProgress(e) {
    if (e.connectionId !== get().connection?.id || !get().inFlight) return;
    set({ progress: [...get().progress.filter((p) => p.node !== e.node.node), e.node] });
  },

  async disconnect() {
    const c = get().connection;
    const behind = get().behind;
    set({ connection: null, behind: null, identity: null, ...NOTHING_SHOWN });
    dropMatricesExcept(null);
    await Promise.all([c, behind].filter((x) => x !== null).map((x) => api.close({ connectionId: x!.id }).catch(() => {})));
  },

  async backFromCompare() {
    const { connection, behind } = get();
    if (!behind || connection?.kind !== 'diff') return;
    set({ connection: behind, behind: null, identity: aside?.identity ?? null, connectWarnings: aside?.connectWarnings ?? [], ...NOTHING_SHOWN,
      ...restored(behind.key, behind.profile) });
    aside = null;
    void api.close({ connectionId: connection.id }).catch(() => {});
    await get().refresh();
  },

  async refresh(incremental = false) {
    const { connection, inFlight, series, rows, range } = get();
    if (!connection) return;
    if (inFlight) {
      // Never two rounds at once. Another connection's round (the user just switched) or a
      // replay's frame asked for while one loads: run once this one is done.
      if (inFlightFor !== connection.id || connection.kind === 'capture') reloadWanted = true;
      return;
    }
    inFlightFor = connection.id;
    set({ inFlight: true, progress: [] });
    try {
      const view = await api.fetch({ connectionId: connection.id, series, rows, ...rangeBounds(range, Date.now()), incremental });
      // The user moved to another view meanwhile: this answer is not theirs to see.
      if (get().connection?.id !== connection.id) return;
      const { matrix, ...meta } = view;
      if (matrix) {
        const before = getMatrix(get().view?.matrixId ?? null);
        const matrixId = putMatrix(matrix);
        dropMatricesExcept(matrixId);
        // Row and column indexes change with a new matrix: a pinned cell would point elsewhere, and a
        // zoom only carries over while the shape is the same.
        // The first view of a connection keeps a restored zoom that still fits the matrix.
        const z = get().zoom;
        const sameShape = before === null
          ? z !== null && z.r1 <= matrix.rows.length && z.c1 <= matrix.columns.length
          : before.rows.length === matrix.rows.length && before.columns.length === matrix.columns.length;
        set({ view: { ...meta, matrixId }, stale: false, error: null, hover: null, pinned: null, detail: null,
          ...(sameShape ? {} : { zoom: null, zoomHistory: [] }) });
      } else {
        // Nothing answered: keep the last good matrix on screen, marked stale.
        const previous = get().view;
        set({ view: { ...meta, matrixId: previous?.matrixId ?? null }, stale: previous?.matrixId != null, error: null });
      }
    } catch (err) {
      if (get().connection?.id === connection.id) set({ stale: get().view !== null, error: message(err) });
    } finally {
      set({ inFlight: false });
      inFlightFor = null;
      if (reloadWanted) {
        reloadWanted = false;
        void get().refresh();
      }
    }
  },

  set(patch) {
    set(patch);
  },

  dismiss(msg) {
    set({ dismissed: [...get().dismissed, msg] });
  },

  zoomTo(vp) {
    set({ zoomHistory: [...get().zoomHistory, get().zoom], zoom: vp });
  },

  zoomBack() {
    const history = get().zoomHistory;
    if (history.length === 0) return;
    set({ zoom: history[history.length - 1] ?? null, zoomHistory: history.slice(0, -1) });
  },

  zoomReset() {
    if (get().zoom === null) return;
    set({ zoomHistory: [...get().zoomHistory, get().zoom], zoom: null });
  },

  hoverCell(cell) {
    if (sameCell(cell, get().hover)) return;
    set({ hover: cell });
    if (!get().pinned) void loadDetail(cell);
  },

  pinCell(cell) {
    const pinned = cell && !sameCell(cell, get().pinned) ? cell : null;
    set({ pinned });
    void loadDetail(pinned ?? get().hover);
  },
}));

// Remember the view state of the open connection whenever it changes.
useAppStore.subscribe((s, prev) => {
  if (!s.connection) return;
  const now = viewStateOf(s);
  if (s.connection !== prev.connection || JSON.stringify(now) !== JSON.stringify(viewStateOf(prev))) saveViewState(s.connection.key, now);
});
