// The cell under the pointer, the pinned one, and the detail shown (the pinned cell wins); the
// pinned cell's hot keys. A pin is a place (bucket_id, column time): a new matrix moves it there,
// or lets it go with a word (see pin.ts); its hot keys stay while it stays on the same place.
import type { StateCreator } from 'zustand';
import type { CellDetail, HotKeysView, ViewMatrix } from '../../../shared/ipc';
import { DEFAULT_HOTKEYS_TOP } from '../../../shared/limits';
import { api } from '../api';
import { errorText } from '../errors';
import type { CellRef } from '../heatmap/hit';
import { keyGroups } from '../heatmap/groups';
import { columnAt, followPin, type Pin, pinAt, type PinLost } from '../pin';
import type { StoreInternals } from './internals';
import type { Store } from './types';

export type { CellRef };
export type { Pin, PinLost };

/** A pinned place: what the hot keys shown were asked for. */
export type Place = Pick<Pin, 'bucketId' | 'columnMs'>;

export interface HotKeysAsked {
  for: Place;
  /** This ask (a later one, even of the same cell, wins): only its answer lands. */
  token: object;
  view: HotKeysView | null;
  error: string | null;
  loading: boolean;
}

/** A cell of a collapsed group's summed row: the group (heatmap/groups.ts key) and the column. */
export interface GroupCell {
  key: string;
  col: number;
  columnMs: number;
}

export interface CellData {
  hover: CellRef | null;
  /** The pointer is over a collapsed group's row (then `hover` is null). */
  hoverGroup: GroupCell | null;
  /** A collapsed group's cell is pinned (then `pinned` is null): its detail is worked out here, not asked of main. */
  pinnedGroup: GroupCell | null;
  pinned: Pin | null;
  detail: CellDetail | null;
  /** The pin the last new matrix had no place for (shown until the next pin, or dismissed). */
  pinLost: PinLost | null;
  /** The pinned cell's hot keys, as last asked. */
  hotKeys: HotKeysAsked | null;
  /** How many hot keys to ask for. */
  hotKeysTop: number;
}

export interface CellSlice extends CellData {
  /** Pointer over a cell (null: left the heatmap). */
  hoverCell(cell: CellRef | null): void;
  /** Pin the cell of the matrix on screen (a second click on the pinned cell unpins); null unpins (a group's cell too). */
  pinCell(cell: CellRef | null): void;
  /** Pointer over a collapsed group's cell (null: not over one). */
  hoverGroupCell(cell: GroupCell | null): void;
  /** Pin a collapsed group's cell (a second click on it unpins). */
  pinGroupCell(cell: GroupCell | null): void;
  /** Ask the detail of the pinned (else hovered) cell again: the matrix on screen changed. */
  reloadDetail(): Promise<void>;
  /** Ask the pinned cell's hot keys (`latest`: the latest window's, for an older column); `top` becomes the panel's. */
  askHotKeys(latest: boolean, top?: number): Promise<void>;
  dismissPinLost(): void;
}

export const cellInitial = (): CellData => ({ hover: null, hoverGroup: null, pinnedGroup: null, pinned: null, detail: null, pinLost: null, hotKeys: null, hotKeysTop: DEFAULT_HOTKEYS_TOP });

const sameCell = (a: CellRef | null, b: CellRef | null): boolean => a?.row === b?.row && a?.col === b?.col;
const sameGroupCell = (a: GroupCell | null, b: GroupCell | null): boolean => a?.key === b?.key && a?.col === b?.col;

/** A pinned group cell in a new matrix: the same group at its column's time, or gone. */
function followGroup(g: GroupCell | null, next: ViewMatrix): GroupCell | null {
  if (!g || !keyGroups(next).some((x) => x.key === g.key)) return null;
  const col = columnAt(next.columns, g.columnMs);
  return col < 0 ? null : { key: g.key, col, columnMs: next.columns[col]! };
}
export const samePlace = (a: Place | null, b: Place | null): boolean =>
  a !== null && b !== null && a.bucketId === b.bucketId && a.columnMs === b.columnMs;

