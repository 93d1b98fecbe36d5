// The renderer's only door to the main process: the shared IPC contract, nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import type { KeyVizApi } from './api';

const api: KeyVizApi = {
  demoStatus: () => ipcRenderer.invoke('demo:status'),
};

contextBridge.exposeInMainWorld('keyviz', api);
