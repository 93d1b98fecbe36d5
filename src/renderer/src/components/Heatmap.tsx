import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { keyTicks, SERIES_UNIT } from '../heatmap/axes';
import { decodeDiff } from '../heatmap/color';
import { formatQuantity, QUANTITY } from '../heatmap/units';
import { timeTicks, timeZoneText } from '../heatmap/time-axis';
import { shownMatrix } from '../heatmap/shown';
import { type Drawn, drawHeatmap } from '../heatmap/draw';
import { hitTest } from '../heatmap/hit';
import { drawHover, hoverMarks } from '../heatmap/overlay';
import { type Display, displayOf, toDisplayRows, toSourceRows } from '../heatmap/groups';
import { brush, snap, type Viewport, zoomAround } from '../heatmap/pyramid';
import { type CellRef, type GroupCell, useAppStore, useMatrix } from '../store';
import { AskWindow, BackToQuery } from './AskWindow';
import { KeyGroups, lanesOf } from './KeyGroups';
import { Legend } from './Legend';
import { Totals } from './Totals';

/** A drag shorter than this (px) is a click. */
const DRAG_PX = 4;

type Axis = 'both' | 'time' | 'keys';
// The hover highlight (positioned by heatmap/overlay.ts): an outline around the cell, a crosshair through it.
const HOVER_LAYER = { position: 'absolute', inset: 0, pointerEvents: 'none', overflow: 'hidden' } as const;
const HOVER_OUTLINE = { position: 'absolute', boxSizing: 'border-box', border: '1px solid #fff', boxShadow: '0 0 0 1px #000' } as const;
const HOVER_LINE = { position: 'absolute', background: 'rgba(255,255,255,0.6)' } as const;
interface Drag { axis: Axis; x0: number; y0: number; x1: number; y1: number; box: DOMRect }

const viewportKey = (vp: Viewport): string => `${vp.r0},${vp.r1},${vp.c0},${vp.c1}`;

/** The zoom (kept in the matrix's own rows, so it survives collapsing) as rows of the picture. */
function pictureViewport(d: Display, zoom: Viewport | null): Viewport {
  const bounds = { rows: d.matrix.rows.length, cols: d.matrix.columns.length };
  if (!zoom) return { r0: 0, r1: bounds.rows, c0: 0, c1: bounds.cols };
  const [r0, r1] = toDisplayRows(d, zoom.r0, zoom.r1);
  return snap({ r0, r1, c0: zoom.c0, c1: zoom.c1 }, bounds);
}

/** A viewport of the picture as the matrix's rows (what the store keeps). */
function sourceViewport(d: Display, vp: Viewport): Viewport {
  const [r0, r1] = toSourceRows(d, vp.r0, vp.r1);
  return { r0, r1, c0: vp.c0, c1: vp.c1 };
}

/** What a picture cell is: a matrix cell, or a collapsed group's. */
function targetOf(d: Display, cell: CellRef | null): { cell: CellRef } | { group: GroupCell } | null {
  const what = cell && d.rows[cell.row];
  if (!cell || !what) return null;
  return what.kind === 'row' ? { cell: { row: what.row, col: cell.col } }
    : { group: { key: what.group.key, col: cell.col, columnMs: d.source.columns[cell.col]! } };
}

