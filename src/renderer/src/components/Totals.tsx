// The marginal totals beside the heatmap (heatmap/marginals.ts adds and draws them): each visible
// row's total over the visible columns at the right, each visible column's over the visible rows
// along the top, the hovered row and column marked on both strips, and a readout of their totals
// in the legend's units. The pointer moves marks and readout without a React render.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Series } from '../../../shared/elastickv/wire';
import type { Display } from '../heatmap/groups';
import { drawTotals, type Strip, totalAt, TOTALS_COLOURS } from '../heatmap/marginals';
import { blockSums, blockSumsState, viewportTotals } from '../heatmap/viewport-totals';
import type { Viewport } from '../heatmap/pyramid';
import { formatQuantity, QUANTITY } from '../heatmap/units';
import { type Store, useAppStore } from '../store';

/** The strips' thickness in CSS px (styles.css gives .plot's first row and last column these). */
export const TOTALS_PX = { top: 28, right: 56 } as const;

interface Props {
  /** The picture: its matrix holds the values as they are (a comparison's signed differences). */
  display: Display;
  vp: Viewport;
  size: { w: number; h: number };
  diverging: boolean;
  series: Series;
}

/** The picture row and column the store's pointer is on (a collapsed group's row for a group cell). */
function pointed(s: Pick<Store, 'hover' | 'hoverGroup'>, d: Display): { row: number | null; col: number | null } {
  if (s.hover) return { row: d.displayOf[s.hover.row] ?? null, col: s.hover.col };
  if (s.hoverGroup) {
    const key = s.hoverGroup.key;
    return { row: d.shown.find((g) => g.group.key === key)?.d0 ?? null, col: s.hoverGroup.col };
  }
  return { row: null, col: null };
}

