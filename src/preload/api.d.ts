// What the preload exposes as `window.keyviz`. Answers are `unknown` on purpose: the
// renderer validates them against the shared IPC schemas before use.
export interface KeyVizApi {
  demoStatus(): Promise<unknown>;
  open(req: unknown): Promise<unknown>;
  openDemo(): Promise<unknown>;
  fetch(req: unknown): Promise<unknown>;
  close(req: unknown): Promise<unknown>;
  cell(req: unknown): Promise<unknown>;
  hotKeys(req: unknown): Promise<unknown>;
  identify(req: unknown): Promise<unknown>;
  discover(req: unknown): Promise<unknown>;
  profiles(): Promise<unknown>;
  saveProfile(req: unknown): Promise<unknown>;
  duplicateProfile(req: unknown): Promise<unknown>;
  deleteProfile(req: unknown): Promise<unknown>;
  resetProfiles(): Promise<unknown>;
  connectProfile(req: unknown): Promise<unknown>;
  forgetSecret(req: unknown): Promise<unknown>;
  certificate(req: unknown): Promise<unknown>;
  exportProfile(req: unknown): Promise<unknown>;
  importProfile(req: unknown): Promise<unknown>;
  exportView(req: unknown): Promise<unknown>;
  savePng(req: unknown): Promise<unknown>;
  openSnapshot(req: unknown): Promise<unknown>;
  recentFiles(): Promise<unknown>;
  compare(req: unknown): Promise<unknown>;
  startup(): Promise<unknown>;
  startCapture(req: unknown): Promise<unknown>;
  stopCapture(): Promise<unknown>;
  captureStatus(): Promise<unknown>;
  captureFrame(req: unknown): Promise<unknown>;
  /** Events of the capture being recorded; returns the unsubscribe. */
  onCaptureEvent(listener: (payload: unknown) => void): () => void;
  /** Application-menu commands; returns the unsubscribe. */
  onMenuCommand(listener: (payload: unknown) => void): () => void;
  /** The path of a file dropped on the window ('' when it has none, e.g. outside the app). */
  pathForFile?(file: File): string;
  /** Progress events of rounds in flight; returns the unsubscribe. */
  onProgress(listener: (payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    keyviz?: KeyVizApi;
  }
}