/** The picture row of the store's cell or group cell, or null. */
function pictureRow(d: Display, cell: CellRef | null, group: GroupCell | null): number | null {
  if (cell) return d.displayOf[cell.row] ?? null;
  if (group) return d.shown.find((g) => g.group.key === group.key)?.d0 ?? null;
  return null;
}
export function Heatmap(): React.JSX.Element | null {
  // What the drawing reads, and nothing else: the pointer's cell and its detail change on every move.
  const { view, scale, brightness, showConflicts, stale, hoverCell, hoverGroupCell, pinCell, pinGroupCell, pinned, pinnedGroup, zoom, zoomTo,
    diverging, collapsed } = useAppStore(useShallow((s) => ({
    view: s.view, scale: s.scale, brightness: s.brightness, showConflicts: s.showConflicts, stale: s.stale, hoverCell: s.hoverCell,
    hoverGroupCell: s.hoverGroupCell, pinCell: s.pinCell, pinGroupCell: s.pinGroupCell, pinned: s.pinned, pinnedGroup: s.pinnedGroup,
    zoom: s.zoom, zoomTo: s.zoomTo, diverging: s.connection?.kind === 'comparison', collapsed: s.collapsed })));
  const drawn = useRef<Drawn | null>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const hoverLayer = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ w: 0, h: 0 });
  const [max, setMax] = useState(0);
  const [hatched, setHatched] = useState(0);
  const [framed, setFramed] = useState(0);
  /** What the canvas shows: data-drawn says "true" once it is the whole picture of this matrix at this viewport. */
  const [drawnFor, setDrawnFor] = useState<{ matrix: unknown; vp: string; complete: boolean } | null>(null);
  /** Counts the worker's levels arriving for the drawing on screen (each redraws it). */
  const [arrived, setArrived] = useState(0);
  const [drag, setDrag] = useState<Drag | null>(null);
  // The picture: the matrix with its collapsed key groups summed into one row each (none: the matrix itself).
  const source = useMatrix();
  const display = source ? displayOf(source, collapsed) : null;
  // A comparison is drawn from its encoded differences (see encodeDiff): same engine, diverging colours.
  const matrix = shownMatrix(display?.matrix ?? null, diverging);
  const vp: Viewport | null = display ? pictureViewport(display, zoom) : null;

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return undefined;
    const ro = new ResizeObserver(([e]) => setSize({ w: Math.floor(e!.contentRect.width), h: Math.floor(e!.contentRect.height) }));
    ro.observe(el);
    return () => ro.disconnect();
  }, [matrix !== null]);

  useEffect(() => {
    const c = canvas.current;
    if (!c || !matrix || !vp || size.w === 0) return;
    const dpr = Math.min(4, window.devicePixelRatio || 1);
    // Only on a change: setting a canvas's size clears it (a zoom waiting for its level keeps the last picture).
    const w = Math.max(1, Math.floor(size.w * dpr));
    const h = Math.max(1, Math.floor(size.h * dpr));
    if (c.width !== w) c.width = w;
    if (c.height !== h) c.height = h;
    const d = drawHeatmap(c, matrix, { scale, brightness, showConflicts, diverging, offThread: true }, vp);
    drawn.current = d;
    if (d?.max !== null) setMax(d?.max ?? 0);
    // A picture still on its way keeps the notes of the one on screen.
    if (d?.complete !== false) {
      setHatched(d?.conflicts.length ?? 0);
      setFramed(d?.handovers.length ?? 0);
    }
    setDrawnFor({ matrix, vp: viewportKey(vp), complete: d?.complete ?? true });
    // The zoom's level is on its way from the worker: draw again when it is here (not if this drawing is gone by then).
    let live = true;
    void d?.pending?.then((arrived) => { if (live && arrived) setArrived((n) => n + 1); });
    return () => { live = false; };
  }, [matrix, size, scale, brightness, showConflicts, diverging, vp?.r0, vp?.r1, vp?.c0, vp?.c1, arrived]);

  // The hovered cell's highlight follows the store's hover without rendering this component.
  useEffect(() => {
    if (!vp || !display) return undefined;
    const paint = (cell: CellRef | null, group: GroupCell | null): void => {
      const row = pictureRow(display, cell, group);
      if (hoverLayer.current) drawHover(hoverLayer.current, hoverMarks(row === null ? null : { row, col: (cell ?? group)!.col }, vp));
    };
    paint(useAppStore.getState().hover, useAppStore.getState().hoverGroup);
    return useAppStore.subscribe((s, prev) => { if (s.hover !== prev.hover || s.hoverGroup !== prev.hoverGroup) paint(s.hover, s.hoverGroup); });
  }, [matrix, vp?.r0, vp?.r1, vp?.c0, vp?.c1]);

  // Wheel zoom around the pointer (a native listener: React's wheel handlers cannot prevent scrolling).
  // Steps at one pointer position keep the matrix point first under it there (see zoomAround's pivot).
  const wheelAt = useRef<{ x: number; y: number; vp: Viewport; row: number; col: number } | null>(null);
  useEffect(() => {
    const c = canvas.current;
    if (!c || !matrix) return undefined;
    const onWheel = (e: WheelEvent): void => {
      const d = drawn.current;
      if (!d) return;
      e.preventDefault();
      const r = c.getBoundingClientRect();
      const factor = e.deltaY < 0 ? 0.8 : 1.25;
      const fx = (e.clientX - r.left) / r.width;
      const fy = (e.clientY - r.top) / r.height;
      const v = d.viewport;
      const last = wheelAt.current;
      const pivot = last && last.x === e.clientX && last.y === e.clientY && last.vp.r0 === v.r0 && last.vp.r1 === v.r1 && last.vp.c0 === v.c0
        && last.vp.c1 === v.c1 ? last : { row: v.r0 + fy * (v.r1 - v.r0), col: v.c0 + fx * (v.c1 - v.c0) };
      const next = zoomAround(v, fx, fy, factor, { rows: matrix.rows.length, cols: matrix.columns.length }, pivot);
      wheelAt.current = { x: e.clientX, y: e.clientY, vp: next, row: pivot.row, col: pivot.col };
      if (display) zoomTo(sourceViewport(display, next));
    };
    c.addEventListener('wheel', onWheel, { passive: false });
    return () => c.removeEventListener('wheel', onWheel);
  }, [matrix, zoomTo]);

  if (!view) return null;
  if (!matrix || !vp || !display || !source) return view.outcome === 'failed' ? null : <p className="hint">No data yet.</p>;
  if (matrix.rows.length === 0) return <p className="hint" role="status">No tracked routes yet — drive some traffic and refresh.</p>;
  const bounds = { rows: matrix.rows.length, cols: matrix.columns.length };

  const cellAt = (clientX: number, clientY: number) => {
    const r = canvas.current!.getBoundingClientRect();
    const d = drawn.current;
    // Marked cells (hatched, framed) are preferred where they are drawn, then the latest column.
    const marked = showConflicts ? (i: number) => matrix.conflicts[i] === 1 || matrix.handovers[i] === 1 : undefined;
    return d ? hitTest(d.geometry, matrix.values, matrix.columns.length, (clientX - r.left) / r.width, (clientY - r.top) / r.height, d.viewport,
      { marked }) : null;
  };
  const startDrag = (axis: Axis) => (e: React.MouseEvent) => {
    if (e.button !== 0) return;
    const rect = canvas.current!.getBoundingClientRect();
    setDrag({ axis, x0: e.clientX, y0: e.clientY, x1: e.clientX, y1: e.clientY, box: rect });
  };
  const moveDrag = (e: React.MouseEvent) => { if (drag) setDrag({ ...drag, x1: e.clientX, y1: e.clientY }); };
  const endDrag = (e: React.MouseEvent) => {
    if (!drag) return;
    setDrag(null);
    const { box: b, axis, x0, y0 } = drag;
    const moved = Math.max(Math.abs(e.clientX - x0), Math.abs(e.clientY - y0)) >= DRAG_PX;
    if (!moved) {
      if (axis !== 'both') return;
      const t = targetOf(display, cellAt(e.clientX, e.clientY));
      if (t && 'group' in t) pinGroupCell(t.group); else pinCell(t?.cell ?? null);
      return;
    }
    const fx = (x: number): number => Math.min(1, Math.max(0, (x - b.left) / b.width));
    const fy = (y: number): number => Math.min(1, Math.max(0, (y - b.top) / b.height));
    zoomTo(sourceViewport(display, brush(vp, axis === 'keys' ? 0 : fx(x0), axis === 'time' ? 0 : fy(y0), axis === 'keys' ? 1 : fx(e.clientX),
      axis === 'time' ? 1 : fy(e.clientY), bounds)));
  };
  const hoverAt = (clientX: number, clientY: number): void => {
    const t = targetOf(display, cellAt(clientX, clientY));
    if (t && 'group' in t) hoverGroupCell(t.group); else hoverCell(t?.cell ?? null);
  };

  const vr = vp.r1 - vp.r0;
  const vc = vp.c1 - vp.c0;
  const pinRow = pictureRow(display, pinned, pinnedGroup);
  const pinCol = (pinned ?? pinnedGroup)?.col ?? -1;
  const mark = pinRow !== null && pinRow >= vp.r0 && pinRow < vp.r1 && pinCol >= vp.c0 && pinCol < vp.c1
    ? { left: (pinCol - vp.c0) / vc, top: (pinRow - vp.r0) / vr, width: 1 / vc, height: 1 / vr } : null;
  const shownColumns = matrix.columns.subarray(vp.c0, vp.c1);
  const times = timeTicks(shownColumns, size.w);
  const keys = keyTicks(vp.r1 - vp.r0, (i) => display.label(vp.r0 + i), size.h);
  const lanes = lanesOf(display);
  const folded = display.rows.length < source.rows.length;
  const sel = drag && {
    left: drag.axis === 'keys' ? 0 : Math.min(drag.x0, drag.x1) - drag.box.left,
    top: drag.axis === 'time' ? 0 : Math.min(drag.y0, drag.y1) - drag.box.top,
    width: drag.axis === 'keys' ? drag.box.width : Math.abs(drag.x1 - drag.x0),
    height: drag.axis === 'time' ? drag.box.height : Math.abs(drag.y1 - drag.y0),
  };
  const zoomed = vr < bounds.rows || vc < bounds.cols;
  return (
    <section className={`heatmap${stale ? ' is-stale' : ''}`} aria-label="Heatmap" onMouseMove={moveDrag} onMouseUp={endDrag}
      onMouseLeave={() => setDrag(null)}>
      <p className="summary" data-drawn={drawnFor?.matrix === matrix && drawnFor.vp === viewportKey(vp) && drawnFor.complete ? 'true' : 'false'}
        data-viewport={viewportKey(vp)}>
        {source.rows.length} rows × {matrix.columns.length} columns{folded && <> ({display.rows.length} shown: groups collapsed)</>}
        {' · '}{SERIES_UNIT[matrix.series]}
        {/* The legend's units: `11.8 k`, `1.2 GiB`, never a compact `1.2B` (billion or bytes?). */}
        {diverging ? <> · B − A · largest change ±{formatQuantity(Math.abs(decodeDiff(max)), QUANTITY[matrix.series])}</>
          : <> · max {formatQuantity(max, QUANTITY[matrix.series])}</>}
        {zoomed && <> · <span className="zoom-note">showing rows {vp.r0 + 1}–{vp.r1}, columns {vp.c0 + 1}–{vp.c1} (Backspace: back, R: reset)</span></>}
        {vc < bounds.cols && <> <AskWindow columns={source.columns} c0={vp.c0} c1={vp.c1} /></>}
        <BackToQuery />
        {hatched > 0 && showConflicts && <> · <span className="conflict-note" data-hatched={hatched}>hatched cells: nodes disagreed</span></>}
        {framed > 0 && showConflicts && <> · <span className="handover-note" data-framed={framed}>framed cells: a leadership change (both leaders' writes added)</span></>}
        {stale && <strong> · stale</strong>}
      </p>
      <div className="plot" style={{ '--lanes': lanes.size } as React.CSSProperties}>
        <Totals display={display} vp={vp} size={size} diverging={diverging} series={matrix.series} />
        <KeyGroups display={display} vp={vp} lanes={lanes} />
        <ol className="key-axis" aria-label="Start keys" onMouseDown={startDrag('keys')}>
          {keys.map((k) => <li key={k.row} data-row={vp.r0 + k.row} data-rows={k.rows} style={{ top: `${k.at * 100}%` }}>{k.label}</li>)}
        </ol>
        <div className="canvas-box" ref={box}>
          <canvas ref={canvas} aria-label={`KeyViz heatmap of ${SERIES_UNIT[matrix.series]}`} onMouseDown={startDrag('both')}
            onMouseMove={(e) => { if (!drag) hoverAt(e.clientX, e.clientY); }} onMouseLeave={() => hoverCell(null)} />
          {mark && <div className="pin-mark" aria-hidden="true" style={{ left: `${mark.left * 100}%`, top: `${mark.top * 100}%`,
            width: `max(3px, ${mark.width * 100}%)`, height: `max(3px, ${mark.height * 100}%)` }} />}
          <div ref={hoverLayer} className="hover-mark" aria-hidden="true" hidden style={HOVER_LAYER}>
            <span style={HOVER_OUTLINE} /><span style={HOVER_LINE} /><span style={HOVER_LINE} />
          </div>
          {sel && <div className="brush" aria-hidden="true" style={{ left: sel.left, top: sel.top, width: sel.width, height: sel.height }} />}
        </div>
        <ol className="time-axis" aria-label="Time" onMouseDown={startDrag('time')}>
          {times.map((t) => <li key={t.at} style={{ left: `${t.at * 100}%` }} aria-label={t.label}>
            <span className="time">{t.time}</span>{t.date && <span className="date">{t.date}</span>}</li>)}
        </ol>
        <span className="time-zone" title="the time axis's time zone (this computer's)">{timeZoneText(shownColumns)}</span>
      </div>
      <Legend max={diverging ? Math.abs(decodeDiff(max)) : max} series={matrix.series} diverging={diverging} />
    </section>
  );
}
