// The native file dialogs the core needs, as an interface: Electron's in the app, scripted in
// tests. null = the user cancelled.
export interface FileFilter { name: string; extensions: string[] }

export interface Dialogs {
  saveFile(defaultName: string, filters: FileFilter[]): Promise<string | null>;
  openFile(filters: FileFilter[]): Promise<string | null>;
}

/** A label as a file name: anything but letters, digits, `.`, `-` and `_` becomes `_`. */
export function safeFileName(label: string, fallback = 'cluster'): string {
  return label.replace(/[^\w.-]+/g, '_').replace(/^_+|_+$/g, '') || fallback;
}

export const FILTERS = {
  profile: [{ name: 'KeyViz Inspector profile', extensions: ['json'] }],
  snapshot: [{ name: 'KeyViz snapshot', extensions: ['kvsnap', 'gz', 'json'] }],
  csv: [{ name: 'CSV', extensions: ['csv'] }],
  png: [{ name: 'PNG image', extensions: ['png'] }],
  capture: [{ name: 'KeyViz capture', extensions: ['kvcap', 'jsonl'] }],
  /** What File → Open accepts: snapshots and captures. */
  view: [{ name: 'KeyViz snapshot or capture', extensions: ['kvsnap', 'kvcap', 'gz', 'json', 'jsonl'] }],
} satisfies Record<string, FileFilter[]>;
