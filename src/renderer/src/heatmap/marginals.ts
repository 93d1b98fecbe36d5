// The marginal totals' strips (viewport-totals.ts computes them): bars at the right of the heatmap
// and along its top, drawn like the heatmap itself, the largest magnitude where totals share a pixel.
import { blocks } from './buffer';
import { buildDivergingLut, DIVERGING_LEVELS, unpack } from './color';

/** How a totals strip's pixels map onto its totals, and the scale its bars were drawn to. */
export interface Strip {
  /** Bar i stands for the total at index shown[i] (of the viewport's totals). */
  shown: Int32Array;
  /** The largest magnitude drawn (a full-length bar). */
  top: number;
}

export interface StripStyle {
  /** Bars grow away from the heatmap: rightwards from its right edge, upwards from its top edge. */
  axis: 'rows' | 'columns';
  /** Signed totals (a comparison's): bars either side of a middle line, each sign its own colour. */
  diverging: boolean;
  colour: string;
  /** A diverging strip's colours for increases (B more) and decreases. */
  up: string;
  down: string;
}

/**
 * Pixel i's total when several totals share it: the one with the largest magnitude, sign kept,
 * as the heatmap keeps the hottest cell (a busy row never disappears from its strip).
 */
export function stripValues(totals: Float64Array, pixels: number): { shown: Int32Array; values: Float64Array } {
  const n = totals.length;
  const px = Math.max(0, Math.min(n, Math.floor(pixels)));
  const start = blocks(n, px);
  const values = new Float64Array(px);
  const shown = new Int32Array(px);
  for (let i = 0; i < px; i++) {
    let at = start[i]!;
    for (let k = at + 1; k < start[i + 1]!; k++) if (Math.abs(totals[k]!) > Math.abs(totals[at]!)) at = k;
    shown[i] = at;
    values[i] = totals[at]!;
  }
  return { shown, values };
}

/** Draw `totals` as bars on `canvas` (its own pixels: the caller sizes it); one fillRect per bar. */
export function drawTotals(canvas: HTMLCanvasElement, totals: Float64Array, style: StripStyle): Strip | null {
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  const along = style.axis === 'rows' ? canvas.height : canvas.width;
  const across = style.axis === 'rows' ? canvas.width : canvas.height;
  const { shown, values } = stripValues(totals, along);
  let top = 0;
  for (let i = 0; i < values.length; i++) top = Math.max(top, Math.abs(values[i]!));
  if (values.length === 0 || !(top > 0)) return { shown, top };
  const px = along / values.length;
  const half = across / 2;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === 0) continue;
    // At least a pixel: a small total is still there, as a zero cell is not.
    const len = Math.max(1, (Math.abs(v) / top) * (style.diverging ? half : across));
    ctx.fillStyle = style.diverging ? (v > 0 ? style.up : style.down) : style.colour;
    const a = i * px;
    const w = Math.max(1, px - (px >= 4 ? 1 : 0)); // a gap between wide bars, none between thin ones
    if (style.axis === 'rows') {
      const x = style.diverging ? (v > 0 ? half : half - len) : 0;
      ctx.fillRect(x, a, len, w);
    } else {
      const y = style.diverging ? (v > 0 ? half - len : half) : across - len;
      ctx.fillRect(a, y, w, len);
    }
  }
  if (style.diverging) {
    ctx.fillStyle = 'rgba(128,128,128,0.6)';
    if (style.axis === 'rows') ctx.fillRect(Math.floor(half), 0, 1, canvas.height);
    else ctx.fillRect(0, Math.floor(half), canvas.width, 1);
  }
  return { shown, top };
}

/** The total (index into the viewport's) whose bar lies at fraction `f` along the strip: the one drawn there. */
export function totalAt(strip: Strip, f: number): number | null {
  const n = strip.shown.length;
  if (n === 0 || !(f >= 0) || f >= 1) return null;
  return strip.shown[Math.min(n - 1, Math.floor(f * n))]!;
}

const lut = buildDivergingLut();
const css = (c: number): string => { const [r, g, b, a] = unpack(c); return `rgba(${r},${g},${b},${(a / 255).toFixed(3)})`; };

/** The strips' colours: the ramp's blue; a comparison's strongest red (more in B) and blue (fewer), as its legend. */
export const TOTALS_COLOURS = {
  colour: 'rgba(56,88,222,0.8)',
  up: css(lut[2 * DIVERGING_LEVELS - 1]!),
  down: css(lut[2 * DIVERGING_LEVELS]!),
} as const;
