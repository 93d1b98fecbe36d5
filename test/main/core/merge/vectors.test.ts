// elastickv's merge vectors (contract §6.1) through the app's canonical merge.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { canonicalMerge } from '../../../../src/main/core/merge/canonical';
import { parseNodeMatrix } from '../../../../src/main/core/merge/parse';
import { matrixJson } from '../../../../src/main/core/merge/serialize';
import { REAL_VECTORS, VECTORS } from '../../../helpers/vectors';

const SHARED = resolve(import.meta.dirname, '../../../../../shared/contract/merge-vectors.json');

describe('canonical merge = elastickv (contract §6.1 vectors)', () => {
  // CI has the team's contract folder beside the checkout; a laptop clone may not.
  test.skipIf(!existsSync(SHARED))('the in-repo fixture equals shared/contract/merge-vectors.json', () => {
    expect(VECTORS).toEqual(JSON.parse(readFileSync(SHARED, 'utf8')));
  });

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
