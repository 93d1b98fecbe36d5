// Runs in Chromium: the engine's first paint against elastickv's SPA way (one fillRect per
// non-zero cell, linear colour), on the same matrices, in the same run.
import type { ViewMatrix } from '../../src/shared/ipc';
import { matrix, viewMatrix } from './matrix';
import { buildLut, unpack } from '../../src/renderer/src/heatmap/color';
import { type Drawn, drawHeatmap } from '../../src/renderer/src/heatmap/draw';
import { hitTest } from '../../src/renderer/src/heatmap/hit';
import { drawTotals, TOTALS_COLOURS } from '../../src/renderer/src/heatmap/marginals';
import { viewportTotals } from '../../src/renderer/src/heatmap/viewport-totals';
import { type Viewport, zoomAround } from '../../src/renderer/src/heatmap/pyramid';

const nextFrame = (): Promise<void> => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));
const view = document.getElementById('view') as HTMLCanvasElement;
const lut = buildLut();

/** The engine: quantise once into ImageData (max-downsampled to the view), draw scaled, smoothing off. */
const parts: Record<string, number[]> = { draw: [], frame: [] };

const OPTS = { scale: 'log' as const, brightness: 1, showConflicts: true };

/** The app's first paint of a new matrix (drawHeatmap, whole viewport), up to the frame. */
async function engine(m: ViewMatrix): Promise<number> {
  const fresh = { ...m };
  const full = { r0: 0, r1: m.rows.length, c0: 0, c1: m.columns.length };
  const t0 = performance.now();
  drawHeatmap(view, fresh, OPTS, full);
  const t1 = performance.now();
  await nextFrame();
  const t2 = performance.now();
  parts.draw!.push(t1 - t0); parts.frame!.push(t2 - t1);
  return t2 - t0;
}

/** Zoom redraws (wheel in and out) and hover hit-tests once the pyramid exists, as the app does them. */
function interaction(m: ViewMatrix): { redraw: number; hover: number; firstZoom: number } {
  const t00 = performance.now();
  drawHeatmap(view, m, OPTS, zoomAround({ r0: 0, r1: m.rows.length, c0: 0, c1: m.columns.length }, 0.5, 0.5, 0.8,
    { rows: m.rows.length, cols: m.columns.length }));
  const firstZoom = performance.now() - t00;
  const bounds = { rows: m.rows.length, cols: m.columns.length };
  let vp: Viewport = { r0: 0, r1: bounds.rows, c0: 0, c1: bounds.cols };
  const redraws: number[] = [];
  let drawn: Drawn | null = null;
  for (let i = 0; i < 24; i++) {
    const t0 = performance.now();
    drawn = drawHeatmap(view, m, OPTS, vp);
    redraws.push(performance.now() - t0);
    vp = zoomAround(vp, 0.3 + (i % 5) * 0.1, 0.6, i < 12 ? 0.8 : 1.25, bounds);
  }
  const t0 = performance.now();
  for (let i = 0; i < 1000; i++) hitTest(drawn!.geometry, m.values, bounds.cols, (i % 97) / 97, (i % 89) / 89, drawn!.viewport);
  redraws.sort((a, b) => a - b);
  return { redraw: redraws[Math.floor(redraws.length / 2)]!, hover: (performance.now() - t0) / 1000, firstZoom };
}

/** The SPA builds a CSS colour string per cell; the same colours as the engine's table. */
function rampColor(t: number): string {
  const [r, g, b, a] = unpack(lut[Math.max(1, Math.min(255, Math.ceil(t * 255)))]!);
  return `rgba(${r},${g},${b},${(a / 255).toFixed(3)})`;
}

/** The strips beside the view, at the app's sizes (56 px right, 28 px top) against this view's height and width. */
const rowStrip = Object.assign(document.createElement('canvas'), { width: 56, height: view.height });
const colStrip = Object.assign(document.createElement('canvas'), { width: view.width, height: 28 });
const STYLE = { diverging: false, ...TOTALS_COLOURS };

/** The marginal totals of a viewport, added and drawn on both strips, as the app does per zoom. */
function marginals(m: ViewMatrix, vp: Viewport): number {
  const t0 = performance.now();
  const t = viewportTotals({ values: m.values, rows: m.rows.length, cols: m.columns.length }, vp);
  drawTotals(rowStrip, t.rows, { ...STYLE, axis: 'rows' });
  drawTotals(colStrip, t.columns, { ...STYLE, axis: 'columns' });
  return performance.now() - t0;
}

