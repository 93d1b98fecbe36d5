import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { SERIES, type Series } from '../../../shared/elastickv/wire';
import { MAX_ROWS } from '../../../shared/limits';
import { RANGE_PRESETS, type TimeRange, useAppStore, useMatrix } from '../store';
import { FindPeersButton } from './Identity';
import { CompareButton, ExportMenu } from './FileActions';
import { RecordButton } from './Capture';
import { ConnectionLabel } from './ConnectionLabel';
import { Menu } from './Menu';

const toInput = (ms: number): string => {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
};

/**
 * From/To as the range on screen has them: a window's own bounds; for a preset, the first and last
 * column of the view shown (all the nodes keep, for "All"), or the asked span until one is.
 */
function shownBounds(range: TimeRange, columns: Float64Array | null, now: number): { from: string; to: string } {
  if (range.kind === 'window') return { from: toInput(range.fromMs), to: toInput(range.toMs) };
  if (columns && columns.length > 0) return { from: toInput(columns[0]!), to: toInput(columns[columns.length - 1]!) };
  return range.ms === null ? { from: '', to: '' } : { from: toInput(now - range.ms), to: toInput(now) };
}

/** Presets ending now, or a fixed window (local time). */
function RangePicker(): React.JSX.Element {
  const { range, setQuery } = useAppStore(useShallow((s) => ({ range: s.range, setQuery: s.setQuery })));
  const columns = useMatrix()?.columns ?? null;
  // What the operator typed and has not applied yet; otherwise the range on screen.
  const [typed, setTyped] = useState<{ from?: string; to?: string }>({});
  const shown = shownBounds(range, columns, Date.now());
  const from = typed.from ?? shown.from;
  const to = typed.to ?? shown.to;
  const setFrom = (v: string): void => setTyped((t) => ({ ...t, from: v }));
  const setTo = (v: string): void => setTyped((t) => ({ ...t, to: v }));
  const choose = (r: TimeRange): void => { setTyped({}); setQuery({ range: r }); };
  return (
    <span className="range" role="group" aria-label="Time range">
      {RANGE_PRESETS.map((p) => (
        <button key={p.label} type="button" aria-pressed={range.kind === 'last' && range.ms === p.ms}
          onClick={() => choose({ kind: 'last', ms: p.ms })}>{p.label}</button>
      ))}
      <input type="datetime-local" aria-label="From" value={from} onChange={(e) => setFrom(e.target.value)} />
      <input type="datetime-local" aria-label="To" value={to} onChange={(e) => setTo(e.target.value)} />
      <button type="button" aria-pressed={range.kind === 'window'} onClick={() => {
        const fromMs = new Date(from).getTime();
        const toMs = new Date(to).getTime();
        if (Number.isFinite(fromMs) && Number.isFinite(toMs) && fromMs < toMs) choose({ kind: 'window', fromMs, toMs });
      }}>Apply</button>
    </span>
  );
}

const SERIES_LABEL: Record<Series, string> = { writes: 'Writes', reads: 'Reads', write_bytes: 'Write bytes', read_bytes: 'Read bytes' };

/** Nodes and credentials typed once, without saving a profile. */
export function QuickConnect(): React.JSX.Element {
  const connecting = useAppStore((s) => s.connecting);
  const connect = useAppStore((s) => s.connect);
  const [nodes, setNodes] = useState('');
  const [accessKey, setAccessKey] = useState('');
  const [secret, setSecret] = useState('');
  return (
    <details className="card connect">
      <summary>Connect once without saving a profile</summary>
      <form aria-label="Quick connect" onSubmit={(e) => { e.preventDefault(); void connect(nodes.split(/[\s,]+/).filter(Boolean), accessKey, secret); setSecret(''); }}>
        <label>Nodes (admin addresses, one per line, in priority order)
          <textarea value={nodes} onChange={(e) => setNodes(e.target.value)} rows={3} placeholder="10.0.0.1:8080" required />
        </label>
        <label>Access key <input value={accessKey} onChange={(e) => setAccessKey(e.target.value)} required autoComplete="username" /></label>
        <label>Secret key <input type="password" value={secret} onChange={(e) => setSecret(e.target.value)} required autoComplete="current-password" /></label>
        <button type="submit" disabled={connecting}>Connect</button>
      </form>
    </details>
  );
}

