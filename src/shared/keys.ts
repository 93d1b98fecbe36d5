// Keys as people read them (contract §9 `decodePreview`): printable ASCII as text, anything
// else as hex. Works on both sides of IPC (no Node Buffer).
import { nodeText } from './node-text';

const B64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function base64ToBytes(b64: string): Uint8Array | null {
  if (!B64.test(b64)) return null;
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export const HEX_PREVIEW_BYTES = 32;

/** Bytes as a Latin-1 string, in pieces (a spread of a long key would pass the engine's argument limit). */
function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return s;
}

/** The whole key: the text itself when printable, else 0x + hex of every byte ('' for the empty key). */
export function keyFull(b64: string): string {
  const bytes = base64ToBytes(b64);
  if (!bytes) return b64;
  if (bytes.every((b) => b >= 0x20 && b <= 0x7e)) return latin1(bytes);
  let hex = '0x';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return bytes.length === 0 ? '' : hex;
}

// A leading BOM belongs to the key: kept (and escaped), not swallowed.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The whole key as text, for people (never null): UTF-8 text with every control or invisible
 * character as a visible \uXXXX escape (nodeText's), else keyFull's 0x + hex of every byte.
 * The exact bytes stay in the base64 beside it.
 */
export function keyText(b64: string): string {
  const bytes = base64ToBytes(b64);
  if (!bytes) return keyFull(b64);
  try {
    return nodeText(utf8.decode(bytes));
  } catch {
    return keyFull(b64);
  }
}

/** "(empty)", the text itself, or 0x + hex of the first 32 bytes ("…" when longer). */
export function keyPreview(b64: string | null): string {
  if (b64 === null || b64 === '') return '(empty)';
  const bytes = base64ToBytes(b64);
  if (!bytes) return `(invalid base64: ${b64.slice(0, 24)})`;
  if (bytes.every((b) => b >= 0x20 && b <= 0x7e)) return latin1(bytes);
  const shown = bytes.subarray(0, HEX_PREVIEW_BYTES);
  let hex = '0x';
  for (const b of shown) hex += b.toString(16).padStart(2, '0');
  return bytes.length > HEX_PREVIEW_BYTES ? `${hex}…` : hex;
}
