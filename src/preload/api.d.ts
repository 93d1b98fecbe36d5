// What the preload exposes as `window.keyviz`. Answers are `unknown` on purpose: the
// renderer validates them against the shared IPC schemas before use.
export interface KeyVizApi {
  demoStatus(): Promise<unknown>;
  open(req: unknown): Promise<unknown>;
  openDemo(): Promise<unknown>;
  fetch(req: unknown): Promise<unknown>;
  close(req: unknown): Promise<unknown>;
  cell(req: unknown): Promise<unknown>;
  /** Progress events of rounds in flight; returns the unsubscribe. */
  onProgress(listener: (payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    keyviz?: KeyVizApi;
  }
}
