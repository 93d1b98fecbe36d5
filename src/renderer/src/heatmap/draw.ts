// Draw a viewport of a view matrix onto a canvas: from the matrix's pyramid (built once per
// matrix, scale and brightness), scaled up with smoothing off, conflicts hatched.
import type { ViewMatrix } from '../../../shared/ipc';
import { type Geometry, geometry, rasterize } from './buffer';
import { buildDivergingLut, buildLut, makeDivergingScale, makeScale, type ScaleKind } from './color';
import { conflictRects, type Rect } from './overlay';
import { buildPyramid, type Pyramid, renderViewport, type Viewport } from './pyramid';

export interface DrawOptions {
  scale: ScaleKind;
  brightness: number;
  showConflicts: boolean;
  /** The matrix holds encodeDiff()'d differences: blue–red around zero. */
  diverging?: boolean;
}

export interface Drawn {
  /** The drawing's pixels onto the viewport's cells. */
  geometry: Geometry;
  viewport: Viewport;
  max: number;
  conflicts: Rect[];
  /** Runs of cells where a group's leadership changed (two leaders' writes, added). */
  handovers: Rect[];
}

/** The frame of a leadership-change cell (styles.css underlines the heatmap's note in the same colour). */
export const HANDOVER_COLOUR = 'rgba(255,200,40,0.95)';

const LUTS = { ramp: buildLut(), diverging: buildDivergingLut() };
const scaleOf = (opts: Pick<DrawOptions, 'scale' | 'brightness' | 'diverging'>) => (max: number) =>
  (opts.diverging ? makeDivergingScale : makeScale)(max, opts.scale, opts.brightness);
const pyramids = new WeakMap<ViewMatrix, { key: string; pyramid: Pyramid }>();
/** Reused between redraws at one size: the pixel buffer, its ImageData and the offscreen canvas. */
let scratch: { image: ImageData; canvas: HTMLCanvasElement } | null = null;

function scratchFor(width: number, height: number): { image: ImageData; canvas: HTMLCanvasElement } {
  if (scratch?.image.width === width && scratch.image.height === height) return scratch;
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  scratch = { image: new ImageData(width, height), canvas };
  return scratch;
}

/** Row views over the flat row-major arrays (no copies). */
export function rowViews<T extends Float64Array | Uint8Array>(flat: T, rows: number, cols: number): T[] {
  return Array.from({ length: rows }, (_, i) => flat.subarray(i * cols, (i + 1) * cols) as T);
}

type ScaleOptions = Pick<DrawOptions, 'scale' | 'brightness' | 'diverging'>;
const keyOf = (o: ScaleOptions): string => `${o.scale}/${o.brightness}/${o.diverging ? 'd' : ''}`;

function cachedPyramid(m: ViewMatrix, o: ScaleOptions): Pyramid | null {
  const hit = pyramids.get(m);
  return hit?.key === keyOf(o) ? hit.pyramid : null;
}

/** The matrix's pyramid for this colour scale (cached: zoom and pan never rebuild it). */
export function pyramidFor(m: ViewMatrix, o: ScaleOptions): Pyramid {
  const cached = cachedPyramid(m, o);
  if (cached) return cached;
  const pyramid = buildPyramid(rowViews(m.values, m.rows.length, m.columns.length), m.columns.length, scaleOf(o));
  pyramids.set(m, { key: keyOf(o), pyramid });
  return pyramid;
}

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

export function drawHeatmap(canvas: HTMLCanvasElement, m: ViewMatrix, opts: DrawOptions, vp: Viewport): Drawn | null {
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  const W = m.columns.length;
  const R = m.rows.length;
  let frame: { width: number; height: number; pixels: Uint8ClampedArray };
  let max: number;
  const whole = vp.r0 === 0 && vp.c0 === 0 && vp.r1 === R && vp.c1 === W;
  const cached = cachedPyramid(m, opts);
  const lut = opts.diverging ? LUTS.diverging : LUTS.ramp;
  if (whole && !cached) {
    // The whole matrix and no pyramid yet: one pass straight to the screen. The pyramid is built
    // only when a zoom needs it (once per matrix): refreshes nobody zooms into never pay for it.
    const r = rasterize({ rows: rowViews(m.values, R, W), cols: W }, canvas.width, canvas.height, lut, scaleOf(opts));
    frame = r;
    max = r.max;
  } else {
    const p = cached ?? pyramidFor(m, opts);
    const vw = Math.min(vp.c1 - vp.c0, canvas.width);
    const vh = Math.min(vp.r1 - vp.r0, canvas.height);
    frame = renderViewport(p, vp, canvas.width, canvas.height, lut, vw > 0 && vh > 0 ? scratchFor(vw, vh).image.data : undefined);
    max = p.max;
  }
  const geo = geometry(vp.r1 - vp.r0, vp.c1 - vp.c0, frame.width, frame.height);
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  let conflicts: Rect[] = [];
  let handovers: Rect[] = [];
  if (frame.width === 0 || frame.height === 0) return { geometry: geo, viewport: vp, max, conflicts, handovers };
  const s = scratchFor(frame.width, frame.height);
  if (s.image.data !== frame.pixels) s.image.data.set(frame.pixels);
  s.canvas.getContext('2d')!.putImageData(s.image, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(s.canvas, 0, 0, canvas.width, canvas.height);
  if (opts.showConflicts) {
    const rows = m.rows.slice(vp.r0, vp.r1);
    conflicts = conflictRects(rows.map((r, i) => ({
      cells: r.conflict ? m.conflicts.subarray((vp.r0 + i) * W + vp.c0, (vp.r0 + i) * W + vp.c1) : null, row: r.conflict,
    })), geo);
    const sx = canvas.width / frame.width;
    const sy = canvas.height / frame.height;
    // A light wash keeps one-pixel-wide conflict cells visible; the hatch marks wider ones.
    const pattern = hatch(ctx);
    for (const fill of ['rgba(255,255,255,0.35)', pattern]) {
      ctx.fillStyle = fill;
      for (const r of conflicts) ctx.fillRect(r.x * sx, r.y * sy, Math.max(2, r.w * sx), r.h * sy);
    }
    handovers = conflictRects(rows.map((_, i) => ({
      cells: m.handovers.subarray((vp.r0 + i) * W + vp.c0, (vp.r0 + i) * W + vp.c1), row: false,
    })), geo);
    // Not a disagreement: a frame, not a hatch (the cell's value stays fully readable).
    ctx.strokeStyle = HANDOVER_COLOUR;
    ctx.lineWidth = 1.5;
    for (const r of handovers) ctx.strokeRect(r.x * sx + 0.75, r.y * sy + 0.75, Math.max(2, r.w * sx) - 1.5, Math.max(2, r.h * sy) - 1.5);
  }
  return { geometry: geo, viewport: vp, max, conflicts, handovers };
}
