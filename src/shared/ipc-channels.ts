// The IPC channel names, alone: the sandboxed preload bundles this module (no zod, no schemas),
// so it can refuse any name not listed here. The contract in ipc.ts takes its channels from it.

/** Renderer → main calls (ipcRenderer.invoke), keyed by the contract's names. */
export const INVOKE_CHANNELS = {
  demoStatus: 'demo:status',
  open: 'cluster:open',
  openDemo: 'cluster:open-demo',
  fetch: 'cluster:fetch',
  close: 'cluster:close',
  cell: 'cluster:cell',
  identify: 'cluster:identify',
  discover: 'cluster:discover',
  profiles: 'profiles:list',
  saveProfile: 'profiles:save',
  duplicateProfile: 'profiles:duplicate',
  deleteProfile: 'profiles:delete',
  resetProfiles: 'profiles:reset',
  connectProfile: 'profiles:connect',
  forgetSecret: 'profiles:forget-secret',
  certificate: 'profiles:certificate',
  testProfile: 'profiles:test',
  exportProfile: 'profiles:export',
  importProfile: 'profiles:import',
  exportView: 'view:export',
  savePng: 'view:save-png',
  openSnapshot: 'snapshot:open',
  recentFiles: 'snapshot:recent',
  compare: 'view:compare',
  startCapture: 'capture:start',
  stopCapture: 'capture:stop',
  captureStatus: 'capture:status',
  captureFrame: 'capture:frame',
  hotKeys: 'cluster:hotkeys',
  balance: 'cluster:balance',
  served: 'cluster:served',
  startup: 'app:startup',
} as const;

/** Main → renderer events (webContents.send), keyed by the name the renderer subscribes with. */
export const EVENT_CHANNELS = {
  progress: 'cluster:progress',
  capture: 'capture:event',
  menu: 'menu:command',
} as const;

export type InvokeName = keyof typeof INVOKE_CHANNELS;
export type EventName = keyof typeof EVENT_CHANNELS;

/** What the preload exposes as `window.keyviz`. Answers and payloads are `unknown` on purpose:
 * the renderer validates them against the contract's schemas before use. */
export interface KeyVizBridge {
  /** Rejects when `name` is not an invoke channel. */
  invoke(name: InvokeName, request?: unknown): Promise<unknown>;
  /** Throws when `event` is not an event channel; returns the unsubscribe. */
  on(event: EventName, listener: (payload: unknown) => void): () => void;
  /** The path of a file dropped on the window ('' when it has none, e.g. outside the app). */
  pathForFile?(file: File): string;
}
