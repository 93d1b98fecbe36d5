// Renderer state (zustand). Answers from the main process are validated here, at the boundary.
import { create } from 'zustand';
import { type DemoStatus, IPC } from '../../shared/ipc';

export interface AppState {
  demo: DemoStatus | { state: 'unavailable'; error: string };
  refreshDemo(): Promise<void>;
}

export const useAppStore = create<AppState>((set) => ({
  demo: { state: 'starting' },
  async refreshDemo() {
    const api = window.keyviz;
    if (!api) {
      set({ demo: { state: 'unavailable', error: 'the app bridge is missing (page opened outside KeyViz Inspector?)' } });
      return;
    }
    try {
      const parsed = IPC.demoStatus.response.safeParse(await api.demoStatus());
      set({ demo: parsed.success ? parsed.data : { state: 'unavailable', error: 'the main process sent a malformed status' } });
    } catch (err) {
      set({ demo: { state: 'unavailable', error: err instanceof Error ? err.message : String(err) } });
    }
  },
}));