/**
 * What the cell fields become when matrix `next` replaces the one on screen: the hover goes (its
 * indexes meant the old matrix); the pin moves to its place in `next` keeping its detail until the
 * new one arrives and its hot keys (asked again only when the series changed), or is let go.
 */
export function cellsFollow(s: CellData, next: ViewMatrix, sameSeries: boolean): Partial<CellData> {
  if (s.pinnedGroup) return { hover: null, hoverGroup: null, detail: null, pinnedGroup: followGroup(s.pinnedGroup, next) };
  if (!s.pinned) return { hover: null, hoverGroup: null, detail: null };
  const followed = followPin(s.pinned, next);
  if (!followed.pin) return { hover: null, pinned: null, detail: null, hotKeys: null, pinLost: followed.lost };
  const pin = followed.pin;
  const hotKeys = sameSeries && s.hotKeys && samePlace(s.hotKeys.for, s.pinned)
    ? { ...s.hotKeys, for: { bucketId: pin.bucketId, columnMs: pin.columnMs } } : null;
  return { hover: null, hoverGroup: null, pinned: pin, hotKeys };
}

export const createCellSlice = (internals: StoreInternals): StateCreator<Store, [], [], CellSlice> => (set, get) => {
  /** Ask main for a cell's detail; only the answer for the cell still wanted is kept. */
  const loadDetail = async (cell: CellRef | null): Promise<void> => {
    const { connection } = get();
    if (!cell || !connection) { set({ detail: null }); return; }
    try {
      const detail = await api.cell({ connectionId: connection.id, row: cell.row, col: cell.col });
      const { pinned, hover } = get();
      if (sameCell(cell, pinned ?? hover)) set({ detail });
    } catch {
      if (sameCell(cell, get().pinned ?? get().hover)) set({ detail: null });
    }
  };
  return {
    ...cellInitial(),
    hoverCell(cell) {
      if (sameCell(cell, get().hover) && get().hoverGroup === null) return;
      set({ hover: cell, hoverGroup: null });
      if (!get().pinned && !get().pinnedGroup) void loadDetail(cell);
    },
    pinCell(cell) {
      const matrix = internals.matrices.get(get().view?.matrixId ?? null);
      const pinned = cell && matrix && !sameCell(cell, get().pinned) ? pinAt(matrix, cell) : null;
      set({ pinned, pinnedGroup: null, pinLost: null, hotKeys: null });
      void loadDetail(pinned ?? get().hover);
    },
    hoverGroupCell(cell) {
      if (sameGroupCell(cell, get().hoverGroup) && get().hover === null) return;
      set({ hoverGroup: cell, hover: null });
      if (!get().pinned && !get().pinnedGroup) set({ detail: null });
    },
    pinGroupCell(cell) {
      const pinnedGroup = cell && !sameGroupCell(cell, get().pinnedGroup) ? cell : null;
      set({ pinnedGroup, pinned: null, pinLost: null, hotKeys: null, detail: null });
      if (!pinnedGroup) void loadDetail(get().hover);
    },
    reloadDetail() {
      return loadDetail(get().pinned ?? get().hover);
    },
    async askHotKeys(latest, top = get().hotKeysTop) {
      const { pinned, connection } = get();
      if (!pinned || !connection) return;
      const token = {};
      set({ hotKeysTop: top, hotKeys: { for: { bucketId: pinned.bucketId, columnMs: pinned.columnMs }, token, view: null, error: null, loading: true } });
      const land = (patch: Pick<HotKeysAsked, 'view' | 'error'>): void => {
        const now = get().hotKeys;
        if (now?.token === token) set({ hotKeys: { ...now, ...patch, loading: false } });
      };
      try {
        land({ view: await api.hotKeys({ connectionId: connection.id, row: pinned.row, col: pinned.col, bucketId: pinned.bucketId, top, latest }), error: null });
      } catch (err) {
        land({ view: null, error: errorText(err) });
      }
    },
    dismissPinLost() {
      set({ pinLost: null });
    },
  };
};
