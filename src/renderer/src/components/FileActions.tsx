// Files of views: export (snapshot, redacted snapshot, CSV, PNG at 1× or 2×), open a snapshot
// (button, recent list, drag and drop, command line), compare with a snapshot, and the banner
// that marks a read-only view.
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { api } from '../api';
import { formatBytes as size } from '../../../shared/format';
import { shownMatrix } from '../heatmap/shown';
import { heatmapPng } from '../heatmap/picture';
import { SERIES_UNIT } from '../heatmap/axes';
import { instantText, isoText } from '../heatmap/time-axis';
import { fullViewport } from '../heatmap/pyramid';
import { matrixOf, useAppStore } from '../store';
import { Menu } from './Menu';

export type ExportKind = 'snapshot' | 'redacted' | 'csv' | 'png1' | 'png2';

export async function exportView(kind: ExportKind): Promise<void> {
  const s = useAppStore.getState();
  const c = s.connection;
  const matrix = matrixOf(s.view?.matrixId ?? null);
  if (!c || !s.view || !matrix) return;
  await s.fileAction(async () => {
    if (kind === 'png1' || kind === 'png2') {
      const diverging = c.kind === 'comparison';
      const shown = shownMatrix(matrix, diverging)!;
      const png = await heatmapPng({
        matrix: shown, nodes: s.view!.nodes, ratio: kind === 'png2' ? 2 : 1, unit: SERIES_UNIT[matrix.series],
        title: `${c.label} — ${SERIES_UNIT[matrix.series]}${c.kind === 'snapshot' ? ' (snapshot)' : c.kind === 'comparison' ? ' (B − A)' : ''}`,
        // Times in this computer's zone, as the picture's time axis and the screen show them.
        subtitle: `${matrix.rows.length} rows × ${matrix.columns.length} columns · ${c.capture ? `poll ${c.capture.frame + 1} of ${c.capture.polls.length}, taken ${isoText(c.capture.polls[c.capture.frame]?.at ?? '')}`
          : c.snapshot ? `taken ${isoText(c.snapshot.createdAt)}` : `as of ${matrix.generatedAt ? isoText(matrix.generatedAt) : instantText(Date.now())}`}`,
        viewport: s.zoom ?? fullViewport({ rows: matrix.rows.length, cols: matrix.columns.length }),
        draw: { scale: s.scale, brightness: s.brightness, showConflicts: s.showConflicts, diverging },
      });
      const r = await api.savePng({ png, label: c.label, series: matrix.series });
      return r.path ? `Saved the picture to ${r.path} (${size(r.bytes)}).` : null;
    }
    const r = await api.exportView({ connectionId: c.id, format: kind === 'csv' ? 'csv' : 'snapshot', redact: kind === 'redacted',
      label: c.label, series: matrix.series });
    return r.path ? `Exported to ${r.path} (${size(r.bytes)})${kind === 'redacted' ? ', keys redacted' : ''}.` : null;
  });
}

export function ExportMenu(): React.JSX.Element | null {
  const can = useAppStore((s) => s.connection?.can);
  const ready = useAppStore((s) => s.view?.matrixId != null);
  if (!can) return null;
  const item = (k: ExportKind, label: string, title?: string): React.JSX.Element => (
    <button type="button" role="menuitem" disabled={!ready} title={title} onClick={() => void exportView(k)}>{label}</button>
  );
  return (
    <Menu label="Export">
      {can.exportSnapshot && item('snapshot', 'Snapshot…', 'the view plus each node\'s own answer, to open later (Ctrl/Cmd+S)')}
      {can.exportSnapshot && item('redacted', 'Snapshot, keys redacted…', 'keys replaced by rank, keyed hash and length, for sharing outside the team')}
      {can.exportCsv && item('csv', 'CSV…', 'one row per bucket, one column per time')}
      {can.exportPng && item('png1', 'Picture (PNG)…')}
      {can.exportPng && item('png2', 'Picture (PNG, 2×)…')}
    </Menu>
  );
}

