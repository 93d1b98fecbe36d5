// The simulator's hot-keys merge is its own code: it must meet elastickv's vectors (contract
// §6.6) on its own, and agree with the app's merge on any answers, so either one catches the other.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { mergeHotKeyResponses } from '../../src/demo-cluster/hotkeys-merge';
import { mergeHotKeys } from '../../src/main/core/hotkeys/merge';
import { type HotKeysResponse, hotKeysResponseSchema, ZERO_TIME } from '../../src/shared/elastickv/wire';

interface Vector { id: string; top: number; inputs: unknown[]; expected: Partial<HotKeysResponse> }
const { vectors } = JSON.parse(readFileSync(resolve(import.meta.dirname, '../fixtures/contract/hotkeys-vectors.json'), 'utf8')) as { vectors: Vector[] };

describe('the simulator\'s hot-keys merge meets elastickv\'s vectors (contract §6.6)', () => {
  test.each(vectors.map((v) => [v.id, v] as const))('%s', (_id, v) => {
    const [local, ...peers] = v.inputs.map((i) => hotKeysResponseSchema.parse(i));
    // Fields the vector does not list are 0, false or absent; approximate is always true.
    const base = { route_id: 1, series: 'writes', approximate: true, sampled_n: 0, dropped_samples: 0, skipped_long_keys: 0, degraded: false,
      error_bound: 0, sample_rate: 16, snapshot_at: ZERO_TIME };
    expect(mergeHotKeyResponses(local!, peers, v.top)).toEqual({ ...base, ...v.expected });
  });
});

// Few distinct keys and times, so nodes share keys, counts tie and snapshot times tie or differ by zone.
const KEYS = ['AA==', '+A==', 'aG90', 'YQ==', 'Yg==', 'LzA=', 'AAAA', '////'];
const TIMES = [ZERO_TIME, '2026-05-29T09:00:00Z', '2026-05-29T09:01:00Z', '2026-05-29T11:00:00+02:00', '2026-05-29T09:00:00.5Z'];
const count = fc.oneof(fc.constantFrom(0, 16, 32, 48), fc.nat(10_000).map((n) => n * 16), fc.constant(2 ** 60));

const slot = fc.record({
  route_id: fc.oneof(fc.nat(1000), fc.constantFrom('18446744073709551615', '7')),
  label: fc.option(fc.constantFrom('', 'redis', 'dynamo'), { nil: undefined }),
  sub_bucket: fc.option(fc.nat(4), { nil: undefined }),
});

const answer = (s: { route_id: number | string; label: string | undefined; sub_bucket: number | undefined }) => fc.record({
  keys: fc.uniqueArray(fc.record({ key_b64: fc.constantFrom(...KEYS), count }), { selector: (k) => k.key_b64, maxLength: KEYS.length }),
  sample_rate: fc.constantFrom(0, 1, 16, 64, 1024),
  sampled_n: fc.nat(1_000_000),
  dropped_samples: fc.oneof(fc.constant(0), fc.nat(50)),
  skipped_long_keys: fc.oneof(fc.constant(0), fc.nat(5)),
  degraded: fc.boolean(),
  error_bound: fc.nat(100_000),
  snapshot_at: fc.constantFrom(...TIMES),
}).map((a): HotKeysResponse => hotKeysResponseSchema.parse({
  route_id: s.route_id, ...(s.label !== undefined ? { label: s.label } : {}), ...(s.sub_bucket !== undefined ? { sub_bucket: s.sub_bucket } : {}),
  series: 'writes', approximate: true, ...a,
  // A node sends its keys hottest first.
  keys: [...a.keys].sort((x, y) => y.count - x.count),
}));

const answers = slot.chain((s) => fc.array(answer(s), { minLength: 1, maxLength: 6 }));

describe('the simulator\'s merge and the app\'s agree', () => {
  test('on generated answers of one route, whatever the top', () => {
    fc.assert(fc.property(answers, fc.integer({ min: 1, max: 300 }), (rs, top) => {
      const [local, ...peers] = rs;
      expect(mergeHotKeyResponses(local!, peers, top)).toEqual(mergeHotKeys(rs, top));
    }), { numRuns: 500 });
  });

  test('the generator reaches the cases that matter: shared keys, tied counts, a truncating top, degraded merges', () => {
    const seen = { shared: false, tie: false, truncated: false, degraded: false, later: false };
    fc.assert(fc.property(answers, fc.integer({ min: 1, max: 8 }), (rs, top) => {
      const merged = mergeHotKeys(rs, top);
      const all = rs.flatMap((r) => r.keys.map((k) => k.key_b64));
      if (new Set(all).size < all.length) seen.shared = true;
      const full = mergeHotKeys(rs, 1000).keys;
      if (full.some((k, i) => i > 0 && full[i - 1]!.count === k.count)) seen.tie = true;
      if (full.length > merged.keys.length) seen.truncated = true;
      if (merged.degraded) seen.degraded = true;
      if (merged.snapshot_at !== rs[0]!.snapshot_at) seen.later = true;
    }), { numRuns: 300, seed: 16 });
    expect(seen).toEqual({ shared: true, tie: true, truncated: true, degraded: true, later: true });
  });
});
