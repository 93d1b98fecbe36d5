// The legend: a swatch for zero (drawn as the map draws a zero cell: nothing, the background
// shows), the colour table itself as a bar, ticks at round values on either scale (log: 1-2-5
// steps or decades; linear: round steps), and a caption naming the unit. The on-screen legend
// and the exported picture draw the same bar and the same ticks.
import { buildDivergingLut, buildLut, LUT_SIZE, type ScaleKind, scalePosition, unpack } from './color';
import { formatQuantity, type Quantity, unitSteps } from './units';

const ramp = buildLut();
const diverging = buildDivergingLut();

export function paintLegend(ctx: CanvasRenderingContext2D, x: number, y: number, width: number, height: number, isDiverging: boolean): void {
  const half = (LUT_SIZE - 2) / 2;
  for (let i = 0; i < width; i++) {
    const t = width > 1 ? i / (width - 1) : 0;
    let color: number;
    if (isDiverging) {
      // Left half: decreases (blue, strongest at the edge); right half: increases (red).
      const k = Math.max(1, Math.ceil(Math.abs(2 * t - 1) * half));
      color = diverging[t < 0.5 ? 2 * k : 2 * k - 1]!;
    } else {
      color = ramp[1 + Math.floor(t * (LUT_SIZE - 2))]!;
    }
    const [r, g, b, a] = unpack(color);
    ctx.fillStyle = `rgba(${r},${g},${b},${a / 255})`;
    ctx.fillRect(x + i, y, 1, height);
  }
}

export interface LegendScale {
  /** The largest value drawn (a comparison: the largest change's magnitude). */
  max: number;
  kind: ScaleKind;
  brightness: number;
  quantity: Quantity;
  diverging: boolean;
}

/** A tick on the bar: `at` is a fraction of its width (0 = left end). */
export interface ScaleTick { at: number; value: number; label: string }

/** Tick labels: 10 px monospace, about this wide per character, and at least this far apart. */
export const TICK_CHAR_PX = 6.2;
const TICK_GAP_PX = 8;
const MANTISSAS = [1, 2, 5, 10, 20, 50, 100, 200, 500];
const DECADES = [1, 10, 100];

/** No two labels (centred on their ticks) overlap on a bar `lengthPx` wide. */
function fits(ticks: ScaleTick[], lengthPx: number): boolean {
  const sorted = [...ticks].sort((a, b) => a.at - b.at);
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!;
    const b = sorted[i]!;
    if ((b.at - a.at) * lengthPx < ((a.label.length + b.label.length) / 2) * TICK_CHAR_PX + TICK_GAP_PX) return false;
  }
  return true;
}

/** Round values m × unit (1 k, 2 k, 5 k, …; for bytes 1 KiB, 2 KiB, …) from 1 up to `top`, ascending. */
function roundValues(q: Quantity, mantissas: number[], top: number): number[] {
  const out: number[] = [];
  for (const u of unitSteps(q)) for (const m of mantissas) if (m * u <= top) out.push(m * u);
  return out.sort((a, b) => a - b);
}

/**
 * Ticks at round values, as many as can be labelled without overlap on a bar `lengthPx` wide.
 * Zero has its own swatch, so the bar's ticks are the positive values it shows (a comparison's
 * bar: both signs, increases to the right of the middle, decreases to the left).
 */
export function legendTicks(s: LegendScale, lengthPx: number): ScaleTick[] {
  if (!(s.max > 0) || lengthPx <= 0) return [];
  const pos = scalePosition(s.max, s.kind, s.brightness);
  // Beyond the right end: values above what the brightest colour stands for (below max when brightness lifts).
  const shows = (v: number): boolean => pos(v) <= 1 + 1e-9;
  const place = (values: number[]): ScaleTick[] => values.flatMap((v) => {
    const label = formatQuantity(v, s.quantity);
    if (!s.diverging) return [{ at: pos(v), value: v, label }];
    return [{ at: 0.5 - pos(v) / 2, value: -v, label: `−${label}` }, { at: 0.5 + pos(v) / 2, value: v, label: `+${label}` }];
  });
  const within = (values: number[]): number[] => values.filter(shows);
  const top = s.max * 1.0000001;
  const candidates: number[][] = [];
  if (s.kind === 'log') {
    candidates.push(within(roundValues(s.quantity, MANTISSAS, top)));
    const decades = within(roundValues(s.quantity, DECADES, top));
    for (let stride = 1; stride <= decades.length; stride++) {
      for (let offset = 0; offset < stride; offset++) candidates.push(decades.filter((_, i) => i % stride === offset));
    }
  } else {
    const steps = roundValues(s.quantity, MANTISSAS, top);
    for (const step of steps) {
      const n = Math.floor(top / step);
      if (n > lengthPx / 4) continue; // far too many to label
      candidates.push(within(Array.from({ length: n }, (_, k) => (k + 1) * step)));
    }
  }
  // The set with the most ticks that fits (the denser of equals: the first).
  let best: ScaleTick[] = [];
  for (const values of candidates) {
    // A comparison's smallest values crowd the middle (each beside its own negative): drop those first.
    for (let from = 0; from < (s.diverging ? values.length : 1); from++) {
      const ticks = place(values.slice(from));
      if (ticks.length > best.length && fits(ticks, lengthPx)) best = ticks;
    }
  }
  return best;
}

/** What the bar counts, said once beside it: the series' unit per column, the scale, the top. */
export function legendCaption(s: LegendScale, unit: string): string {
  return s.diverging
    ? `${unit} per column, B − A: red more in B, blue fewer (${s.kind} scale) · largest change ±${formatQuantity(s.max, s.quantity)}`
    : `${unit} per column (${s.kind} scale) · max ${formatQuantity(s.max, s.quantity)}`;
}
