// Draw a view matrix onto a canvas: quantise once into an offscreen image at the canvas's
// device-pixel size (max-downsampled), draw it scaled with smoothing off, hatch conflicts.
import type { ViewMatrix } from '../../../shared/ipc';
import { type Raster, rasterize } from './buffer';
import { buildLut, makeScale, type ScaleKind } from './color';
import { conflictRects, type Rect } from './overlay';

export interface DrawOptions {
  scale: ScaleKind;
  brightness: number;
  showConflicts: boolean;
}

export interface Drawn {
  raster: Raster;
  conflicts: Rect[];
}

const lut = buildLut();

function hatch(ctx: CanvasRenderingContext2D): CanvasPattern | string {
  const tile = document.createElement('canvas');
  tile.width = 6;
  tile.height = 6;
  const t = tile.getContext('2d');
  if (!t) return 'rgba(255,255,255,0.45)';
  t.strokeStyle = 'rgba(255,255,255,0.85)';
  t.lineWidth = 1.5;
  t.beginPath();
  t.moveTo(0, 6);
  t.lineTo(6, 0);
  t.stroke();
  return ctx.createPattern(tile, 'repeat') ?? 'rgba(255,255,255,0.45)';
}

/** Row views over the flat row-major arrays (no copies). */
export function rowViews<T extends Float64Array | Uint8Array>(flat: T, rows: number, cols: number): T[] {
  return Array.from({ length: rows }, (_, i) => flat.subarray(i * cols, (i + 1) * cols) as T);
}

export function drawHeatmap(canvas: HTMLCanvasElement, m: ViewMatrix, opts: DrawOptions): Drawn | null {
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  const W = m.columns.length;
  const raster = rasterize({ rows: rowViews(m.values, m.rows.length, W), cols: W }, canvas.width, canvas.height, lut,
    (max) => makeScale(max, opts.scale, opts.brightness));
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  let conflicts: Rect[] = [];
  if (raster.width === 0 || raster.height === 0) return { raster, conflicts };
  const off = document.createElement('canvas');
  off.width = raster.width;
  off.height = raster.height;
  off.getContext('2d')!.putImageData(new ImageData(raster.pixels as Uint8ClampedArray<ArrayBuffer>, raster.width, raster.height), 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(off, 0, 0, canvas.width, canvas.height);
  if (opts.showConflicts) {
    const cells = rowViews(m.conflicts, m.rows.length, W);
    conflicts = conflictRects(m.rows.map((r, i) => ({ cells: r.conflict ? cells[i]! : null, row: r.conflict })), raster);
    const sx = canvas.width / raster.width;
    const sy = canvas.height / raster.height;
    // A light wash keeps one-pixel-wide conflict cells visible; the hatch marks wider ones.
    const pattern = hatch(ctx);
    for (const fill of ['rgba(255,255,255,0.35)', pattern]) {
      ctx.fillStyle = fill;
      for (const r of conflicts) ctx.fillRect(r.x * sx, r.y * sy, Math.max(2, r.w * sx), r.h * sy);
    }
  }
  return { raster, conflicts };
}
