// Draw a viewport of a view matrix onto a canvas: from the matrix's pyramid (built once per
// matrix, scale and brightness), scaled up with smoothing off, conflicts hatched. Off the window's
// thread (offThread), the level worker gathers the whole-matrix picture, builds the pyramid and
// draws each viewport; this thread only puts the worker's bitmap on the canvas (no pass over the
// cells, no 6 MB putImageData). Until a picture arrives the last one stays, and the caller is told to redraw.
import type { ViewMatrix } from '../../../shared/ipc';
import { type Geometry, geometry, rasterize } from './buffer';
import { buildDivergingLut, buildLut, indexScale, type ScaleKind, scaleKey } from './color';
import { browserScheduling, type Job, LevelClient, type Port } from './level-client';
import { conflictRects, knownRowsFlagged, type Rect, rowsFlagged } from './overlay';
import { blockSumsComing, blockSumsNotComing, knownBlockSums } from './viewport-totals';
import { buildPyramid, type Frame, frameSize, type Pyramid, renderViewport, type Viewport } from './pyramid';

export interface DrawOptions {
  scale: ScaleKind;
  brightness: number;
  showConflicts: boolean;
  /** The matrix holds encodeDiff()'d differences: blue–red around zero. */
  diverging?: boolean;
  /**
   * Draw in the level worker (the window never blocks on a pass over every cell): a picture that
   * has not arrived leaves the canvas as it is and says so (Drawn.pending). Without it, or without
   * a worker, everything is drawn here, at once (pictures for reports need the whole picture now).
   */
  offThread?: boolean;
}

export interface Drawn {
  /** The drawing's pixels onto the viewport's cells. */
  geometry: Geometry;
  viewport: Viewport;
  /** The scale's top; null while the worker has not said it (a new matrix drawn zoomed). */
  max: number | null;
  /** The picture is the viewport's own (not the last picture left in place). */
  complete: boolean;
  /** While not complete: resolves true when the picture has arrived (redraw), false if it never will for this drawing. */
  pending?: Promise<boolean>;
  conflicts: Rect[];
  /** Runs of cells where a group's leadership changed (two leaders' writes, added). */
  handovers: Rect[];
}

/** The frame of a leadership-change cell (styles.css underlines the heatmap's note in the same colour). */
export const HANDOVER_COLOUR = 'rgba(255,200,40,0.95)';

const LUTS = { ramp: buildLut(), diverging: buildDivergingLut() };
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

function cachedPyramid(m: ViewMatrix, o: ScaleOptions): Pyramid | null {
  const hit = pyramids.get(m);
  return hit?.key === scaleKey(o) ? hit.pyramid : null;
}

/** The level worker (one per window, started by the first drawing off the thread) and its current job's matrix and scale. */
let levels: { client: LevelClient<ImageBitmap>; job: { m: ViewMatrix; key: string; job: Job<ImageBitmap>; sums: boolean } | null } | null | undefined;
/** Each matrix's largest value once a job found it (it does not depend on the scale: a new scale's job quantises as slices arrive). */
const maxima = new WeakMap<ViewMatrix, number>();

function levelWorker(): NonNullable<typeof levels> | null {
  if (levels !== undefined) return levels;
  if (typeof Worker === 'undefined' || typeof MessageChannel === 'undefined') return (levels = null);
  let worker: Worker;
  try {
    worker = new Worker(new URL('./levels.worker.ts', import.meta.url), { type: 'module', name: 'heatmap levels' });
  } catch {
    return (levels = null);
  }
  const client = new LevelClient<ImageBitmap>(worker as unknown as Port<ImageBitmap>, browserScheduling(), (b) => b.close());
  // A worker that cannot load or run (a packaged app's file:// origin is the untested case): the
  // window draws on its own thread again, and whoever waits for a picture is told to draw again.
  worker.addEventListener('error', () => {
    levels = null;
    client.abandon();
    worker.terminate();
  });
  return (levels = { client, job: null });
}

/** The worker's job for this matrix and scale (started, dropping any other, if there is none). */
function jobFor(m: ViewMatrix, o: ScaleOptions, raster: { width: number; height: number } | null): Job<ImageBitmap> | null {
  const w = levelWorker();
  if (!w) return null;
  const key = scaleKey(o);
  if (w.job?.m === m && w.job.key === key && !w.job.job.dropped) return w.job.job;
  // The totals' block sums are of the values as they are: a comparison's are encoded here (shownMatrix).
  const sums = !o.diverging;
  const job = w.client.start(m, m.rows.length, m.columns.length, o, maxima.get(m) ?? null, raster, sums);
  w.job = { m, key, job, sums };
  if (sums) blockSumsComing(m.values);
  // What the worker found on its way through the cells, kept here as if found here.
  void job.ready.then((ready) => {
    if (ready && job.max !== null) maxima.set(m, job.max);
    if (ready && job.flagged) {
      knownRowsFlagged(m.conflicts, job.flagged.conflicts);
      knownRowsFlagged(m.handovers, job.flagged.handovers);
    }
    if (ready && job.sums) knownBlockSums(m.values, job.sums);
    // Dropped: unless a newer job adds up the same values (a new scale), the totals add them up themselves.
    else if (sums && !(levels?.job && levels.job.job !== job && levels.job.m.values === m.values && !levels.job.job.dropped && levels.job.sums)) {
      blockSumsNotComing(m.values);
    }
  });
  return job;
}