/**
 * The same run's heatmap and marginals: the first paint of a fresh matrix (totals sum every cell
 * once, into blocks) and the median over the same wheel steps in and out as the redraw above.
 */
function marginalCost(m: ViewMatrix): { heatmapFirst: number; marginalsFirst: number; heatmapRedraw: number; marginalsRedraw: number } {
  const firsts = { heatmap: [] as number[], marginals: [] as number[] };
  const full = { r0: 0, r1: m.rows.length, c0: 0, c1: m.columns.length };
  for (let i = 0; i < 5; i++) {
    const fresh = { ...m, values: m.values.slice() }; // new arrays: nothing cached for them
    const t0 = performance.now();
    drawHeatmap(view, fresh, OPTS, full);
    firsts.heatmap.push(performance.now() - t0);
    firsts.marginals.push(marginals(fresh, full));
  }
  const bounds = { rows: m.rows.length, cols: m.columns.length };
  const redraw = { heatmap: [] as number[], marginals: [] as number[] };
  let vp: Viewport = full;
  for (let i = 0; i < 24; i++) {
    const t0 = performance.now();
    drawHeatmap(view, m, OPTS, vp);
    redraw.heatmap.push(performance.now() - t0);
    redraw.marginals.push(marginals(m, vp));
    vp = zoomAround(vp, 0.3 + (i % 5) * 0.1, 0.6, i < 12 ? 0.8 : 1.25, bounds);
  }
  const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { heatmapFirst: med(firsts.heatmap), marginalsFirst: med(firsts.marginals), heatmapRedraw: med(redraw.heatmap), marginalsRedraw: med(redraw.marginals) };
}

/** elastickv's SPA (contract §9): canvas of cols × cellW by rows × cellH, one fillRect per non-zero cell. */
async function fillRectBaseline(rows: Float64Array[], cols: number): Promise<number> {
  const t0 = performance.now();
  const cellW = Math.min(8, Math.max(2, Math.floor(960 / cols)));
  const cellH = Math.min(4, Math.max(2, Math.floor(4096 / rows.length)));
  const canvas = document.createElement('canvas');
  canvas.width = cols * cellW;
  canvas.height = rows.length * cellH;
  document.body.append(canvas);
  const ctx = canvas.getContext('2d')!;
  let max = 0;
  for (const row of rows) for (const v of row) if (v > max) max = v;
  rows.forEach((row, r) => {
    for (let c = 0; c < cols; c++) {
      if (row[c]! <= 0) continue;
      ctx.fillStyle = rampColor(row[c]! / max);
      ctx.fillRect(c * cellW, r * cellH, cellW, cellH);
    }
  });
  await nextFrame();
  const t = performance.now() - t0;
  canvas.remove();
  return t;
}

async function median(n: number, f: () => Promise<number>): Promise<number> {
  const ts: number[] = [];
  for (let i = 0; i < n; i++) ts.push(await f());
  ts.sort((a, b) => a - b);
  return ts[Math.floor(n / 2)]!;
}

(window as unknown as { runBench: () => Promise<unknown> }).runBench = async () => {
  // Small case first, after a warm-up, before the 200 MB big matrix exists (GC would land in it).
  const small = matrix(1024, 1440);
  const smallView = viewMatrix(small, 1440);
  for (let i = 0; i < 3; i++) await engine(smallView);
  for (const k of Object.keys(parts)) parts[k] = [];
  const engineSmall = await median(7, () => engine(smallView));
  const split = Object.fromEntries(Object.entries(parts).map(([k, v]) => [`small_${k}`, [...v].sort((a, b) => a - b)[3]!]));
  const baselineSmall = await median(3, () => fillRectBaseline(small, 1440));
  const big = viewMatrix(matrix(6144, 4096), 4096);
  await engine(big);
  const engineBig = await median(5, () => engine(big));
  const { redraw, hover, firstZoom } = interaction(big);
  const m = marginalCost(big);
  return { engineSmall, ...split, baselineSmall, engineBig, redrawBig: redraw, hoverBig: hover, firstZoomBig: firstZoom,
    ...Object.fromEntries(Object.entries(m).map(([k, v]) => [`marg_${k}`, v])) };
};
