// The renderer's only door to the main process: the shared IPC contract, nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import type { KeyVizApi } from './api';

const api: KeyVizApi = {
  demoStatus: () => ipcRenderer.invoke('demo:status'),
  open: (req) => ipcRenderer.invoke('cluster:open', req),
  openDemo: () => ipcRenderer.invoke('cluster:open-demo'),
  fetch: (req) => ipcRenderer.invoke('cluster:fetch', req),
  close: (req) => ipcRenderer.invoke('cluster:close', req),
  cell: (req) => ipcRenderer.invoke('cluster:cell', req),
  onProgress: (listener) => {
    const handler = (_event: unknown, payload: unknown): void => listener(payload);
    ipcRenderer.on('cluster:progress', handler);
    return () => { ipcRenderer.removeListener('cluster:progress', handler); };
  },
};

contextBridge.exposeInMainWorld('keyviz', api);
