// Colour: a 256-entry lookup table (index 0 = zero = transparent, so zero cells show the
// background) and the value → index scale (log by default, linear selectable, brightness).

export type ScaleKind = 'log' | 'linear';

/** elastickv's SPA ramp (contract §9): transparent → blue → green → yellow → red. */
export const RAMP: ReadonlyArray<readonly [number, number, number, number, number]> = [
  [0, 0, 0, 0, 0],
  [0.15, 56, 88, 222, 180],
  [0.45, 86, 196, 110, 220],
  [0.75, 240, 200, 60, 235],
  [1, 220, 50, 50, 245],
];

export const LUT_SIZE = 256;

/** RGBA packed for a little-endian Uint32Array view of ImageData (0xAABBGGRR). */
export function pack(r: number, g: number, b: number, a: number): number {
  return ((a << 24) | (b << 16) | (g << 8) | r) >>> 0;
}

export function unpack(c: number): [number, number, number, number] {
  return [c & 0xff, (c >>> 8) & 0xff, (c >>> 16) & 0xff, c >>> 24];
}

/** Entry 0 is transparent; entries 1..255 run through the ramp from its first colour stop up. */
export function buildLut(ramp = RAMP): Uint32Array {
  const lut = new Uint32Array(LUT_SIZE);
  for (let i = 1; i < LUT_SIZE; i++) {
    // Never the ramp's transparent start: the faintest non-zero cell must still show.
    const t = 0.15 + (0.85 * (i - 1)) / (LUT_SIZE - 2);
    let k = 1;
    while (k < ramp.length - 1 && ramp[k]![0] < t) k++;
    const [t0, r0, g0, b0, a0] = ramp[k - 1]!;
    const [t1, r1, g1, b1, a1] = ramp[k]!;
    const f = t1 === t0 ? 0 : Math.min(1, Math.max(0, (t - t0) / (t1 - t0)));
    lut[i] = pack(Math.round(r0 + (r1 - r0) * f), Math.round(g0 + (g1 - g0) * f), Math.round(b0 + (b1 - b0) * f),
      Math.round(a0 + (a1 - a0) * f));
  }
  return lut;
}

/**
 * Where a value sits on the colour scale, unclamped: 0 at zero, 1 at the top (`max`, or below it
 * when `brightness` > 1). makeScale and the legend's ticks both read it, so they cannot disagree.
 */
export function scalePosition(max: number, kind: ScaleKind, brightness = 1): (v: number) => number {
  if (kind === 'linear') {
    const k = brightness / max;
    return (v) => v * k;
  }
  const k = brightness / Math.log1p(max);
  return (v) => Math.log1p(v) * k;
}

/**
 * Value → LUT index. 0 stays 0 (background); any positive value maps to 1..255. `brightness`
 * multiplies the normalised value before clamping (>1 lifts faint cells).
 */
export function makeScale(max: number, kind: ScaleKind, brightness = 1): (v: number) => number {
  if (!(max > 0)) return () => 0;
  const top = LUT_SIZE - 1;
  const at = scalePosition(max, kind, brightness);
  return (v) => (v > 0 ? Math.max(1, Math.min(top, Math.ceil(at(v) * top))) : 0);
}

/** The value at the bottom of LUT entry `i` (for legends). */
export function valueAt(i: number, max: number, kind: ScaleKind, brightness = 1): number {
  const t = i / (LUT_SIZE - 1) / brightness;
  return kind === 'linear' ? t * max : Math.expm1(t * Math.log1p(max));
}

// ---- diverging (B − A of a comparison) ----
// The engine downsamples by max, so a difference is drawn from an encoding whose order is the
// magnitude: e = 2|v| + (v < 0). The max of a block is then its largest change, sign kept, and
// LUT entries alternate: 2k − 1 = an increase of level k (red), 2k = a decrease (blue).

/** Levels per sign (entries 1..254). */
export const DIVERGING_LEVELS = (LUT_SIZE - 2) / 2;

export function encodeDiff(values: Float64Array): Float64Array<ArrayBuffer> {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) { const v = values[i]!; out[i] = v < 0 ? -2 * v + 1 : 2 * v; }
  return out;
}

/** The signed difference an encoded value stands for. */
export const decodeDiff = (e: number): number => (e % 2 === 1 ? -(e - 1) / 2 : e / 2);

export function buildDivergingLut(): Uint32Array {
  const lut = new Uint32Array(LUT_SIZE);
  const mix = (a: number, b: number, t: number): number => Math.round(a + (b - a) * t);
  for (let k = 1; k <= DIVERGING_LEVELS; k++) {
    const t = (k - 1) / (DIVERGING_LEVELS - 1);
    lut[2 * k - 1] = pack(mix(250, 190, t), mix(190, 20, t), mix(170, 30, t), mix(150, 250, t));
    lut[2 * k] = pack(mix(170, 25, t), mix(200, 70, t), mix(250, 190, t), mix(150, 250, t));
  }
  return lut;
}

/** Encoded value → diverging LUT index; `maxEncoded` is the largest encoded value (its magnitude tops the scale). */
export function makeDivergingScale(maxEncoded: number, kind: ScaleKind, brightness = 1): (e: number) => number {
  const top = Math.floor(maxEncoded / 2);
  if (!(top > 0)) return () => 0;
  const at = scalePosition(top, kind, brightness);
  const level = (m: number): number => Math.ceil(at(m) * DIVERGING_LEVELS);
  return (e) => {
    if (!(e > 0)) return 0;
    const negative = e % 2 === 1;
    const m = negative ? (e - 1) / 2 : e / 2;
    if (m === 0) return 0;
    const k = Math.max(1, Math.min(DIVERGING_LEVELS, level(m)));
    return negative ? 2 * k : 2 * k - 1;
  };
}

/** What a colour index depends on besides the matrix: scale, brightness, diverging (a comparison's differences). */
export interface ScaleSpec { scale: ScaleKind; brightness: number; diverging?: boolean }

/** The value → LUT index scale for a matrix whose largest (encoded) value is `max`. */
export const indexScale = (o: ScaleSpec) => (max: number): ((v: number) => number) =>
  (o.diverging ? makeDivergingScale : makeScale)(max, o.scale, o.brightness);

/** One key per scale spec: a pyramid quantised for one is wrong for any other. */
export const scaleKey = (o: ScaleSpec): string => `${o.scale}/${o.brightness}/${o.diverging ? 'd' : ''}`;
