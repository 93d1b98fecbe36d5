import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { keyTicks, timeTicks } from '../heatmap/axes';
import { buildLut, LUT_SIZE, unpack, valueAt } from '../heatmap/color';
import { type Drawn, drawHeatmap } from '../heatmap/draw';
import { hitTest } from '../heatmap/hit';
import { getMatrix } from '../matrix-cache';
import { useAppStore } from '../store';

const UNIT: Record<string, string> = { reads: 'reads', writes: 'writes', read_bytes: 'bytes read', write_bytes: 'bytes written' };
const compact = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });

export function Heatmap(): React.JSX.Element | null {
  const { view, scale, brightness, showConflicts, stale, hoverCell, pinCell, pinned } = useAppStore();
  const drawn = useRef<Drawn | null>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ w: 0, h: 0 });
  const [max, setMax] = useState(0);
  const [hatched, setHatched] = useState(0);
  const [drawnFor, setDrawnFor] = useState<unknown>(null);
  const matrix = getMatrix(view?.matrixId ?? null);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return undefined;
    const ro = new ResizeObserver(([e]) => setSize({ w: Math.floor(e!.contentRect.width), h: Math.floor(e!.contentRect.height) }));
    ro.observe(el);
    return () => ro.disconnect();
  }, [matrix !== null]);

  useEffect(() => {
    const c = canvas.current;
    if (!c || !matrix || size.w === 0) return;
    const dpr = Math.min(4, window.devicePixelRatio || 1);
    c.width = Math.max(1, Math.floor(size.w * dpr));
    c.height = Math.max(1, Math.floor(size.h * dpr));
    const d = drawHeatmap(c, matrix, { scale, brightness, showConflicts });
    drawn.current = d;
    setMax(d?.raster.max ?? 0);
    setHatched(d?.conflicts.length ?? 0);
    setDrawnFor(matrix);
  }, [matrix, size, scale, brightness, showConflicts]);

  if (!view) return null;
  if (!matrix) return view.outcome === 'failed' ? null : <p className="hint">No data yet.</p>;
  if (matrix.rows.length === 0) return <p className="hint" role="status">No tracked routes yet — drive some traffic and refresh.</p>;
  const cellAt = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return drawn.current ? hitTest(drawn.current.raster, matrix.values, matrix.columns.length,
      (e.clientX - r.left) / r.width, (e.clientY - r.top) / r.height) : null;
  };
  // The pinned cell's outline, in fractions of the drawing.
  const mark = pinned && { left: pinned.col / matrix.columns.length, top: pinned.row / matrix.rows.length,
    width: 1 / matrix.columns.length, height: 1 / matrix.rows.length };
  const times = timeTicks(matrix.columns, size.w);
  const keys = keyTicks(matrix.rows.map((r) => r.start), size.h);
  return (
    <section className={`heatmap${stale ? ' is-stale' : ''}`} aria-label="Heatmap">
      <p className="summary" data-drawn={drawnFor === matrix ? 'true' : 'false'}>
        {matrix.rows.length} rows × {matrix.columns.length} columns · {UNIT[matrix.series]} · max {compact.format(max)}
        {hatched > 0 && showConflicts && <> · <span className="conflict-note" data-hatched={hatched}>hatched cells: nodes disagreed</span></>}
        {stale && <strong> · stale</strong>}
      </p>
      <div className="plot">
        <ol className="key-axis" aria-label="Start keys">
          {keys.map((k) => <li key={k.at} style={{ top: `${k.at * 100}%` }}>{k.label}</li>)}
        </ol>
        <div className="canvas-box" ref={box}>
          <canvas ref={canvas} aria-label={`KeyViz heatmap of ${UNIT[matrix.series]}`}
            onMouseMove={(e) => hoverCell(cellAt(e))} onMouseLeave={() => hoverCell(null)} onClick={(e) => pinCell(cellAt(e))} />
          {mark && <div className="pin-mark" aria-hidden="true" style={{ left: `${mark.left * 100}%`, top: `${mark.top * 100}%`,
            width: `max(3px, ${mark.width * 100}%)`, height: `max(3px, ${mark.height * 100}%)` }} />}
        </div>
        <ol className="time-axis" aria-label="Time">
          {times.map((t) => <li key={t.at} style={{ left: `${t.at * 100}%` }}>{t.label}</li>)}
        </ol>
      </div>
      <Legend max={max} unit={UNIT[matrix.series] ?? ''} />
    </section>
  );
}

function Legend({ max, unit }: { max: number; unit: string }): React.JSX.Element {
  const { scale, brightness } = useAppStore();
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current?.getContext('2d');
    if (!c) return;
    // The legend is the colour table itself, entry by entry.
    const lut = buildLut();
    for (let x = 0; x < 200; x++) {
      const [r, g, b, a] = unpack(lut[1 + Math.floor((x * (LUT_SIZE - 2)) / 199)]!);
      c.fillStyle = `rgba(${r},${g},${b},${a / 255})`;
      c.fillRect(x, 0, 1, 10);
    }
  }, []);
  return (
    <div className="legend" aria-label="Legend">
      <span>{compact.format(max > 0 ? valueAt(1, max, scale, brightness) : 0)}</span>
      <canvas ref={ref} width={200} height={10} />
      <span>{compact.format(max)} {unit} per column ({scale} scale)</span>
    </div>
  );
}
