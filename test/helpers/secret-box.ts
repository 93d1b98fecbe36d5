// A stand-in for Electron's safeStorage in tests: real AES-256-GCM under a key held in memory
// (like an OS keyring that survives app restarts while the test runs). `backend` can play
// Linux's basic_text. Nothing it writes contains the clear text.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretBox } from '../../src/main/core/secrets/store';

export function testSecretBox(opts: { backend?: string; available?: boolean } = {}): SecretBox & { key: Buffer } {
  const key = randomBytes(32);
  return {
    key,
    available: () => opts.available ?? true,
    backend: () => opts.backend ?? 'test_keyring',
    encrypt(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), data]);
    },
    decrypt(blob) {
      const d = createDecipheriv('aes-256-gcm', key, blob.subarray(0, 12));
      d.setAuthTag(blob.subarray(12, 28));
      return Buffer.concat([d.update(blob.subarray(28)), d.final()]).toString('utf8');
    },
  };
}
