// The application's Dialogs as Electron's native ones, attached to the window when there is one.
import { type BrowserWindow, dialog } from 'electron';
import type { Dialogs } from '../app/dialogs';

export function nativeDialogs(window: () => BrowserWindow | null): Dialogs {
  return {
    async saveFile(defaultName, filters) {
      const opts = { defaultPath: defaultName, filters };
      const w = window();
      const r = w ? await dialog.showSaveDialog(w, opts) : await dialog.showSaveDialog(opts);
      return r.canceled || !r.filePath ? null : r.filePath;
    },
    async openFile(filters) {
      const opts = { properties: ['openFile' as const], filters };
      const w = window();
      const r = w ? await dialog.showOpenDialog(w, opts) : await dialog.showOpenDialog(opts);
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
  };
}
