import { describe, expect, test } from 'vitest';
import { formatBytes, formatDuration } from '../../src/shared/format';

describe('formatDuration: a duration in words (issue 17)', () => {
  test.each([
    [0, '0 ms'], [500, '500 ms'], [1000, '1 s'], [1500, '1.5 s'], [30_000, '30 s'], [60_000, '1 min'], [150_000, '150 s'],
    [5_400_000, '90 min'], [3_600_000, '1 h'], [86_400_000, '24 h'], [90_000_000, '25 h'], [172_800_000, '2 d'],
    [30 * 86_400_000, '30 d'], [5_370_000, '1.5 h'],
  ])('%d ms reads %s', (ms, words) => {
    expect(formatDuration(ms)).toBe(words);
  });
});

describe('formatBytes', () => {
  test('bytes, KiB, MiB', () => {
    expect([formatBytes(0), formatBytes(512), formatBytes(1536), formatBytes(12.3 * 1048576)]).toEqual(['0 B', '512 B', '1.5 KiB', '12.3 MiB']);
  });
});
