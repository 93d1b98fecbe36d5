// A collapsed key group's cell: a group of N rows, their sum in that column, and which rows they
// are. Worked out here from the matrix on screen (main knows rows, not the renderer's groups);
// each node's own values are per row, so the panel offers to expand the group for them.
import { useShallow } from 'zustand/react/shallow';
import { rowLabel } from '../heatmap/axes';
import { displayOf } from '../heatmap/groups';
import { columnWindowStart } from '../heatmap/time-window';
import { type GroupCell, useAppStore, useMatrix } from '../store';
import { ServedBy } from './ServedBy';

const time = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
const ROWS_NAMED = 12;

export function GroupDetail({ cell, pinned }: { cell: GroupCell; pinned: boolean }): React.JSX.Element | null {
  const { collapsed, pinCell, toggleGroup, diverging } = useAppStore(useShallow((s) => ({ collapsed: s.collapsed, pinCell: s.pinCell,
    toggleGroup: s.toggleGroup, diverging: s.connection?.kind === 'comparison' })));
  const m = useMatrix();
  if (!m) return null;
  const d = displayOf(m, collapsed);
  const shown = d.shown.find((g) => g.group.key === cell.key && g.collapsed);
  if (!shown || cell.col >= m.columns.length) return null;
  const g = shown.group;
  const n = g.end - g.start;
  const C = d.matrix.columns.length;
  const value = d.matrix.values[shown.d0 * C + cell.col]!;
  const start = columnWindowStart(m.columns, cell.col);
  const names = Array.from({ length: Math.min(n, ROWS_NAMED) }, (_, i) => rowLabel(m, g.start + i));
  return (
    <aside className={`cell-detail group-detail${pinned ? ' pinned' : ''}`} aria-label="Cell detail" data-group={g.key}>
      <header>
        <strong>{g.name}</strong><span className="pill">group of {n} rows</span>
        {pinned ? <button type="button" onClick={() => pinCell(null)} aria-label="Unpin">× unpin (Esc)</button> : <span className="hint">click to pin</span>}
      </header>
      <dl>
        <dt>Window</dt>
        <dd>{start !== null ? <>{time.format(new Date(start))} → </> : 'until '}{time.format(new Date(m.columns[cell.col]!))}</dd>
        <dt>Rows</dt>
        <dd className="group-rows">{names.join(', ')}{n > ROWS_NAMED && ` … and ${n - ROWS_NAMED} more`}</dd>
        <dt>{diverging ? 'Summed change (B − A)' : 'Summed value'}</dt>
        <dd className="merged-value" data-value={value}>{value.toLocaleString()}</dd>
      </dl>
      <ServedBy rowStart={g.start} rowEnd={g.end} what={`these ${n} rows`} />
      <p className="hint group-expand">This row is the sum of the group's {n} rows in each column. Each node's own values are per row:
        {' '}<button type="button" onClick={() => toggleGroup(g.key)}>Expand the group</button> to see each row.</p>
    </aside>
  );
}
