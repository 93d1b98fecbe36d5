// The renderer's only door to the main process: the shared IPC contract, nothing else.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { KeyVizApi } from './api';

const api: KeyVizApi = {
  demoStatus: () => ipcRenderer.invoke('demo:status'),
  open: (req) => ipcRenderer.invoke('cluster:open', req),
  openDemo: () => ipcRenderer.invoke('cluster:open-demo'),
  fetch: (req) => ipcRenderer.invoke('cluster:fetch', req),
  close: (req) => ipcRenderer.invoke('cluster:close', req),
  cell: (req) => ipcRenderer.invoke('cluster:cell', req),
  hotKeys: (req) => ipcRenderer.invoke('cluster:hotkeys', req),
  identify: (req) => ipcRenderer.invoke('cluster:identify', req),
  discover: (req) => ipcRenderer.invoke('cluster:discover', req),
  profiles: () => ipcRenderer.invoke('profiles:list'),
  saveProfile: (req) => ipcRenderer.invoke('profiles:save', req),
  duplicateProfile: (req) => ipcRenderer.invoke('profiles:duplicate', req),
  deleteProfile: (req) => ipcRenderer.invoke('profiles:delete', req),
  resetProfiles: () => ipcRenderer.invoke('profiles:reset'),
  connectProfile: (req) => ipcRenderer.invoke('profiles:connect', req),
  forgetSecret: (req) => ipcRenderer.invoke('profiles:forget-secret', req),
  certificate: (req) => ipcRenderer.invoke('profiles:certificate', req),
  exportProfile: (req) => ipcRenderer.invoke('profiles:export', req),
  importProfile: (req) => ipcRenderer.invoke('profiles:import', req),
  exportView: (req) => ipcRenderer.invoke('view:export', req),
  savePng: (req) => ipcRenderer.invoke('view:save-png', req),
  openSnapshot: (req) => ipcRenderer.invoke('snapshot:open', req),
  recentFiles: () => ipcRenderer.invoke('snapshot:recent'),
  compare: (req) => ipcRenderer.invoke('view:compare', req),
  startup: () => ipcRenderer.invoke('app:startup'),
  startCapture: (req) => ipcRenderer.invoke('capture:start', req),
  stopCapture: () => ipcRenderer.invoke('capture:stop'),
  captureStatus: () => ipcRenderer.invoke('capture:status'),
  captureFrame: (req) => ipcRenderer.invoke('capture:frame', req),
  onCaptureEvent: (listener) => {
    const handler = (_event: unknown, payload: unknown): void => listener(payload);
    ipcRenderer.on('capture:event', handler);
    return () => { ipcRenderer.removeListener('capture:event', handler); };
  },
  pathForFile: (file) => webUtils.getPathForFile(file),
  onMenuCommand: (listener) => {
    const handler = (_event: unknown, payload: unknown): void => listener(payload);
    ipcRenderer.on('menu:command', handler);
    return () => { ipcRenderer.removeListener('menu:command', handler); };
  },
  onProgress: (listener) => {
    const handler = (_event: unknown, payload: unknown): void => listener(payload);
    ipcRenderer.on('cluster:progress', handler);
    return () => { ipcRenderer.removeListener('cluster:progress', handler); };
  },
};

contextBridge.exposeInMainWorld('keyviz', api);
