// The hot-keys merge against elastickv's own vectors (contract §6.6).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { mergeHotKeys } from '../../../../src/main/core/hotkeys/merge';
import { type HotKeysResponse, hotKeysResponseSchema } from '../../../../src/shared/elastickv/wire';

interface Vector { id: string; top: number; inputs: unknown[]; expected: Partial<HotKeysResponse> }
const { vectors } = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../fixtures/contract/hotkeys-vectors.json'), 'utf8')) as { vectors: Vector[] };

describe('mergeHotKeys (contract §6.6)', () => {
  test('all seven vectors are here', () => {
    expect(vectors.map((v) => v.id.slice(0, 2))).toEqual(['K1', 'K2', 'K3', 'K4', 'K5', 'K6', 'K7']);
  });

  test.each(vectors.map((v) => [v.id, v] as const))('%s', (_id, v) => {
    const inputs = v.inputs.map((i) => hotKeysResponseSchema.parse(i));
    const out = mergeHotKeys(inputs, v.top);
    // Fields the vector does not list are 0, false or absent; approximate is always true.
    const base = { route_id: 1, series: 'writes', approximate: true, sampled_n: 0, dropped_samples: 0, skipped_long_keys: 0, degraded: false,
      error_bound: 0, sample_rate: 16, snapshot_at: '0001-01-01T00:00:00Z' };
    expect(out).toEqual({ ...base, ...v.expected });
  });

  test('the single-node vector: counts already scaled by the node; top applies to the merge', () => {
    const node = hotKeysResponseSchema.parse({ route_id: 1, series: 'writes', approximate: true, sample_rate: 16, sampled_n: 100, dropped_samples: 0,
      skipped_long_keys: 0, degraded: false, error_bound: 25, snapshot_at: '2026-05-29T09:00:00Z',
      keys: [{ key_b64: 'aG90', count: 800 }, { key_b64: Buffer.from('middling').toString('base64'), count: 80 }, { key_b64: 'YQ==', count: 16 }] });
    expect(mergeHotKeys([node], 2)).toMatchObject({ error_bound: 25, degraded: false, keys: [{ key_b64: 'aG90', count: 800 }, { count: 80 }] });
  });

  test('ties go by the base64 text, not the bytes: 0xF8 ("+A==") before 0x00 ("AA==")', () => {
    const node = hotKeysResponseSchema.parse({ route_id: 1, series: 'writes', approximate: true, sample_rate: 16, sampled_n: 0, dropped_samples: 0,
      skipped_long_keys: 0, degraded: false, error_bound: 0, snapshot_at: '0001-01-01T00:00:00Z',
      keys: [{ key_b64: 'AA==', count: 5 }, { key_b64: '+A==', count: 5 }] });
    expect(mergeHotKeys([node], 20).keys.map((k) => k.key_b64)).toEqual(['+A==', 'AA==']);
  });
});
