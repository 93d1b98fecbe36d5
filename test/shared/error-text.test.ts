import { describe, expect, test } from 'vitest';
import { briefError } from '../../src/shared/error-text';

describe('briefError', () => {
  test('the gist without the trailing hint; long reasons cut to a line', () => {
    expect(briefError('connection refused (is the node running, and is its admin listener at this address?)')).toBe('connection refused');
    expect(briefError('no answer within the deadline (3000 ms)')).toBe('no answer within the deadline');
    expect(briefError('HTTP 503: unavailable')).toBe('HTTP 503: unavailable');
    const long = briefError(`HTTP 500: ${'x'.repeat(200)}`);
    expect(long.length).toBeLessThanOrEqual(60);
    expect(long.endsWith('…')).toBe(true);
    expect(briefError('(only a hint)')).toBe('(only a hint)');
  });
});
