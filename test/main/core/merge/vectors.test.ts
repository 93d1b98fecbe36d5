// elastickv's merge vectors (contract §6.1) through the app's canonical merge.
import { describe, expect, test } from 'vitest';
import { canonicalMerge } from '../../../../src/main/core/merge/canonical';
import { parseNodeMatrix } from '../../../../src/main/core/merge/parse';
import { matrixJson } from '../../../../src/main/core/merge/serialize';
import { REAL_VECTORS, VECTORS } from '../../../helpers/vectors';

describe('canonical merge = elastickv (contract §6.1 vectors)', () => {
  test('the fixture holds the 17 vectors, one of them the M13 placeholder', () => {
    expect(VECTORS).toHaveLength(17);
    expect(REAL_VECTORS).toHaveLength(16);
  });

  test.each(REAL_VECTORS.map((v) => [v.id, v] as const))('%s', (_id, v) => {
    const inputs = (v.inputs as unknown[]).map((json, i) => parseNodeMatrix(json, `input ${i}`, i).matrix);
    const merged = canonicalMerge(inputs, v.series);
    expect(JSON.parse(matrixJson(merged))).toEqual(v.expected);
  });
});
