// Stateless, seedable randomness: every number is a pure function of its inputs, so any
// column of any node can be recomputed on demand (no stored history) and a seed always
// reproduces the same cluster.

/** 32-bit avalanche mix (lowbias32 by Chris Wellons). */
function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Hash any number of integers (each reduced to 32 bits; larger ones keep their high part too). */
export function hash(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    const lo = p >>> 0;
    const hi = Math.floor(p / 0x100000000) >>> 0;
    h = mix32(h ^ lo);
    if (hi !== 0) h = mix32(h ^ hi ^ 0x51ed270b);
  }
  return h;
}

/** `unit(a, b, c, d, e)` for 32-bit inputs without the rest-array allocation: the per-cell hot path. */
export function unit5(a: number, b: number, c: number, d: number, e: number): number {
  let h = 0x9e3779b9;
  h = mix32(h ^ (a >>> 0));
  h = mix32(h ^ (b >>> 0));
  h = mix32(h ^ (c >>> 0));
  h = mix32(h ^ (d >>> 0));
  h = mix32(h ^ (e >>> 0));
  return h / 0x100000000;
}

/** Uniform in [0, 1). */
export function unit(...parts: number[]): number {
  return hash(...parts) / 0x100000000;
}

/** Uniform integer in [0, n). */
export function below(n: number, ...parts: number[]): number {
  return Math.floor(unit(...parts) * n);
}

/** A small sequential generator for one-off layout decisions (keyspace, groups). */
export function sequence(seed: number): () => number {
  let i = 0;
  return () => unit(seed, 0x5eed, i++);
}