export function Toolbar(): React.JSX.Element {
  const s = useAppStore(useShallow((st) => ({ connection: st.connection, rows: st.rows, series: st.series, scale: st.scale,
    brightness: st.brightness, showConflicts: st.showConflicts, autoRefreshMs: st.autoRefreshMs, inFlight: st.inFlight, theme: st.theme,
    set: st.set, setQuery: st.setQuery, setTheme: st.setTheme, refresh: st.refresh, disconnect: st.disconnect })));
  // Series, range, rows and auto-refresh are questions for the nodes: only a view that asks them has them.
  const live = s.connection?.can.refresh === true;
  const [rowsDraft, setRowsDraft] = useState(String(s.rows));
  const commitRows = (): void => {
    const v = Number.parseInt(rowsDraft, 10);
    if (!Number.isInteger(v) || v <= 0) { setRowsDraft(String(s.rows)); return; }
    const rows = Math.min(MAX_ROWS, v);
    setRowsDraft(String(rows));
    // Another row budget is another question for the nodes: refetch (the same one is not).
    if (rows !== s.rows) s.setQuery({ rows });
  };
  return (
    <div className="toolbar" role="toolbar" aria-label="View">
      <ConnectionLabel />
      <label>Series <select value={s.series} disabled={!live} title={live ? undefined : 'a file holds one series'}
        onChange={(e) => s.setQuery({ series: e.target.value as Series })}>
        {SERIES.map((v) => <option key={v} value={v}>{SERIES_LABEL[v]}</option>)}
      </select></label>
      {live && <RangePicker />}
      {live && <label>Rows <input type="number" min={1} max={MAX_ROWS} value={rowsDraft} onChange={(e) => setRowsDraft(e.target.value)}
        onBlur={commitRows} onKeyDown={(e) => { if (e.key === 'Enter') commitRows(); }} /></label>}
      {live && <><label>Auto-refresh <select value={s.autoRefreshMs} onChange={(e) => s.set({ autoRefreshMs: Number(e.target.value) as 0 | 5000 | 30000 })}>
        <option value={0}>Off</option><option value={5000}>5 s</option><option value={30000}>30 s</option>
      </select></label>
      <button type="button" onClick={() => void s.refresh()} disabled={s.inFlight} title="refetch everything from every node">
        {s.inFlight ? 'Refreshing…' : 'Refresh'}</button></>}
      {/* How the picture is drawn, not what is asked: kept in one menu (their keys: l, [, ], c) so the toolbar fits a small window. */}
      <Menu label="Display" role="group">
        <label>Scale <select value={s.scale} onChange={(e) => s.set({ scale: e.target.value as 'log' | 'linear' })}>
          <option value="log">Log</option><option value="linear">Linear</option>
        </select></label>
        <label>Brightness <input type="range" min={0.25} max={4} step={0.25} value={s.brightness}
          onChange={(e) => s.set({ brightness: Number(e.target.value) })} /></label>
        <label><input type="checkbox" checked={s.showConflicts} onChange={(e) => s.set({ showConflicts: e.target.checked })} /> Conflicts &amp; leadership changes</label>
        <label>Theme <select value={s.theme} onChange={(e) => s.setTheme(e.target.value as 'system' | 'light' | 'dark')}>
          <option value="system">System</option><option value="light">Light</option><option value="dark">Dark</option>
        </select></label>
      </Menu>
      <ExportMenu />
      <CompareButton />
      <RecordButton />
      {s.connection?.profile && !s.connection.profile.demo && <FindPeersButton />}
      <button type="button" onClick={() => void s.disconnect()}>{live ? 'Disconnect' : 'Close'}</button>
    </div>
  );
}
