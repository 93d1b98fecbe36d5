// Which node served a row (or a key group's rows) over the columns on screen: each node's own count
// of those buckets (asked by bucket_id), as main finds them in the nodes' answers, in the node
// strip's colours. Asked again when the rows, the matrix or the zoom change; an answer for other
// rows or another span gives way.
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ServedAnswer } from '../../../shared/ipc';
import { api } from '../api';
import { amount, percent, seriesWords, unavailableText } from '../balance-words';
import { errorText } from '../errors';
import { nodeColorOf } from '../node-colors';
import { nodeName } from '../node-names';
import { spanKey, useShownSpan } from '../shown-span';
import { useAppStore, useMatrix } from '../store';

export function ServedBy({ rowStart, rowEnd, what }: { rowStart: number; rowEnd: number; what: string }): React.JSX.Element | null {
  const { connection, view, identity } = useAppStore(useShallow((s) => ({ connection: s.connection, view: s.view, identity: s.identity })));
  const span = useShownSpan();
  const matrix = useMatrix();
  const series = matrix?.series ?? 'writes';
  const [answer, setAnswer] = useState<{ key: string; served: ServedAnswer | null; error: string | null } | null>(null);
  const can = connection?.can.balance === true;
  const key = `${connection?.id}|${view?.matrixId}|${rowStart}|${rowEnd}|${spanKey(span)}`;
  useEffect(() => {
    if (!can || !connection || !view || !matrix) return undefined;
    const buckets = matrix.rows.slice(rowStart, rowEnd).map((r) => r.bucketId);
    if (buckets.length === 0) return undefined;
    let live = true;
    api.served({ connectionId: connection.id, buckets, span })
      .then((served) => { if (live) setAnswer({ key, served, error: null }); })
      .catch((err: unknown) => { if (live) setAnswer({ key, served: null, error: errorText(err) }); });
    return () => { live = false; };
  }, [can, key]);
  if (!can || !connection) return null;
  const mine = answer?.key === key ? answer : null;
  const where = span ? 'over the zoomed columns' : 'over the whole window';
  let body: React.ReactNode;
  if (!mine) body = <span className="hint">asking…</span>;
  else if (mine.error !== null) body = <span className="hint">cannot say: {mine.error}</span>;
  else if (mine.served?.state === 'unavailable') body = <span className="hint">{unavailableText(mine.served.why)}</span>;
  else if (mine.served?.state === 'served') {
    const s = mine.served;
    const color = (i: number): string => nodeColorOf(connection.nodes, s.nodes[i]!.node, i);
    body = s.total === 0 ? <span className="hint">no {seriesWords(series)} counted here</span> : (
      <>
        <span className="served-bar" aria-hidden="true">
          {s.nodes.map((n, i) => n.share > 0 && <span key={n.node} style={{ width: `${n.share * 100}%`, background: color(i) }} />)}
        </span>
        <span className="served-nodes">
          {s.nodes.map((n, i) => (
            <span key={n.node} className="served-node" data-node={n.node} data-total={n.total} data-share={n.share} title={n.node}>
              <span className="swatch" style={{ background: color(i) }} aria-hidden="true" />
              {nodeName(identity, n.node, n.nodeId)} {percent(n.share)} ({amount(series, n.total)})
            </span>
          ))}
        </span>
      </>
    );
  }
  return (
    <div className="served-by" role="group" aria-label="Served by" data-state={mine?.served?.state ?? (mine?.error ? 'error' : 'asking')}>
      <span className="served-title">Served by ({what}, {where}):</span> {body}
    </div>
  );
}
