import { useShallow } from 'zustand/react/shallow';
import { rowTitle } from '../../../shared/elastickv/key-text';
import { nodeName } from '../node-names';
import { pinLostText } from '../pin-words';
import { useAppStore, useMatrix } from '../store';
import { GroupDetail } from './GroupDetail';
import { HotKeysPanel } from './HotKeys';
import { Key } from './Key';
import { ServedBy } from './ServedBy';

const time = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
const ROUTE_IDS_SHOWN = 12;

/** The cell under the pointer, or the pinned one: its window, its row, and each node's own value. */
export function CellDetailPanel(): React.JSX.Element | null {
  const { detail, pinned, hover, pinCell, identity, pinLost, dismissPinLost, pinnedGroup, hoverGroup } = useAppStore(useShallow((s) => ({
    detail: s.detail, pinned: s.pinned, hover: s.hover, pinCell: s.pinCell, identity: s.identity, pinLost: s.pinLost,
    dismissPinLost: s.dismissPinLost, pinnedGroup: s.pinnedGroup, hoverGroup: s.hoverGroup })));
  const cell = pinned ?? hover;
  const matrix = useMatrix();
  const row = cell && matrix ? matrix.rows[cell.row] : undefined;
  // A pin a refresh let go of: said where it was, until the next pin.
  const lost = pinLost && (
    <p className="pin-lost" role="status" aria-label="Pin let go">{pinLostText(pinLost)}{' '}
      <button type="button" aria-label="Dismiss" onClick={dismissPinLost}>×</button></p>
  );
  // A collapsed group's cell (pinned, else pointed at while nothing is pinned): its own panel.
  const group = pinned ? null : pinnedGroup ?? (hover ? null : hoverGroup);
  if (group) return <GroupDetail cell={group} pinned={pinnedGroup !== null} />;
  // The panel keeps its place even when empty: the heatmap must not jump under the pointer.
  if (!detail || !cell || !matrix || !row) {
    return <aside className="cell-detail empty" aria-label="Cell detail">{lost}<p className="hint">Point at a cell for its detail; click to pin it.</p></aside>;
  }
  return (
    <aside className={`cell-detail${pinned ? ' pinned' : ''}`} aria-label="Cell detail">
      {lost}
      <header>
        <strong>{detail.bucketId}</strong>{row.label && <span className="pill">{row.label}</span>}{row.aggregate && <span className="pill">aggregate</span>}
        <span className="hint row-title">{rowTitle(row, detail.group)}</span>
        {pinned ? <button type="button" onClick={() => pinCell(null)} aria-label="Unpin">× unpin (Esc)</button> : <span className="hint">click to pin</span>}
      </header>
      <dl>
        <dt>Window</dt>
        {/* A column's time is its flush: the window it closes ends there. */}
        <dd>{detail.windowStartMs !== null ? <>{time.format(new Date(detail.windowStartMs))} → </> : 'until '}{time.format(new Date(detail.columnMs))}</dd>
        <dt>Start key</dt><dd><Key b64={row.start} label="Copy start key" /></dd>
        <dt>End key</dt><dd><Key b64={row.end} label="Copy end key" nullText="(unbounded)" /></dd>
        <dt>Routes</dt>
        <dd>{row.routeCount}{row.routeIds && <> — {row.routeIds.slice(0, ROUTE_IDS_SHOWN).join(', ')}{(row.routeIds.length > ROUTE_IDS_SHOWN || row.routeIdsTruncated) && ' … (list truncated)'}</>}</dd>
        <dt>Merged value</dt><dd className="merged-value">{detail.value.toLocaleString()}</dd>
        <dt>Raft group / term</dt><dd>{detail.group || '—'} / {detail.term || '—'}</dd>
      </dl>
      {detail.conflict && <p className="conflict-explained" role="note">Conflict: {detail.explanation}</p>}
      {detail.leadershipChange && (
        <p className="leadership-change" role="note" data-from={detail.leadershipChange.from.source} data-to={detail.leadershipChange.to.source}>
          Leadership change: {detail.leadershipChange.text}
        </p>
      )}
      <table className="per-node" aria-label="Per-node values">
        <thead><tr><th>node</th><th>value</th><th>group</th><th>term</th><th /></tr></thead>
        <tbody>
          {detail.nodes.map((n) => (
            <tr key={n.source} className={n.disagreed ? 'disagreed' : n.noAnswer !== null ? 'no-answer' : n.present ? '' : 'absent'}
              data-role={detail.leadershipChange?.from.source === n.source ? 'old-leader' : detail.leadershipChange?.to.source === n.source ? 'new-leader' : undefined}>
              <td title={n.source}>{nodeName(identity, n.source, n.nodeId)}</td>
              <td>{n.present ? n.value.toLocaleString() : '—'}</td>
              <td>{n.present ? n.group || '—' : ''}</td>
              <td>{n.present ? n.term || '—' : ''}</td>
              {/* A node that did not answer the round is listed with why (the banner has the whole error). */}
              <td className="why" title={n.noAnswer ?? undefined}>{n.disagreed ? 'disagreed' : n.noAnswer !== null ? `no answer: ${n.noAnswer}` : !n.present ? 'no data (counted as 0)'
                : detail.leadershipChange?.from.source === n.source ? 'old leader' : detail.leadershipChange?.to.source === n.source ? 'new leader' : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ServedBy rowStart={cell.row} rowEnd={cell.row + 1} what="this row" />
      {pinned && <HotKeysPanel />}
    </aside>
  );
}
