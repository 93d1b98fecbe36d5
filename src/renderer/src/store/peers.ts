// "Find peers": what the first node named, for the connection it was asked on (another
// connection never sees it).
import type { StateCreator } from 'zustand';
import type { IpcResponse } from '../../../shared/ipc';
import { api } from '../api';
import { errorText as message } from '../errors';
import type { Store } from './types';

export interface PeersData {
  peersFound: IpcResponse<'discover'> | null;
  peersError: { connectionId: string; text: string } | null;
  findingPeers: boolean;
}

export interface PeersSlice extends PeersData {
  findPeers(): Promise<void>;
  closePeers(): void;
}

export const peersInitial = (): PeersData => ({ peersFound: null, peersError: null, findingPeers: false });

export const createPeersSlice: StateCreator<Store, [], [], PeersSlice> = (set, get) => ({
  ...peersInitial(),

  async findPeers() {
    const c = get().connection;
    if (!c) return;
    set({ findingPeers: true, peersError: null, peersFound: null });
    try {
      set({ peersFound: await api.discover({ connectionId: c.id }) });
    } catch (err) {
      set({ peersError: { connectionId: c.id, text: message(err) } });
    } finally {
      set({ findingPeers: false });
    }
  },

  closePeers() {
    set({ peersFound: null, peersError: null });
  },
});
