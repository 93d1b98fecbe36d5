// Select & zoom refetches (TiDB's Key Visualizer does): the columns zoomed into can be asked of the
// nodes again as a window of their own, so the row budget is ranked for that window; Back (the
// button or Backspace) returns to the question and the picture before.
import { useShallow } from 'zustand/react/shallow';
import { instantText } from '../heatmap/time-axis';
import { windowOfColumns } from '../heatmap/time-window';
import { useAppStore } from '../store';

/** The offer, beside the zoom note, for the columns [c0, c1) on screen; only where the view asks nodes. */
export function AskWindow({ columns, c0, c1 }: { columns: Float64Array; c0: number; c1: number }): React.JSX.Element | null {
  const { live, askWindow } = useAppStore(useShallow((s) => ({ live: s.connection?.can.refresh === true, askWindow: s.askWindow })));
  const w = live ? windowOfColumns(columns, c0, c1) : null;
  if (!w) return null;
  return (
    <button type="button" className="ask-window" data-from-ms={w.fromMs} data-to-ms={w.toMs}
      title={`Ask every node for ${instantText(w.fromMs)} – ${instantText(w.toMs)} only (these ${c1 - c0} columns): the rows are ranked for this window`}
      onClick={() => askWindow(w.fromMs, w.toMs)}>Ask the nodes for this window</button>
  );
}

/** Back to the question before the last window asked, with its zoom. */
export function BackToQuery(): React.JSX.Element | null {
  const { back, backToQuery } = useAppStore(useShallow((s) => ({ back: s.queryBack.length, backToQuery: s.backToQuery })));
  if (back === 0) return null;
  return (
    <button type="button" className="back-to-query" aria-label="Back to the previous query"
      title="The question and the picture before this window was asked (Backspace)" onClick={backToQuery}>← Back</button>
  );
}
