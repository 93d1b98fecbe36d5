// Runs in Chromium: the first paint of a matrix as the renderer receives it over IPC (the view's
// typed arrays), up to the frame on screen. The bench serves the arrays as they crossed.
import type { ViewMatrix } from '../../src/shared/ipc';
import { drawHeatmap } from '../../src/renderer/src/heatmap/draw';
import { median } from '../measure';

const view = document.getElementById('view') as HTMLCanvasElement;
const nextFrame = (): Promise<void> => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));

async function load(): Promise<{ m: ViewMatrix; runs: number }> {
  const meta = await (await fetch('/matrix/meta')).json() as { rows: number; cols: number; runs: number };
  const bin = async (name: string): Promise<ArrayBuffer> => (await fetch(`/matrix/${name}`)).arrayBuffer();
  const [values, columns, conflicts, handovers] = await Promise.all([bin('values'), bin('columns'), bin('conflicts'), bin('handovers')]);
  return { runs: meta.runs, m: {
    series: 'writes', generatedAt: null, columns: new Float64Array(columns),
    rows: Array.from({ length: meta.rows }, (_, i) => ({ bucketId: `route:${i}`, label: '', start: null, end: null, aggregate: false,
      routeCount: 1, routeIds: null, routeIdsTruncated: false, conflict: false, group: 0 })),
    values: new Float64Array(values),
    conflicts: new Uint8Array(conflicts), handovers: new Uint8Array(handovers),
  } };
}

/** The app's first paint of a new matrix (whole viewport, drawn by the level worker as in the app) and the frame it lands in; median of `runs` fresh matrices. */
async function runBench(): Promise<number> {
  const { m, runs } = await load();
  const whole = { r0: 0, r1: m.rows.length, c0: 0, c1: m.columns.length };
  // A fresh object each time: its pyramid and raster are not cached yet, as for a new round.
  // As the app draws (Heatmap.tsx): off the thread, drawn again when the worker's picture is here.
  const opts = { scale: 'log' as const, brightness: 1, showConflicts: true, offThread: true };
  return median(runs, async () => {
    const fresh = { ...m };
    let d = drawHeatmap(view, fresh, opts, whole);
    while (d && !d.complete && d.pending && await d.pending) d = drawHeatmap(view, fresh, opts, whole);
    if (!d?.complete) throw new Error('the picture never arrived');
    await nextFrame();
  });
}

(globalThis as unknown as { runBench: typeof runBench }).runBench = runBench;
