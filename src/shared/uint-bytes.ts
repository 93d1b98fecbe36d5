// Non-negative safe integers as decimal ASCII straight into a byte buffer: the text JSON.stringify
// writes for them, with no string in between. Shared by the merge's JSON writer and the simulated
// nodes' answers, both of which write millions of them.

/** '00'…'99' as ASCII pairs: two digits per step. */
const PAIRS = (() => {
  const t = new Uint8Array(200);
  for (let i = 0; i < 100; i++) { t[2 * i] = 0x30 + Math.floor(i / 10); t[2 * i + 1] = 0x30 + (i % 10); }
  return t;
})();

/** Decimal digits of an integer in [0, 2^32). */
function digitCount(v: number): number {
  return v < 100_000
    ? (v < 100 ? (v < 10 ? 1 : 2) : v < 1000 ? 3 : v < 10_000 ? 4 : 5)
    : (v < 10_000_000 ? (v < 1_000_000 ? 6 : 7) : v < 100_000_000 ? 8 : v < 1_000_000_000 ? 9 : 10);
}

/** Writes the digits of `v` (an integer in [0, 2^32)) to end just before `end`; returns where they start. */
function digitsBefore(b: Uint8Array, end: number, v: number): number {
  let q = end;
  while (v >= 100) {
    const r = v % 100;
    v = (v - r) / 100;
    b[--q] = PAIRS[2 * r + 1]!;
    b[--q] = PAIRS[2 * r]!;
  }
  if (v >= 10) { b[--q] = PAIRS[2 * v + 1]!; b[--q] = PAIRS[2 * v]!; } else b[--q] = 0x30 + v;
  return q;
}

const E8 = 100_000_000;

/** `v`, an integer in [0, 2^53], written at `p`; returns the end. */
export function putUint(b: Uint8Array, p: number, v: number): number {
  if (v < 4294967296) {
    const end = p + digitCount(v);
    digitsBefore(b, end, v);
    return end;
  }
  // The high part, then the low eight digits zero-padded (column times have 13).
  const hi = Math.floor(v / E8);
  const lo = v - hi * E8;
  p += digitCount(hi);
  digitsBefore(b, p, hi);
  const start = digitsBefore(b, p + 8, lo);
  for (let z = p; z < start; z++) b[z] = 0x30;
  return p + 8;
}