export function CompareButton(): React.JSX.Element | null {
  const { connection, compareWithFile, connecting } = useAppStore(useShallow((s) => ({ connection: s.connection,
    compareWithFile: s.compareWithFile, connecting: s.connecting })));
  if (!connection || connection.kind === 'comparison') return null;
  return <button type="button" disabled={connecting} onClick={() => void compareWithFile()}
    title="choose a snapshot: the heatmap then shows what is on screen now minus that snapshot">Compare with snapshot…</button>;
}

/** A read-only view: where it comes from and when. */
export function FileBanner(): React.JSX.Element | null {
  const c = useAppStore((s) => s.connection);
  const behind = useAppStore((s) => s.behind);
  const back = useAppStore((s) => s.backFromCompare);
  if (!c || c.kind === 'live' || c.kind === 'replay') return null;
  if (c.kind === 'comparison') {
    return <p className="file-banner" role="status">Comparison: <strong>{c.nodes[1]}</strong> minus <strong>{c.nodes[0]}</strong>.
      Red: more in B, blue: fewer. Point at a cell for both values.
      {behind && <> <button type="button" onClick={() => void back()}>Back to {behind.label}</button></>}</p>;
  }
  const s = c.snapshot!;
  return (
    <p className="file-banner" role="status" aria-label="Snapshot">
      <strong>Snapshot</strong> of {s.label}, taken {new Date(s.createdAt).toLocaleString()} · {s.path}
      {s.redacted ? ' · keys redacted' : ''} · read-only, no cluster access
    </p>
  );
}

export function FileNotice(): React.JSX.Element | null {
  const notice = useAppStore((s) => s.fileNotice);
  const error = useAppStore((s) => s.fileError);
  const dismiss = useAppStore((s) => s.dismissFileNotice);
  if (!notice && !error) return null;
  return (
    <p className={error ? 'error' : 'notice'} role={error ? 'alert' : 'status'} aria-label="File">
      {error ?? notice} <button type="button" aria-label="Dismiss" onClick={dismiss}>×</button>
    </p>
  );
}

/** The start screen's files: open a snapshot, and the recently opened ones. */
export function SnapshotFiles(): React.JSX.Element {
  const openSnapshot = useAppStore((s) => s.openSnapshot);
  const connecting = useAppStore((s) => s.connecting);
  const [recent, setRecent] = useState<{ files: Array<{ path: string; label: string; openedAt: string }>; error: string | null }>({ files: [], error: null });
  useEffect(() => { api.recentFiles().then(setRecent).catch(() => {}); }, []);
  return (
    <section className="card files" aria-label="Snapshots">
      <h2>Snapshots</h2>
      <p className="hint">Open a snapshot or a capture to look at it without cluster access (or drop it on this window).</p>
      <button type="button" disabled={connecting} onClick={() => void openSnapshot()}>Open snapshot…</button>
      {recent.error && <p className="warning">{recent.error}</p>}
      {recent.files.length > 0 && (
        <ul className="recent" aria-label="Recent files">
          {recent.files.map((f) => (
            <li key={f.path}><button type="button" className="link" title={f.path} onClick={() => void openSnapshot(f.path)}>{f.label}</button>
              {' '}<span className="hint">{f.path} · {new Date(f.openedAt).toLocaleString()}</span></li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Drop a snapshot on the window to open it; a file named on the command line opens at start. */
export function useFileOpening(): void {
  const openSnapshot = useAppStore((s) => s.openSnapshot);
  const fileProblem = useAppStore((s) => s.fileProblem);
  useEffect(() => {
    api.startup().then((s) => { if (s.openFile) void openSnapshot(s.openFile); }).catch(() => {});
    const over = (e: DragEvent): void => { if (e.dataTransfer?.types.includes('Files')) e.preventDefault(); };
    const drop = (e: DragEvent): void => {
      const file = e.dataTransfer?.files[0];
      if (!file) return;
      e.preventDefault();
      const path = api.pathForFile(file);
      if (path) void openSnapshot(path);
      else fileProblem(`${file.name}: its location on disk is not known here; use Open snapshot… instead`);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => { window.removeEventListener('dragover', over); window.removeEventListener('drop', drop); };
  }, [openSnapshot, fileProblem]);
}
