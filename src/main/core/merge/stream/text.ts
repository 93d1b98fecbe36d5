// A JSON string's bytes (between its quotes, escapes as written) → the string JSON.parse gives.
// Today's path decodes the whole body with a non-fatal TextDecoder (bad UTF-8 becomes U+FFFD) and
// then parses: decoding one string's bytes alone gives the same characters, since a quote or a
// backslash is never part of a multi-byte sequence and the decoder resynchronises on them.

// ignoreBOM: a U+FEFF at a string's start is a character (only the body's first is a BOM).
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** A growable byte buffer for the string being read (strings can span chunks). */
export class ByteBuffer {
  bytes = new Uint8Array(256);
  length = 0;

  append(src: Uint8Array, from: number, to: number): void {
    const n = to - from;
    if (this.length + n > this.bytes.length) {
      const b = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n));
      b.set(this.bytes.subarray(0, this.length));
      this.bytes = b;
    }
    this.bytes.set(src.subarray(from, to), this.length);
    this.length += n;
  }

  appendByte(c: number): void {
    if (this.length === this.bytes.length) {
      const b = new Uint8Array(this.bytes.length * 2);
      b.set(this.bytes);
      this.bytes = b;
    }
    this.bytes[this.length++] = c;
  }

  /** Keep a huge string's memory from staying with the decoder. */
  reset(): void {
    if (this.bytes.length > 65536) this.bytes = new Uint8Array(256);
    this.length = 0;
  }
}

/**
 * `escaped`: a backslash was seen (the escapes were checked by the scanner, so JSON.parse of the
 * quoted text cannot fail and resolves them exactly as it would in the whole body).
 */
export function stringOf(buf: ByteBuffer, ascii: boolean, escaped: boolean): string {
  const b = buf.bytes.subarray(0, buf.length);
  let s: string;
  if (ascii && b.length <= 64) {
    s = '';
    for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]!);
  } else {
    s = utf8.decode(b);
  }
  return escaped ? (JSON.parse(`"${s}"`) as string) : s;
}
