// Runs in Chromium: the engine's first paint against elastickv's SPA way (one fillRect per
// non-zero cell, linear colour), on the same matrices, in the same run.
import { rasterize } from '../../src/renderer/src/heatmap/buffer';
import { buildLut, makeScale, unpack } from '../../src/renderer/src/heatmap/color';

function matrix(rows: number, cols: number): Float64Array[] {
  let seed = 7;
  const rand = (): number => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed / 0x100000000; };
  return Array.from({ length: rows }, (_, r) => {
    const row = new Float64Array(cols);
    for (let c = 0; c < cols; c++) row[c] = rand() < 0.7 ? Math.floor(rand() * 1000 * (1 + 9 * Math.exp(-(((r / rows) - (c / cols)) ** 2) / 0.01))) : 0;
    return row;
  });
}

const nextFrame = (): Promise<void> => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));
const view = document.getElementById('view') as HTMLCanvasElement;
const lut = buildLut();

/** The engine: quantise once into ImageData (max-downsampled to the view), draw scaled, smoothing off. */
const parts: Record<string, number[]> = { raster: [], draw: [], frame: [] };

async function engine(rows: Float64Array[], cols: number): Promise<number> {
  const t0 = performance.now();
  const r = rasterize({ rows, cols }, view.width, view.height, lut, (max) => makeScale(max, 'log'));
  const t1 = performance.now();
  const off = new OffscreenCanvas(r.width, r.height);
  off.getContext('2d')!.putImageData(new ImageData(r.pixels as Uint8ClampedArray<ArrayBuffer>, r.width, r.height), 0, 0);
  const ctx = view.getContext('2d')!;
  ctx.imageSmoothingEnabled = false;
  ctx.clearRect(0, 0, view.width, view.height);
  ctx.drawImage(off, 0, 0, view.width, view.height);
  const t2 = performance.now();
  await nextFrame();
  const t3 = performance.now();
  parts.raster!.push(t1 - t0); parts.draw!.push(t2 - t1); parts.frame!.push(t3 - t2);
  return t3 - t0;
}

/** The SPA builds a CSS colour string per cell; the same colours as the engine's table. */
function rampColor(t: number): string {
  const [r, g, b, a] = unpack(lut[Math.max(1, Math.min(255, Math.ceil(t * 255)))]!);
  return `rgba(${r},${g},${b},${(a / 255).toFixed(3)})`;
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
  for (let i = 0; i < 3; i++) await engine(small, 1440);
  for (const k of Object.keys(parts)) parts[k] = [];
  const engineSmall = await median(7, () => engine(small, 1440));
  const split = Object.fromEntries(Object.entries(parts).map(([k, v]) => [`small_${k}`, [...v].sort((a, b) => a - b)[3]!]));
  const baselineSmall = await median(3, () => fillRectBaseline(small, 1440));
  const big = matrix(6144, 4096);
  await engine(big, 4096);
  const engineBig = await median(5, () => engine(big, 4096));
  return { engineSmall, ...split, baselineSmall, engineBig };
};
