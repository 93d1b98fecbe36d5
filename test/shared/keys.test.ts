import { describe, expect, test } from 'vitest';
import { base64ToBytes, keyPreview } from '../../src/shared/keys';

const b64 = (bytes: number[] | string): string => Buffer.from(typeof bytes === 'string' ? bytes : Uint8Array.from(bytes)).toString('base64');

describe('keyPreview (contract §9)', () => {
  test('empty and null keys', () => {
    expect(keyPreview(null)).toBe('(empty)');
    expect(keyPreview('')).toBe('(empty)');
  });
  test('printable ASCII as text', () => {
    expect(keyPreview(b64('dynamo/orders/o:250000'))).toBe('dynamo/orders/o:250000');
  });
  test('anything else as hex of the first 32 bytes', () => {
    expect(keyPreview(b64([0x72, 0x61, 0x77, 0x2f, 0x00, 0x10]))).toBe('0x7261772f0010');
    expect(keyPreview(b64(Array.from({ length: 40 }, (_, i) => i)))).toBe(`0x${Array.from({ length: 32 }, (_, i) => i.toString(16).padStart(2, '0')).join('')}…`);
  });
  test('invalid base64 says so', () => {
    expect(keyPreview('not base64!')).toBe('(invalid base64: not base64!)');
    expect(base64ToBytes('YQ')).toBeNull(); // unpadded: not standard base64
  });
});
