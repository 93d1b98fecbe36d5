// Runs in Chromium (draw-chromium.test.ts): the same viewports of one matrix drawn on this thread
// and by the level worker (drawHeatmap's offThread), each read back from the canvas.
import type { ViewMatrix } from '../../../../src/shared/ipc';
import { drawHeatmap, type DrawOptions } from '../../../../src/renderer/src/heatmap/draw';
import { encodeDiff } from '../../../../src/renderer/src/heatmap/color';
import type { Viewport } from '../../../../src/renderer/src/heatmap/pyramid';

const view = document.getElementById('view') as HTMLCanvasElement;

function matrix(rows: number, cols: number, seed: number): ViewMatrix {
  let s = seed >>> 0;
  const rand = (): number => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return s / 0x100000000; };
  const values = Float64Array.from({ length: rows * cols }, (_, i) => {
    const r = Math.floor(i / cols);
    const c = i % cols;
    const hot = Math.exp(-(((r / rows) - (c / cols)) ** 2) / 0.01);
    return rand() < 0.6 ? Math.floor(rand() * 500 * (1 + 20 * hot)) : rand() < 0.01 ? rand() * 3 : 0;
  });
  const flags = (): Uint8Array => Uint8Array.from({ length: rows * cols }, () => (rand() < 0.002 ? 1 : 0));
  return {
    series: 'writes', generatedAt: null, columns: Float64Array.from({ length: cols }, (_, j) => j * 60_000),
    rows: Array.from({ length: rows }, (_, i) => ({ bucketId: `route:${i}`, label: '', start: null, end: null, aggregate: false, routeCount: 1,
      routeIds: null, routeIdsTruncated: false, conflict: i % 3 === 0 })),
    values, conflicts: flags(), handovers: flags(),
  } as unknown as ViewMatrix; // only what drawing reads
}

interface Seen { pixels: number[]; painted: number; complete: boolean; drawsOffThread: number; max: number | null }

/** Draw until the picture is the viewport's own; the canvas's pixels (as numbers), how many are painted. */
async function draw(m: ViewMatrix, vp: Viewport, o: DrawOptions): Promise<Seen> {
  let d = drawHeatmap(view, m, o, vp)!;
  let draws = 1;
  while (!d.complete) {
    if (!(await d.pending)) throw new Error('a picture never arrived');
    d = drawHeatmap(view, m, o, vp)!;
    draws++;
  }
  const px = new Uint32Array(view.getContext('2d')!.getImageData(0, 0, view.width, view.height).data.buffer);
  return { pixels: Array.from(px), painted: px.filter((p) => p !== 0).length, complete: d.complete, drawsOffThread: draws, max: d.max };
}

(window as unknown as { runCase: (name: string) => Promise<unknown> }).runCase = async (name) => {
  const base = { scale: 'log' as const, brightness: 1, showConflicts: true };
  const m = matrix(700, 900, 5);
  const opts: DrawOptions = name === 'diverging' ? { ...base, diverging: true } : base;
  const shown = name === 'diverging' ? { ...m, values: encodeDiff(m.values.map((v, i) => (i % 2 ? -v : v))) } : m;
  const whole: Viewport = { r0: 0, r1: 700, c0: 0, c1: 900 };
  const zoom: Viewport = { r0: 100, r1: 500, c0: 250, c1: 800 };
  const deep: Viewport = { r0: 300, r1: 340, c0: 400, c1: 450 };
  // Fresh objects: nothing cached for either path.
  const sync = { ...shown };
  const off = { ...shown };
  const out: Record<string, { sync: Seen; off: Seen }> = {};
  for (const [k, vp] of [['opening', whole], ['zoom', zoom], ['deep', deep], ['back', whole]] as const) {
    out[k] = { sync: await draw(sync, vp, { ...opts, offThread: false }), off: await draw(off, vp, { ...opts, offThread: true }) };
  }
  return out;
};
