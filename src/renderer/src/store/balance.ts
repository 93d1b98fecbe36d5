// The Balance panel (docs/balance.md): which node carries the traffic of the view on screen, as
// main weighed it (once per round), for the connection it was asked on, and whether the panel is
// open (collapsed by default: at a small window the heatmap keeps the height).
import type { StateCreator } from 'zustand';
import { type BalanceAnswer, spanKey, type TimeSpan } from '../../../shared/ipc';
import { api } from '../api';
import { errorText as message } from '../errors';
import type { Store } from './types';

export interface BalanceData {
  /**
   * The last answer, with the connection, the matrix on screen and the span it was asked for: the
   * panel shows it only while all three are still what is on screen (never another round's figures).
   */
  balance: { connectionId: string; matrixId: number | null; span: string; answer: BalanceAnswer } | null;
  balanceError: { connectionId: string; text: string } | null;
  balanceOpen: boolean;
}

export interface BalanceSlice extends BalanceData {
  /** Ask main for the balance of the view on screen over `span` (the zoom's columns; null: all), where the view can say it. */
  loadBalance(span?: TimeSpan | null): Promise<void>;
  setBalanceOpen(open: boolean): void;
}

export const balanceInitial = (): BalanceData => ({ balance: null, balanceError: null, balanceOpen: false });

export const createBalanceSlice: StateCreator<Store, [], [], BalanceSlice> = (set, get) => {
  /** The newest ask: an older answer arriving later gives way. */
  let asked = 0;
  return {
    ...balanceInitial(),

    async loadBalance(span = null) {
      const c = get().connection;
      if (!c?.can.balance) return;
      const seq = ++asked;
      const matrixId = get().view?.matrixId ?? null;
      try {
        const answer = await api.balance({ connectionId: c.id, span });
        if (seq !== asked || get().connection?.id !== c.id) return;
        set({ balance: { connectionId: c.id, matrixId, span: spanKey(span), answer }, balanceError: null });
      } catch (err) {
        // What was shown is no longer the answer: only the failure is.
        if (seq === asked && get().connection?.id === c.id) set({ balance: null, balanceError: { connectionId: c.id, text: message(err) } });
      }
    },

    setBalanceOpen(open) {
      set({ balanceOpen: open });
    },
  };
};
