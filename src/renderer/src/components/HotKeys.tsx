// The hot-keys panel of a pinned cell: the route's top keys over the cluster (key preview with
// copy, count, share of the row's writes, each node's count), how approximate the sketch is,
// and why nothing can be shown when hot keys do not apply (aggregate rows, other series, files).
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { HotKeysView } from '../../../shared/ipc';
import { describeKey } from '../../../shared/elastickv/internal-key';
import { hotKeysUnavailableText, OLDER_COLUMN_TEXT, sketchGapsText } from '../hotkeys-words';
import { nodeName } from '../node-names';
import { samePlace, useAppStore } from '../store';
import { Key } from './Key';

// The panel's choices; the default (DEFAULT_HOTKEYS_TOP, the store's first hotKeysTop) is one of them.
const TOPS = [10, 20, 50, 100] as const;
const dateTime = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
/** A node's time in words; Go's zero time (no snapshot) or anything unreadable is "unknown". */
const when = (iso: string): string => {
  const t = Date.parse(iso);
  return Number.isFinite(t) && t > 0 ? dateTime.format(new Date(t)) : 'unknown';
};
const pct = (x: number): string => (x >= 0.1 ? `${(x * 100).toFixed(0)} %` : x >= 0.001 ? `${(x * 100).toFixed(1)} %` : '< 0.1 %');

export function HotKeysPanel(): React.JSX.Element | null {
  const { pinned, can, hotKeys, top, askHotKeys } = useAppStore(useShallow((s) => ({ pinned: s.pinned, can: s.connection?.can.hotKeys ?? 'none',
    hotKeys: s.hotKeys, top: s.hotKeysTop, askHotKeys: s.askHotKeys })));
  const wanted = pinned !== null && can !== 'none';
  // The answer shown is for the pinned place (bucket_id, column time): a refresh that keeps the pin
  // keeps it; a new pin (even of the same cell) or another place asks again.
  const shown = wanted && hotKeys && samePlace(hotKeys.for, pinned) ? hotKeys : null;
  useEffect(() => { if (wanted && !shown) void askHotKeys(false); }, [wanted, shown === null, pinned?.bucketId, pinned?.columnMs]);
  if (!shown) return null;
  const v = shown.view;
  return (
    <section className="hot-keys" aria-label="Hot keys" aria-busy={shown.loading}>
      <h3>Hot keys <label className="inline hint">top <select value={top} aria-label="How many keys"
        onChange={(e) => void askHotKeys(v?.state === 'answer' && !v.fromFile, Number(e.target.value))}>
        {TOPS.map((n) => <option key={n} value={n}>{n}</option>)}</select></label></h3>
      {shown.loading && <p className="hint">asking every node…</p>}
      {shown.error && <p role="alert" className="error">{shown.error}</p>}
      {v?.state === 'unavailable' && <p className="hint" role="note">{hotKeysUnavailableText(v.why)}</p>}
      {v?.state === 'older-column' && (
        <p role="note">{OLDER_COLUMN_TEXT} <button type="button" onClick={() => void askHotKeys(true)}>Show the latest window's hot keys</button></p>
      )}
      {v?.state === 'answer' && <Answer v={v} />}
    </section>
  );
}

function Answer({ v }: { v: Extract<HotKeysView, { state: 'answer' }> }): React.JSX.Element {
  const { saved, rowTotal } = v;
  // The columns are the nodes that were asked, in the order they were asked (the split's order).
  const nodes = saved.nodes;
  const identity = useAppStore((s) => s.identity);
  const cellNodes = useAppStore((s) => s.detail?.nodes);
  // As the strip and the cell's table name them: node_id where known (short, what operators call their nodes), else host:port.
  const nodeLabel = (n: string): string => nodeName(identity, n, cellNodes?.find((c) => c.source === n)?.nodeId ?? null);
  const failed = nodes.filter((n) => !n.ok);
  const noSamples = nodes.filter((n) => n.ok && n.no_samples);
  const m = saved.merged;
  return (
    <>
      <p className="hint">
        {v.fromFile ? `As asked ${when(saved.asked_at)}, saved in this snapshot` : 'Latest window'}{m ? ` ending ${when(m.snapshot_at)}` : ''} · approximate (sampled)
        {m ? ` · sample rate 1/${m.sample_rate} · error bound ±${m.error_bound.toLocaleString()}` : ''}
      </p>
      {m && sketchGapsText(m) && <p className="warning" role="note">{sketchGapsText(m)}</p>}
      {failed.length > 0 && (
        <ul className="hot-keys-failed" aria-label="Nodes without hot keys">
          {failed.map((n) => <li key={n.node}>× {n.node} — {n.error}</li>)}
        </ul>
      )}
      {noSamples.length > 0 && (
        <p className="hint" aria-label="Nodes without samples">No samples on {noSamples.map((n) => nodeLabel(n.node)).join(', ')}: {noSamples.length === 1 ? 'it has' : 'they have'} not
          counted writes of this route (a node that has not led its Raft group since it started has none).</p>
      )}
      {saved.whole_route && (
        <p className="hint" role="note">This sub-bucket matched no sampled key, so these are the whole route's hot keys: elastickv filters a sub-bucket
          on its internal key bytes, which need not fall inside the row's key range.</p>
      )}
      {(!m || m.keys.length === 0) && failed.length < nodes.length && <p className="hint">No writes were sampled for this route in the latest window.</p>}
      {v.saved.split.length > 0 && (
        <table className="per-node hot-keys-table" aria-label="Hot keys per node">
          <thead><tr><th>key</th><th>count</th>
            <th title="of the row's writes in the latest column (the sketch's window is about one step: more than 100 % can happen)">share</th>
            {nodes.map((n) => <th key={n.node} title={n.node}>{nodeLabel(n.node)}</th>)}</tr></thead>
          <tbody>
            {v.saved.split.map((k) => {
              return (
                <tr key={k.key_b64}>
                  <td><Key b64={k.key_b64} label={`Copy ${describeKey(k.key_b64).text}`} /></td>
                  <td>{k.count.toLocaleString()}</td>
                  <td>{rowTotal > 0 ? pct(k.count / rowTotal) : '—'}</td>
                  {nodes.map((n, i) => {
                    const c = k.nodes[i] ?? 0;
                    return <td key={n.node} className={c === 0 ? 'absent' : ''} title={n.ok ? (n.no_samples ? 'no samples' : undefined) : n.error}>
                      {!n.ok ? '×' : c ? c.toLocaleString() : '—'}</td>;
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}
