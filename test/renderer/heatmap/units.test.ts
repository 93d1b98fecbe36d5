// Values in the legend and the picture: counts with SI prefixes, byte series in IEC units.
import { describe, expect, test } from 'vitest';
import { formatQuantity, QUANTITY } from '../../../src/renderer/src/heatmap/units';

describe('formatQuantity', () => {
  test('counts: SI prefixes, never "B" (which reads as bytes)', () => {
    expect(formatQuantity(0, 'count')).toBe('0');
    expect(formatQuantity(950, 'count')).toBe('950');
    expect(formatQuantity(10_400, 'count')).toBe('10.4 k');
    expect(formatQuantity(1_234_567, 'count')).toBe('1.23 M');
    expect(formatQuantity(1.2e9, 'count')).toBe('1.2 G');
    expect(formatQuantity(999_700, 'count')).toBe('1 M'); // not "1000 k"
    expect(formatQuantity(-2000, 'count')).toBe('−2 k');
  });

  test('bytes: IEC units, as the app writes sizes elsewhere', () => {
    expect(formatQuantity(512, 'bytes')).toBe('512 B');
    expect(formatQuantity(1023, 'bytes')).toBe('1023 B');
    expect(formatQuantity(1536, 'bytes')).toBe('1.5 KiB');
    expect(formatQuantity(1.2 * 1024 ** 3, 'bytes')).toBe('1.2 GiB');
    expect(formatQuantity(100 * 1024 ** 2, 'bytes')).toBe('100 MiB');
  });

  test('each series says which it is', () => {
    expect(QUANTITY).toEqual({ reads: 'count', writes: 'count', read_bytes: 'bytes', write_bytes: 'bytes' });
  });
});
