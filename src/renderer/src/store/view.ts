// How the view is asked for and drawn: series, rows, time range, zoom, scale, brightness,
// conflicts, auto-refresh (kept per connection, see persist.ts), and the theme, the help overlay
// and the warnings dismissed.
import type { StateCreator } from 'zustand';
import type { Series } from '../../../shared/elastickv/wire';
import type { ProfileSummary } from '../../../shared/ipc';
import { DEFAULT_PROFILE_VIEW } from '../../../shared/profiles';
import type { ScaleKind } from '../heatmap/color';
import type { Viewport } from '../heatmap/pyramid';
import { applyTheme, loadTheme, loadViewState, type Theme, type ViewState } from '../persist';
import type { Store } from './types';

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

export interface ViewData {
  series: Series;
  rows: number;
  autoRefreshMs: 0 | 5000 | 30000;
  /** The time range asked of the nodes: a preset ending now, or a fixed window. */
  range: TimeRange;
  scale: ScaleKind;
  brightness: number;
  showConflicts: boolean;
  /** The zoomed part of the matrix (null = all of it), and the way back. */
  zoom: Viewport | null;
  zoomHistory: Array<Viewport | null>;
  theme: Theme;
  helpOpen: boolean;
  dismissed: string[];
  /** Key groups drawn as one summed row (heatmap/groups.ts keys); none by default. */
  collapsed: string[];
  /** The pictures before each "ask the nodes for this window", newest last: what Back returns to. */
  queryBack: Picture[];
  /** The zoom to restore once the range asked by going back has its matrix (see round.ts). */
  pendingZoom: Picture | null;
}

/** A question's range and the zoom it was looked at with. */
export interface Picture {
  range: TimeRange;
  zoom: Viewport | null;
  zoomHistory: Array<Viewport | null>;
}

export type ViewPatch = Partial<Pick<ViewData, 'series' | 'rows' | 'autoRefreshMs' | 'scale' | 'brightness' | 'showConflicts' | 'range' | 'helpOpen'>>;

/** What the nodes are asked: a change is a new question, so it refetches. */
export type QueryPatch = Partial<Pick<ViewData, 'series' | 'rows' | 'range'>>;

export interface ViewSlice extends ViewData {
  setTheme(theme: Theme): void;
  set(patch: ViewPatch): void;
  /** Ask the nodes another question (series, rows, range): set it and refetch at once. */
  setQuery(patch: QueryPatch): void;
  zoomTo(vp: Viewport): void;
  /** The previous zoom; with none left, the question before the last window asked (askWindow). */
  zoomBack(): void;
  zoomReset(): void;
  dismiss(message: string): void;
  /** Collapse a key group into one summed row, or expand it again. */
  toggleGroup(key: string): void;
  /** Ask the nodes for exactly this window (the zoomed columns): the row budget is ranked for it; Back returns. */
  askWindow(fromMs: number, toMs: number): void;
  /** Back to the question (and the zoom) before the last askWindow. */
  backToQuery(): void;
}

/** A profile's view defaults as store fields. */
const fromProfile = (v: ProfileSummary['view']): Pick<ViewData, 'series' | 'rows' | 'range' | 'autoRefreshMs'> =>
  ({ series: v.series, rows: v.rows, range: { kind: 'last', ms: v.rangeMs }, autoRefreshMs: v.autoRefreshMs });

export const viewInitial = (): ViewData => ({
  ...fromProfile(DEFAULT_PROFILE_VIEW),
  scale: 'log',
  brightness: 1,
  showConflicts: true,
  zoom: null,
  zoomHistory: [],
  theme: loadTheme(),
  helpOpen: false,
  dismissed: [],
  ...exploration(),
});

/** What a connection's exploring starts from: nothing collapsed, nothing to go back to. */
const exploration = (): Pick<ViewData, 'collapsed' | 'queryBack' | 'pendingZoom'> => ({ collapsed: [], queryBack: [], pendingZoom: null });

/** The view state saved for this connection, as store fields; else the profile's view defaults. */
export function restored(key: string, profile: ProfileSummary | null): Partial<ViewData> {
  const v = loadViewState(key);
  if (!v) return { ...(profile ? fromProfile(profile.view) : {}), zoom: null, zoomHistory: [], ...exploration() };
  return { ...exploration(), series: v.series, rows: v.rows, range: v.range, zoom: v.zoom, zoomHistory: [], scale: v.scale, brightness: v.brightness,
    showConflicts: v.showConflicts, autoRefreshMs: v.autoRefreshMs };
}

export function viewStateOf(s: ViewData): ViewState {
  return { version: 1, series: s.series, rows: s.rows, range: s.range, zoom: s.zoom, scale: s.scale, brightness: s.brightness,
    showConflicts: s.showConflicts, autoRefreshMs: s.autoRefreshMs };
}

export const createViewSlice: StateCreator<Store, [], [], ViewSlice> = (set, get) => ({
  ...viewInitial(),
  setTheme(theme) {
    applyTheme(theme);
    set({ theme });
  },
  set(patch) {
    set(patch);
  },
  setQuery(patch) {
    // A range chosen anew starts over: Back returns only through windows asked from a zoom.
    set(patch.range ? { ...patch, queryBack: [], pendingZoom: null } : patch);
    // A round already out answers the old question: refresh asks again when it ends (see round.ts).
    void get().refresh();
  },
  dismiss(msg) {
    set({ dismissed: [...get().dismissed, msg] });
  },
  zoomTo(vp) {
    set({ zoomHistory: [...get().zoomHistory, get().zoom], zoom: vp });
  },
  zoomBack() {
    const history = get().zoomHistory;
    if (history.length === 0) { get().backToQuery(); return; }
    set({ zoom: history[history.length - 1] ?? null, zoomHistory: history.slice(0, -1) });
  },
  zoomReset() {
    if (get().zoom === null) return;
    set({ zoomHistory: [...get().zoomHistory, get().zoom], zoom: null });
  },
  toggleGroup(key) {
    const collapsed = get().collapsed;
    const open = collapsed.includes(key);
    // An expanded group's summed row is gone: so is its hover or pin.
    const { hoverGroup, pinnedGroup } = get();
    set({ collapsed: open ? collapsed.filter((k) => k !== key) : [...collapsed, key],
      ...(open && hoverGroup?.key === key ? { hoverGroup: null } : {}), ...(open && pinnedGroup?.key === key ? { pinnedGroup: null } : {}) });
  },
  askWindow(fromMs, toMs) {
    const { range, zoom, zoomHistory, queryBack } = get();
    // The new matrix is the zoomed columns: it is shown whole.
    set({ queryBack: [...queryBack, { range, zoom, zoomHistory }], pendingZoom: null, range: { kind: 'window', fromMs, toMs }, zoom: null, zoomHistory: [] });
    void get().refresh();
  },
  backToQuery() {
    const back = get().queryBack;
    const last = back.at(-1);
    if (!last) return;
    set({ queryBack: back.slice(0, -1), range: last.range, pendingZoom: last });
    void get().refresh();
  },
});
