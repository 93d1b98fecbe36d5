// The renderer's only door to the main process: the shared IPC contract, nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import type { KeyVizApi } from './api';

const api: KeyVizApi = {
  demoStatus: () => ipcRenderer.invoke('demo:status'),
  open: (req) => ipcRenderer.invoke('cluster:open', req),
  openDemo: () => ipcRenderer.invoke('cluster:open-demo'),
  fetch: (req) => ipcRenderer.invoke('cluster:fetch', req),
  close: (req) => ipcRenderer.invoke('cluster:close', req),
};

contextBridge.exposeInMainWorld('keyviz', api);