export function Totals({ display, vp, size, diverging, series }: Props): React.JSX.Element {
  const m = display.matrix;
  // A viewport's totals come from block sums (one pass over every cell per matrix). The heatmap's
  // level worker adds them up from the slices it gets anyway: until they are here the strips stay
  // empty. Only with no worker adding them (none, or it failed) are they added up here.
  const [arrived, setArrived] = useState(0);
  const here = blockSumsState(m.values) === 'here';
  const totals = useMemo(() => (here ? viewportTotals({ values: m.values, rows: m.rows.length, cols: m.columns.length }, vp) : null),
    [m, vp.r0, vp.r1, vp.c0, vp.c1, here, arrived]);
  useEffect(() => {
    if (here) return undefined;
    let live = true;
    const done = (): void => { if (live) setArrived((n) => n + 1); };
    // A task later: the heatmap's drawing (its effect runs after this one, a child's effects run
    // first) has by then started the worker's job for this matrix.
    const t = setTimeout(() => {
      const s = blockSumsState(m.values);
      if (s instanceof Promise) void s.then(done);
      else {
        if (s === 'none') blockSums({ values: m.values, rows: m.rows.length, cols: m.columns.length });
        done();
      }
    }, 0);
    return () => { live = false; clearTimeout(t); };
  }, [m, here]);
  const rowCanvas = useRef<HTMLCanvasElement>(null);
  const colCanvas = useRef<HTMLCanvasElement>(null);
  const rowMark = useRef<HTMLDivElement>(null);
  const colMark = useRef<HTMLDivElement>(null);
  const readout = useRef<HTMLDivElement>(null);
  const strips = useRef<{ rows: Strip | null; columns: Strip | null }>({ rows: null, columns: null });
  /** The pointer is on a strip: it, not the heatmap's hover, says what the readout shows. */
  const onStrip = useRef(false);

  useEffect(() => {
    const dpr = Math.min(4, window.devicePixelRatio || 1);
    const style = { diverging, ...TOTALS_COLOURS };
    const r = rowCanvas.current;
    const c = colCanvas.current;
    if (!totals) return;
    if (r && size.h > 0) {
      r.width = Math.max(1, Math.floor(TOTALS_PX.right * dpr));
      r.height = Math.max(1, Math.floor(size.h * dpr));
      strips.current.rows = drawTotals(r, totals.rows, { ...style, axis: 'rows' });
    }
    if (c && size.w > 0) {
      c.width = Math.max(1, Math.floor(size.w * dpr));
      c.height = Math.max(1, Math.floor(TOTALS_PX.top * dpr));
      strips.current.columns = drawTotals(c, totals.columns, { ...style, axis: 'columns' });
    }
  }, [totals, size.w, size.h, diverging]);

  const vr = vp.r1 - vp.r0;
  const vc = vp.c1 - vp.c0;
  const words = (v: number): string => `${diverging && v > 0 ? '+' : ''}${formatQuantity(v, QUANTITY[series])}`;

  /** Mark picture row `row` and column `col` (null: none) and say their totals. */
  const show = (row: number | null, col: number | null): void => {
    const inRows = row !== null && row >= vp.r0 && row < vp.r1;
    const inCols = col !== null && col >= vp.c0 && col < vp.c1;
    const mark = (el: HTMLDivElement | null, on: boolean, at: number, n: number, axis: 'top' | 'left'): void => {
      if (!el) return;
      el.hidden = !on;
      if (on) Object.assign(el.style, axis === 'top' ? { top: `${(at / n) * 100}%`, height: `max(1px, ${100 / n}%)` }
        : { left: `${(at / n) * 100}%`, width: `max(1px, ${100 / n}%)` });
    };
    mark(rowMark.current, inRows, (row ?? 0) - vp.r0, vr, 'top');
    mark(colMark.current, inCols, (col ?? 0) - vp.c0, vc, 'left');
    const out = readout.current;
    if (!out) return;
    const [rowText, colText] = Array.from(out.children) as HTMLElement[];
    const rowTotal = inRows && totals ? totals.rows[row! - vp.r0]! : null;
    const colTotal = inCols && totals ? totals.columns[col! - vp.c0]! : null;
    for (const [name, v] of [['row', rowTotal], ['col', colTotal]] as const) {
      if (v === null) { delete out.dataset[name]; delete out.dataset[`${name}Total`]; } else {
        out.dataset[name] = String(name === 'row' ? row : col);
        out.dataset[`${name}Total`] = String(v);
      }
    }
    if (rowText) rowText.textContent = rowTotal === null ? '' : `row Σ ${words(rowTotal)}`;
    if (colText) colText.textContent = colTotal === null ? '' : `column Σ ${words(colTotal)}`;
    out.classList.toggle('idle', rowTotal === null && colTotal === null);
  };

  // The heatmap's hovered cell: its row and column, on both strips.
  useEffect(() => {
    const follow = (s: Store): void => { if (!onStrip.current) { const p = pointed(s, display); show(p.row, p.col); } };
    follow(useAppStore.getState());
    return useAppStore.subscribe((s, prev) => { if (s.hover !== prev.hover || s.hoverGroup !== prev.hoverGroup) follow(s); });
  });

  const along = (axis: 'rows' | 'columns') => (e: React.MouseEvent<HTMLCanvasElement>): void => {
    const strip = strips.current[axis];
    if (!strip) return;
    const b = e.currentTarget.getBoundingClientRect();
    const i = totalAt(strip, axis === 'rows' ? (e.clientY - b.top) / b.height : (e.clientX - b.left) / b.width);
    onStrip.current = true;
    if (axis === 'rows') show(i === null ? null : vp.r0 + i, null); else show(null, i === null ? null : vp.c0 + i);
  };
  const leave = (): void => {
    onStrip.current = false;
    const p = pointed(useAppStore.getState(), display);
    show(p.row, p.col);
  };
  const unit = diverging ? 'B − A, summed' : 'summed';
  return (
    <>
      <div ref={readout} className="totals-readout idle" aria-label="Totals of the row and column pointed at" aria-live="off">
        <span /><span /><span className="hint">Σ: point at a row or column</span>
      </div>
      <div className="column-totals" role="img" aria-label={`Column totals, of what is shown (${unit})`}
        data-first={vp.c0} data-totals={totals?.columns.join(',') ?? ''}>
        <canvas ref={colCanvas} onMouseMove={along('columns')} onMouseLeave={leave} />
        <div ref={colMark} className="total-mark" hidden />
      </div>
      <div className="row-totals" role="img" aria-label={`Row totals, of what is shown (${unit})`}
        data-first={vp.r0} data-totals={totals?.rows.join(',') ?? ''}>
        <canvas ref={rowCanvas} onMouseMove={along('rows')} onMouseLeave={leave} />
        <div ref={rowMark} className="total-mark" hidden />
      </div>
    </>
  );
}
