// Before each renderer test: nothing remembered in localStorage, and the app's store (every slice,
// its bookkeeping and its matrices) as a fresh one has it.
import { useAppStore } from '../../../src/renderer/src/store';

export function freshRenderer(): void {
  localStorage.clear();
  useAppStore.getState().reset();
}