/** The matrix's pyramid for this colour scale (cached: zoom and pan never rebuild it). */
export function pyramidFor(m: ViewMatrix, o: ScaleOptions): Pyramid {
  const cached = cachedPyramid(m, o);
  if (cached) return cached;
  const pyramid = buildPyramid(rowViews(m.values, m.rows.length, m.columns.length), m.columns.length, indexScale(o));
  pyramids.set(m, { key: scaleKey(o), pyramid });
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
  const whole = vp.r0 === 0 && vp.c0 === 0 && vp.r1 === R && vp.c1 === W;
  const cached = cachedPyramid(m, opts);
  const lut = opts.diverging ? LUTS.diverging : LUTS.ramp;
  const size = frameSize(vp, canvas.width, canvas.height);
  const geo = geometry(vp.r1 - vp.r0, vp.c1 - vp.c0, size.width, size.height);
  const none = { geometry: geo, viewport: vp, conflicts: [], handovers: [] };
  if (size.width === 0 || size.height === 0) {
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    return { ...none, max: cachedPyramid(m, opts)?.max ?? maxima.get(m) ?? null, complete: true };
  }
  let max: number | null;
  // Off the thread (and no pyramid here already): the worker draws, this thread only puts its bitmap on the canvas.
  const job = !cached && opts.offThread ? jobFor(m, opts, whole ? { width: canvas.width, height: canvas.height } : null) : null;
  if (job) {
    const got = job.frame(vp, size.width, size.height);
    if (!got) {
      // Not drawn yet: the last picture stays until it is (nothing over all cells here meanwhile).
      return { ...none, max: job.max ?? maxima.get(m) ?? null, complete: false, pending: job.want(vp, size.width, size.height) };
    }
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(got.picture, 0, 0, canvas.width, canvas.height);
    max = got.max;
  } else {
    let frame: Frame;
    if (whole && !cached) {
      // The whole matrix and no pyramid yet: one pass straight to the screen. The pyramid is built
      // only when a zoom needs it (once per matrix): refreshes nobody zooms into never pay for it.
      const r = rasterize({ rows: rowViews(m.values, R, W), cols: W }, canvas.width, canvas.height, lut, indexScale(opts));
      frame = r;
      max = r.max;
    } else {
      const p = cached ?? pyramidFor(m, opts);
      frame = renderViewport(p, vp, canvas.width, canvas.height, lut, scratchFor(size.width, size.height).image.data);
      max = p.max;
    }
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    const s = scratchFor(frame.width, frame.height);
    if (s.image.data !== frame.pixels) s.image.data.set(frame.pixels);
    s.canvas.getContext('2d')!.putImageData(s.image, 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(s.canvas, 0, 0, canvas.width, canvas.height);
  }
  let conflicts: Rect[] = [];
  let handovers: Rect[] = [];
  const frameW = size.width;
  const frameH = size.height;
  if (opts.showConflicts) {
    const rows = m.rows.slice(vp.r0, vp.r1);
    // Rows with no flagged cell are skipped whole (a row that says conflict but flags no cell hatches nothing, as before).
    const conflicted = rowsFlagged(m.conflicts, R, W);
    const handed = rowsFlagged(m.handovers, R, W);
    conflicts = conflictRects(rows.map((r, i) => (r.conflict && conflicted[vp.r0 + i]
      ? { cells: m.conflicts.subarray((vp.r0 + i) * W + vp.c0, (vp.r0 + i) * W + vp.c1), row: true } : { cells: null, row: false })), geo);
    const sx = canvas.width / frameW;
    const sy = canvas.height / frameH;
    // A light wash keeps one-pixel-wide conflict cells visible; the hatch marks wider ones.
    const pattern = hatch(ctx);
    for (const fill of ['rgba(255,255,255,0.35)', pattern]) {
      ctx.fillStyle = fill;
      for (const r of conflicts) ctx.fillRect(r.x * sx, r.y * sy, Math.max(2, r.w * sx), r.h * sy);
    }
    handovers = conflictRects(rows.map((_, i) => ({
      cells: handed[vp.r0 + i] ? m.handovers.subarray((vp.r0 + i) * W + vp.c0, (vp.r0 + i) * W + vp.c1) : null, row: false,
    })), geo);
    // Not a disagreement: a frame, not a hatch (the cell's value stays fully readable).
    ctx.strokeStyle = HANDOVER_COLOUR;
    ctx.lineWidth = 1.5;
    for (const r of handovers) ctx.strokeRect(r.x * sx + 0.75, r.y * sy + 0.75, Math.max(2, r.w * sx) - 1.5, Math.max(2, r.h * sy) - 1.5);
  }
  return { geometry: geo, viewport: vp, max, conflicts, handovers, complete: true };
}
