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

/** The state `hash` starts from. */
export const HASH_START = 0x9e3779b9;

/**
 * One more part into a hash state: `hash(a, b, c)` is `hashPart(hashPart(hashPart(HASH_START, a), b), c)`,
 * so the hot paths can hash a constant prefix once and only the varying parts per cell.
 */
export function hashPart(h: number, p: number): number {
  const lo = p >>> 0;
  const hi = Math.floor(p / 0x100000000) >>> 0;
  h = mix32(h ^ lo);
  return hi !== 0 ? mix32(h ^ hi ^ 0x51ed270b) : h;
}

/** Hash any number of integers (each reduced to 32 bits; larger ones keep their high part too). */
export function hash(...parts: number[]): number {
  let h = HASH_START;
  for (const p of parts) h = hashPart(h, p);
  return h;
}

/** `unit5`'s state after its first parts (each truncated to 32 bits, as `unit5` does). */
export function unit5Part(h: number, p: number): number {
  return mix32(h ^ (p >>> 0));
}

/** `unit(a, b, c, d, e)` for 32-bit inputs without the rest-array allocation: the per-cell hot path. */
export function unit5(a: number, b: number, c: number, d: number, e: number): number {
  return unit5Part(unit5Part(unit5Part(unit5Part(unit5Part(HASH_START, a), b), c), d), e) / 0x100000000;
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
