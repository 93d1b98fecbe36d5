// The integer writer the merge's JSON writer and the simulated nodes share: the text String() writes.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { putUint } from '../../src/shared/uint-bytes';

const text = (v: number): string => {
  const b = new Uint8Array(32).fill(0x78);
  const end = putUint(b, 3, v);
  expect([...b.subarray(0, 3), ...b.subarray(end)].every((c) => c === 0x78)).toBe(true); // nothing written outside
  return Buffer.from(b.subarray(3, end)).toString('latin1');
};

describe('putUint', () => {
  test('the edges: 0, one digit, 2^31, 2^32 either side, 10^8 multiples and their neighbours, 2^53', () => {
    const edges = [0, 9, 10, 99, 100, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1, 1e12, 1e12 - 1, 1e12 + 1,
      1_764_000_000_000, 9_007_199_199_999_999, 9_007_199_200_000_000, Number.MAX_SAFE_INTEGER, 2 ** 53];
    for (const v of edges) expect(text(v), String(v)).toBe(String(v));
  });

  test('any safe integer, and any near a multiple of 10^8 above 2^32', () => {
    fc.assert(fc.property(fc.maxSafeNat(), (v) => { expect(text(v)).toBe(String(v)); }), { numRuns: 5000 });
    fc.assert(fc.property(fc.integer({ min: 43, max: 90_071_992 }), fc.integer({ min: -2, max: 2 }), (k, d) => {
      const v = k * 1e8 + d;
      if (v <= Number.MAX_SAFE_INTEGER) expect(text(v)).toBe(String(v));
    }), { numRuns: 5000 });
  });
});
