// The cell under the pointer, the pinned one, and the detail shown (the pinned cell wins).
import type { StateCreator } from 'zustand';
import type { CellDetail } from '../../../shared/ipc';
import { api } from '../api';
import type { CellRef } from '../heatmap/hit';
import type { Store } from './types';

export type { CellRef };

export interface CellData {
  hover: CellRef | null;
  pinned: CellRef | null;
  detail: CellDetail | null;
}

export interface CellSlice extends CellData {
  /** Pointer over a cell (null: left the heatmap). */
  hoverCell(cell: CellRef | null): void;
  /** Pin the cell (a second click on the pinned cell unpins); null unpins. */
  pinCell(cell: CellRef | null): void;
}

export const cellInitial = (): CellData => ({ hover: null, pinned: null, detail: null });

const sameCell = (a: CellRef | null, b: CellRef | null): boolean => a?.row === b?.row && a?.col === b?.col;

export const createCellSlice: StateCreator<Store, [], [], CellSlice> = (set, get) => {
  /** Ask main for a cell's detail; only the answer for the cell still wanted is kept. */
  const loadDetail = async (cell: CellRef | null): Promise<void> => {
    const { connection } = get();
    if (!cell || !connection) { set({ detail: null }); return; }
    try {
      const detail = await api.cell({ connectionId: connection.id, ...cell });
      const { pinned, hover } = get();
      if (sameCell(cell, pinned ?? hover)) set({ detail });
    } catch {
      set({ detail: null });
    }
  };
  return {
    ...cellInitial(),
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
  };
};
