// Runs in Chromium: the longest main-thread task while a 6144 × 4096 matrix is opened, zoomed
// the first time and zoomed on, today's way (the pyramid built on this thread) against the level
// worker's (drawHeatmap's offThread), same matrix, same run; then the two paths' pictures compared.
import type { ViewMatrix } from '../../src/shared/ipc';
import { type Drawn, drawHeatmap } from '../../src/renderer/src/heatmap/draw';
import { type Viewport, zoomAround } from '../../src/renderer/src/heatmap/pyramid';
import { blockSumsState, viewportTotals } from '../../src/renderer/src/heatmap/viewport-totals';
import { matrix, viewMatrix } from '../heatmap/matrix';

const view = document.getElementById('view') as HTMLCanvasElement;
const nextFrame = (): Promise<void> => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));

/**
 * The longest gap between turns of a message loop: no task can run longer than the gap it
 * makes, and the long-task observer only sees tasks of 50 ms and more.
 */
function taskMonitor() {
  const ch = new MessageChannel();
  let last = performance.now();
  let max = 0;
  ch.port1.onmessage = () => { const t = performance.now(); max = Math.max(max, t - last); last = t; ch.port2.postMessage(0); };
  ch.port2.postMessage(0);
  const long: PerformanceEntry[] = [];
  new PerformanceObserver((l) => { long.push(...l.getEntries()); }).observe({ type: 'longtask', buffered: true });
  return {
    /** Measure `f` (its own tasks and whatever they start before it resolves), then a frame. */
    async during<T>(f: () => Promise<T>): Promise<{ value: T; maxTask: number; longest: number; longTasks: number; ms: number }> {
      await nextFrame();
      const start = performance.now();
      max = 0;
      last = start;
      const value = await f();
      const ms = performance.now() - start;
      await nextFrame();
      const mine = long.filter((e) => e.startTime + e.duration >= start);
      return { value, maxTask: max, longest: Math.max(0, ...mine.map((e) => e.duration)), longTasks: mine.length, ms };
    },
  };
}

const OPTS = { scale: 'log' as const, brightness: 1, showConflicts: true };

/** Draw vp; with the worker, redraw as levels arrive until the picture is the viewport's own. */
async function draw(m: ViewMatrix, vp: Viewport, offThread: boolean): Promise<Drawn> {
  let d = drawHeatmap(view, m, { ...OPTS, offThread }, vp)!;
  while (!d.complete) {
    if (!(await d.pending)) throw new Error('a level never arrived');
    d = drawHeatmap(view, m, { ...OPTS, offThread }, vp)!;
  }
  return d;
}

/** The wheel steps after the first zoom: in around a point, then back out. */
function steps(bounds: { rows: number; cols: number }): Viewport[] {
  const out: Viewport[] = [];
  let vp: Viewport = { r0: 0, r1: bounds.rows, c0: 0, c1: bounds.cols };
  vp = zoomAround(vp, 0.5, 0.5, 0.8, bounds);
  const first = vp;
  for (let i = 0; i < 24; i++) {
    vp = zoomAround(vp, 0.3 + (i % 5) * 0.1, 0.6, i < 12 ? 0.8 : 1.25, bounds);
    out.push(vp);
  }
  return [first, ...out];
}

function hash(): number {
  const px = new Uint32Array(view.getContext('2d')!.getImageData(0, 0, view.width, view.height).data.buffer);
  let h = 0x811c9dc5;
  for (let i = 0; i < px.length; i++) h = Math.imul(h ^ px[i]!, 16777619);
  return h >>> 0;
}

(window as unknown as { runBench: () => Promise<unknown> }).runBench = async () => {
  const mon = taskMonitor();
  const base = viewMatrix(matrix(6144, 4096), 4096);
  const bounds = { rows: base.rows.length, cols: base.columns.length };
  const full: Viewport = { r0: 0, r1: bounds.rows, c0: 0, c1: bounds.cols };
  const [first, ...rest] = steps(bounds) as [Viewport, ...Viewport[]];
  const out: Record<string, number> = {};
  // Warm-up on a small matrix (both paths' code compiled, the worker started) before anything is measured.
  const small = viewMatrix(matrix(512, 600), 600);
  for (const offThread of [false, true]) {
    const s = { ...small, values: small.values.slice() };
    await draw(s, { r0: 0, r1: 512, c0: 0, c1: 600 }, offThread);
    await draw(s, zoomAround({ r0: 0, r1: 512, c0: 0, c1: 600 }, 0.5, 0.5, 0.8, { rows: 512, cols: 600 }), offThread);
  }
  const ms: Record<string, ViewMatrix> = {};
  for (const [name, offThread] of [['today', false], ['worker', true]] as const) {
    // A fresh object, its own values: nothing cached for it (pyramids are cached per matrix, block sums per values array).
    const m = { ...base, values: name === 'today' ? base.values : base.values.slice() };
    ms[name] = m;
    // Opening as the app opens: the picture, and the marginal totals of the whole matrix (their
    // block sums added up here today, by the worker from its slices off the thread).
    const open = await mon.during(async () => {
      const d = await draw(m, full, offThread);
      const state = blockSumsState(m.values);
      if (offThread !== (state !== 'none')) throw new Error(`block sums ${String(state)} with offThread ${offThread}`);
      if (state instanceof Promise) await state;
      await nextFrame();
      const t0 = performance.now();
      const t = viewportTotals({ values: m.values, rows: bounds.rows, cols: bounds.cols }, full);
      out[`${name}_totals_ms`] = performance.now() - t0;
      out[`${name}_totals_sum`] = t.rows.reduce((a, b) => a + b, 0);
      return d;
    });
    const zoom = await mon.during(() => draw(m, first, offThread));
    const on = await mon.during(async () => { for (const vp of rest) { await draw(m, vp, offThread); await nextFrame(); } });
    for (const [k, r] of Object.entries({ open, zoom, on })) {
      out[`${name}_${k}_maxTask`] = r.maxTask;
      out[`${name}_${k}_longest`] = r.longest;
      out[`${name}_${k}_longTasks`] = r.longTasks;
      out[`${name}_${k}_ms`] = r.ms;
    }
    out[`${name}_steps`] = rest.length;
  }
  // The same pictures: every viewport above, drawn both ways, pixel for pixel (hashes of the canvas).
  let differ = 0;
  for (const vp of [full, first, ...rest]) {
    await draw(ms.today!, vp, false);
    const a = hash();
    await draw(ms.worker!, vp, true);
    if (hash() !== a) differ++;
  }
  out.compared = rest.length + 2;
  out.totals_differ = out.today_totals_sum === out.worker_totals_sum ? 0 : 1;
  out.differ = differ;
  return out;
};
