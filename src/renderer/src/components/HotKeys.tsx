// The hot-keys panel of a pinned cell: the route's top keys over the cluster (key preview with
// copy, count, share of the row's writes, each node's count), how approximate the sketch is,
// and why nothing can be shown when hot keys do not apply (aggregate rows, other series, files).
import { useEffect, useState } from 'react';
import type { HotKeysView } from '../../../shared/ipc';
import { keyPreview } from '../../../shared/keys';
import { api } from '../api';
import { errorText } from '../errors';
import { useAppStore } from '../store';

const TOP = 20;
const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const pct = (x: number): string => (x >= 0.1 ? `${(x * 100).toFixed(0)} %` : x >= 0.001 ? `${(x * 100).toFixed(1)} %` : '< 0.1 %');

export function HotKeysPanel(): React.JSX.Element | null {
  const { pinned, connection, view } = useAppStore();
  const [state, setState] = useState<{ for: string; view: HotKeysView | null; error: string | null; loading: boolean } | null>(null);
  const cellKey = pinned && connection && view ? `${connection.id}/${view.matrixId}/${pinned.row}/${pinned.col}` : null;
  const ask = async (latest: boolean): Promise<void> => {
    if (!pinned || !connection || !cellKey) return;
    setState({ for: cellKey, view: null, error: null, loading: true });
    try {
      const v = await api.hotKeys({ connectionId: connection.id, row: pinned.row, col: pinned.col, top: TOP, latest });
      setState((s) => (s?.for === cellKey ? { for: cellKey, view: v, error: null, loading: false } : s));
    } catch (err) {
      setState((s) => (s?.for === cellKey ? { for: cellKey, view: null, error: errorText(err), loading: false } : s));
    }
  };
  // Asked once per pinned cell (and again only on request).
  useEffect(() => { if (cellKey && connection?.kind !== 'diff') void ask(false); }, [cellKey]);
  if (!cellKey || connection?.kind === 'diff' || state?.for !== cellKey) return null;
  const v = state.view;
  return (
    <section className="hot-keys" aria-label="Hot keys" aria-busy={state.loading}>
      <h3>Hot keys</h3>
      {state.loading && <p className="hint">asking every node…</p>}
      {state.error && <p role="alert" className="error">{state.error}</p>}
      {v?.state === 'unavailable' && <p className="hint" role="note">{v.message}</p>}
      {v?.state === 'older-column' && (
        <p role="note">{v.message} <button type="button" onClick={() => void ask(true)}>Show the latest window's hot keys</button></p>
      )}
      {v?.state === 'answer' && <Answer v={v} nodes={connection?.nodes ?? []} />}
    </section>
  );
}

function Answer({ v, nodes }: { v: Extract<HotKeysView, { state: 'answer' }>; nodes: string[] }): React.JSX.Element {
  const { saved, rowTotal } = v;
  const identity = useAppStore((s) => s.identity);
  // node_id where known (short, and what operators call their nodes), else host:port.
  const nodeLabel = (n: string): string => identity?.nodes.find((i) => i.node === n)?.nodeId ?? n.replace(/^https?:\/\//, '');
  const m = saved.merged;
  const failed = saved.nodes.filter((n) => !n.ok);
  return (
    <>
      <p className="hint">
        {v.fromFile ? 'As saved in this snapshot' : 'Latest window'}{m ? ` ending ${time.format(new Date(m.snapshot_at))}` : ''} · approximate (sampled)
        {m ? ` · sample rate 1/${m.sample_rate} · error bound ±${m.error_bound.toLocaleString()}` : ''}
      </p>
      {m?.degraded && (
        <p className="warning" role="note">Degraded: {m.dropped_samples.toLocaleString()} sample(s) dropped, {m.skipped_long_keys.toLocaleString()} key(s) too long to
          track — the counts below are lower than the real ones.</p>
      )}
      {failed.length > 0 && (
        <ul className="hot-keys-failed" aria-label="Nodes without hot keys">
          {failed.map((n) => <li key={n.node}>× {n.node} — {n.error}</li>)}
        </ul>
      )}
      {m && m.keys.length === 0 && <p className="hint">No writes were sampled for this route in the latest window.</p>}
      {v.saved.split.length > 0 && (
        <table className="per-node hot-keys-table" aria-label="Hot keys per node">
          <thead><tr><th>key</th><th>count</th><th>share</th>{nodes.map((n) => <th key={n} title={n}>{nodeLabel(n)}</th>)}</tr></thead>
          <tbody>
            {v.saved.split.map((k) => {
              const preview = keyPreview(k.key_b64);
              return (
                <tr key={k.key_b64}>
                  <td><code>{preview}</code> <button type="button" className="copy" aria-label={`Copy ${preview}`}
                    onClick={() => void navigator.clipboard?.writeText(preview)}>copy</button></td>
                  <td>{k.count.toLocaleString()}</td>
                  <td>{rowTotal > 0 ? pct(k.count / rowTotal) : '—'}</td>
                  {k.nodes.map((c, i) => <td key={nodes[i] ?? i} className={c === 0 ? 'absent' : ''}>{c ? c.toLocaleString() : '—'}</td>)}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}
