import { describe, expect, test } from 'vitest';
import { base64ToBytes, keyPreview, keyText } from '../../src/shared/keys';

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

describe('keyText: the whole key as text, never null (issue 17)', () => {
  test('UTF-8 as text, control and invisible characters escaped, however long', () => {
    expect(keyText(b64('!ddb|item|dXNlcnM|1|u:5\x00\x01'))).toBe('!ddb|item|dXNlcnM|1|u:5\\u0000\\u0001');
    expect(keyText(b64('caf\u00e9 \u001b[2J \u202e'))).toBe('caf\u00e9 \\u001b[2J \\u202e');
    expect(keyText(b64(`k:${'x'.repeat(5000)}`))).toHaveLength(5002);
    expect(keyText(b64([0xef, 0xbb, 0xbf, 0x61]))).toBe('\\ufeffa'); // a leading BOM is part of the key
  });
  test('not UTF-8: every byte in hex; empty: empty; not base64: as given', () => {
    expect(keyText(b64([0x72, 0xff, 0x00]))).toBe('0x72ff00');
    expect(keyText('')).toBe('');
    expect(keyText('not base64!')).toBe('not base64!');
  });
});
