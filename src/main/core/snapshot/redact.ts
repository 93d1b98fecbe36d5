// Redacted keys, for snapshots shared outside the team: each key becomes its rank among the
// file's keys (so rows keep their order), a keyed hash (equal keys stay equal within the file,
// and the key is random per export, so nobody can test guesses against it) and its length.
import { createHmac, randomBytes } from 'node:crypto';
import type { KeyMap, NodeMatrix } from '../merge';

export interface Redactor {
  key: KeyMap;
  /** Replaces every redacted key that appears in a message (catalog warnings quote keys). */
  text(message: string): string;
}

export function keyRedactor(matrices: Iterable<Pick<NodeMatrix, 'rows'>>, secret: Buffer = randomBytes(32), more: Iterable<string> = []): Redactor {
  const keys = new Set<string>(more);
  for (const m of matrices) for (const r of m.rows) for (const k of [r.start, r.end]) if (k) keys.add(k);
  const sorted = [...keys].sort((a, b) => Buffer.compare(Buffer.from(a, 'base64'), Buffer.from(b, 'base64')));
  const width = Math.max(4, String(sorted.length).length);
  const redact = (k: string, rank: string): string => {
    const raw = Buffer.from(k, 'base64');
    const hash = createHmac('sha256', secret).update(raw).digest('hex').slice(0, 12);
    return Buffer.from(`#${rank} h:${hash} ${raw.length}B`).toString('base64');
  };
  const map = new Map(sorted.map((k, i) => [k, redact(k, String(i + 1).padStart(width, '0'))]));
  return {
    // A key nobody listed is still redacted (without a rank): never passed through.
    key: (b64) => map.get(b64) ?? redact(b64, '?'.repeat(width)),
    // One pass over the base64-looking words: a replacement is never looked at again, and a key
    // that is a prefix of another key's text cannot cut into it.
    text: (message) => message.replace(/[A-Za-z0-9+/]+={0,2}/g, (word) => map.get(word) ?? word),
  };
}
