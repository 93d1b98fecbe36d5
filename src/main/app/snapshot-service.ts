// What the IPC layer calls for files of views: export a view (snapshot, redacted snapshot, CSV,
// the renderer's PNG), open a snapshot as a read-only view, compare two views, recent files.
// Electron-free: the dialogs are handed in.
import { basename } from 'node:path';
import { writeFileAtomic } from '../core/files/atomic';
import { RecentFiles } from '../core/recent';
import { DEFAULT_MAX_SNAPSHOT_BYTES, type OpenedSnapshot } from '../core/snapshot';
import type { CaptureFile } from '../core/capture';
import { type FileOpener, fileOpener } from '../core/open';
import type { ClusterService } from './cluster-service';
import { type Dialogs, FILTERS, safeFileName } from './dialogs';
import type { IpcRequest, IpcResponse } from '../../shared/ipc';

export interface SnapshotServiceOptions {
  clusters: ClusterService;
  dialogs: Dialogs;
  recentFile: string;
  appVersion: string;
  maxBytes?: number;
  /** The built file-open worker: files are then read, parsed and merged off this thread. */
  openWorker?: string;
  /** An open still running after this long is stopped (default OPEN_TIMEOUT_MS). */
  openTimeoutMs?: number;
}

/**
 * A stuck open (a FIFO named as a file, a reader gone wrong) must end. Far past a legitimate one:
 * a 75 MB snapshot opens in ~2.5 s on a loaded 2-core machine; the largest accepted is ~7 times that.
 */
export const OPEN_TIMEOUT_MS = 5 * 60_000;

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** `prod-writes-20261124-030000`: profile, series, local time of the export. */
export function defaultName(label: string, series: string, now = new Date()): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
  return `${safeFileName(label)}-${series}-${stamp}`;
}

export class SnapshotService {
  private readonly recentFiles: RecentFiles;
  private readonly opener: FileOpener;

  constructor(private readonly o: SnapshotServiceOptions) {
    this.recentFiles = new RecentFiles(o.recentFile);
    this.opener = fileOpener(o.openWorker, { timeoutMs: o.openTimeoutMs ?? OPEN_TIMEOUT_MS });
  }

  async export(req: IpcRequest<'exportView'>): Promise<IpcResponse<'exportView'>> {
    const base = defaultName(req.label, req.series);
    if (req.format === 'csv') {
      const path = await this.o.dialogs.saveFile(`${base}.csv`, FILTERS.csv);
      return path === null ? { path: null, bytes: 0 } : { path, bytes: await this.o.clusters.exportCsv(req.connectionId, path) };
    }
    const path = await this.o.dialogs.saveFile(`${base}${req.redact ? '-redacted' : ''}.kvsnap`, FILTERS.snapshot);
    if (path === null) return { path: null, bytes: 0 };
    const bytes = await this.o.clusters.exportSnapshot(req.connectionId, path, { redact: req.redact, appVersion: this.o.appVersion, label: req.label });
    return { path, bytes };
  }

  async savePng(req: IpcRequest<'savePng'>): Promise<IpcResponse<'savePng'>> {
    const png = Buffer.from(req.png.buffer, req.png.byteOffset, req.png.byteLength);
    if (!png.subarray(0, 8).equals(PNG_MAGIC)) throw new Error('the picture to save is not a PNG image');
    const path = await this.o.dialogs.saveFile(`${defaultName(req.label, req.series)}.png`, FILTERS.png);
    if (path === null) return { path: null, bytes: 0 };
    return { path, bytes: await writeFileAtomic(path, [png]) };
  }

  async open(req: IpcRequest<'openSnapshot'>): Promise<IpcResponse<'openSnapshot'>> {
    const path = req.path ?? await this.o.dialogs.openFile(FILTERS.view);
    if (path === null) return { state: 'cancelled' };
    const file = await this.opener.open(path, { maxBytes: this.o.maxBytes ?? DEFAULT_MAX_SNAPSHOT_BYTES });
    const view = file.kind === 'capture' ? this.showCapture(path, file.capture) : this.showSnapshot(path, file.snapshot);
    // A full disk must not stop the viewing.
    if (req.remember ?? true) await this.recentFiles.add({ path, label: view.snapshot.label }).catch(() => {});
    return view;
  }

  private showSnapshot(path: string, opened: OpenedSnapshot): Extract<IpcResponse<'openSnapshot'>, { state: 'open' }> {
    const m = opened.meta;
    return { state: 'open', ...this.o.clusters.openSnapshot(opened), capture: null,
      snapshot: { path, label: m.label ?? basename(path), createdAt: m.createdAt, appVersion: m.appVersion, series: m.series, redacted: m.redacted } };
  }

  private showCapture(path: string, f: CaptureFile): Extract<IpcResponse<'openSnapshot'>, { state: 'open' }> {
    return {
      state: 'open', ...this.o.clusters.openCapture(f),
      snapshot: { path, label: f.header.label ?? basename(path), createdAt: f.header.created_at, appVersion: f.header.app_version,
        series: f.header.request.series, redacted: false },
      capture: { polls: f.polls.map((p) => ({ seq: p.seq, at: p.at, ok: p.statuses.filter((st) => st.ok).length })), everyMs: f.header.every_ms,
        aggregate: f.aggregate, segments: f.segments },
    };
  }

  async recent(): Promise<IpcResponse<'recentFiles'>> {
    return this.recentFiles.list();
  }

  compare(req: IpcRequest<'compare'>): IpcResponse<'compare'> {
    return this.o.clusters.compare(req.a, req.b);
  }

  /** Stops the opens still running (the app is quitting). */
  close(): Promise<void> {
    return this.opener.close();
  }
}
