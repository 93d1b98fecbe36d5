// Where the cell detail goes: over the heatmap's canvas, never beside it, so the picture keeps the
// window's width (at 1024 px a reserved column left it about 400 px). It covers the half away from
// the cell it describes (the pinned one, else the one under the pointer), leaves the axes and the
// legend uncovered, and scrolls inside itself. Shown only when there is a cell (or a lost pin) to
// speak of; while it only follows the pointer, the pointer goes through it.
import { useLayoutEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore, useMatrix } from '../store';
import { CellDetailPanel } from './CellDetail';

/** The dock's widest, and its largest share of the canvas (the cell's half stays in view). */
const DOCK_PX = 380;
const DOCK_SHARE = 0.48;

type Area = { left: number; top: number; width: number; height: number };
const sameArea = (a: Area | null, b: Area | null): boolean =>
  a === b || (a !== null && b !== null && a.left === b.left && a.top === b.top && a.width === b.width && a.height === b.height);

export function DetailDock(): React.JSX.Element | null {
  const { pinned, hover, pinLost, zoom, pinnedGroup, hoverGroup } = useAppStore(useShallow((s) => ({ pinned: s.pinned, hover: s.hover,
    pinLost: s.pinLost, zoom: s.zoom, pinnedGroup: s.pinnedGroup, hoverGroup: s.hoverGroup })));
  const matrix = useMatrix();
  const ref = useRef<HTMLDivElement>(null);
  const [area, setArea] = useState<Area | null>(null);

  // The canvas's box within the view body (its parent), as the layout moves it.
  useLayoutEffect(() => {
    const body = ref.current?.parentElement;
    if (!body) return undefined;
    const box = body.querySelector('.canvas-box');
    const measure = (): void => {
      if (!box) { setArea(null); return; }
      const b = box.getBoundingClientRect();
      const p = body.getBoundingClientRect();
      const next = { left: Math.round(b.left - p.left), top: Math.round(b.top - p.top), width: Math.round(b.width), height: Math.round(b.height) };
      setArea((prev) => (sameArea(prev, next) ? prev : next));
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(body);
    if (box) ro.observe(box);
    return () => ro.disconnect();
  }, [matrix]);

  // Where the detail's cell is (a collapsed group's counts too): only its column matters here.
  const cell = pinned ?? pinnedGroup ?? hover ?? hoverGroup;
  const shown = (cell !== null && matrix !== null) || pinLost !== null;
  // Which half the cell is in, in the columns on screen.
  const c0 = zoom?.c0 ?? 0;
  const c1 = zoom?.c1 ?? matrix?.columns.length ?? 1;
  const right = cell !== null && (cell.col - c0 + 0.5) / Math.max(1, c1 - c0) > 0.5;
  const width = area ? Math.min(DOCK_PX, Math.floor(area.width * DOCK_SHARE)) : DOCK_PX;
  const style = area ? { top: area.top, maxHeight: area.height, width, left: right ? area.left : area.left + area.width - width } : undefined;
  return (
    <div ref={ref} className={`detail-dock${shown && area ? '' : ' idle'}${pinned || pinnedGroup ? ' pinned' : ''}`}
      data-side={right ? 'left' : 'right'} style={style}>
      {shown && <CellDetailPanel />}
    </div>
  );
}
