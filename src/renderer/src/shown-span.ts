// The time span the heatmap shows (its zoom's columns), as the balance and "served by" weigh it;
// null while every column is shown. The same object while the span stays (effects key on it).
import { useMemo } from 'react';
import type { TimeSpan } from '../../shared/ipc';

export { spanKey } from '../../shared/ipc';
import { spanOfColumns } from './heatmap/time-window';
import { useAppStore, useMatrix } from './store';

export function useShownSpan(): TimeSpan | null {
  const matrix = useMatrix();
  const c0 = useAppStore((s) => s.zoom?.c0 ?? null);
  const c1 = useAppStore((s) => s.zoom?.c1 ?? null);
  const span = matrix && c0 !== null && c1 !== null ? spanOfColumns(matrix.columns, c0, c1) : null;
  const from = span?.fromMs ?? null;
  const to = span?.toMs ?? null;
  return useMemo(() => (from === null ? null : { fromMs: from, toMs: to }), [from, to]);
}
