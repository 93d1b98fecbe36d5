// A growable byte buffer for writing JSON by hand: numbers go straight from typed arrays into
// bytes, with no per-cell JS values, strings or JSON.stringify of big arrays in between.

export class JsonBytes {
  private buf: Buffer;
  private len = 0;

  constructor(estimate: number) {
    this.buf = Buffer.allocUnsafe(Math.max(256, estimate));
  }

  /** Room for `n` more bytes, doubling the buffer when it runs out. */
  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  /** ASCII only (JSON punctuation and keys); anything else goes through `bytes`. */
  ascii(s: string): void {
    this.room(s.length);
    for (let i = 0; i < s.length; i++) this.buf[this.len++] = s.charCodeAt(i);
  }

  byte(c: number): void {
    this.room(1);
    this.buf[this.len++] = c;
  }

  /** A number as JSON.stringify writes it: non-negative safe integers by hand, the rest via String. */
  number(v: number): void {
    if (v >= 0 && v <= Number.MAX_SAFE_INTEGER && Math.floor(v) === v) {
      this.room(16);
      const buf = this.buf;
      if (v < 2147483648) {
        let x = v | 0;
        let digits = 1;
        for (let t = x; t >= 10; t = (t / 10) | 0) digits++;
        let p = this.len + digits;
        this.len = p;
        while (x >= 10) { const q = (x / 10) | 0; buf[--p] = 48 + x - q * 10; x = q; }
        buf[--p] = 48 + x;
      } else {
        // Above 2^31 by remainders: x / 10 can round up near 2^53, x % 10 and (x - r) / 10 are exact.
        let digits = 1;
        for (let t = v; t >= 10; t = (t - (t % 10)) / 10) digits++;
        let p = this.len + digits;
        this.len = p;
        let x = v;
        while (x >= 10) { const r = x % 10; buf[--p] = 48 + r; x = (x - r) / 10; }
        buf[--p] = 48 + x;
      }
      return;
    }
    // JSON has no NaN or Infinity: writing one would send a body no reader can parse.
    if (!Number.isFinite(v)) throw new RangeError(`not a JSON number: ${v}`);
    this.ascii(String(v));
  }

  /**
   * Numbers separated by commas (no brackets). A matrix row repeats itself (a group id in every
   * column, one term for hours, zeros where another node led): a run is written once and copied.
   */
  numbers(a: ArrayLike<number>, count = a.length): void {
    let j = 0;
    while (j < count) {
      const v = a[j]!;
      let end = j + 1;
      while (end < count && a[end] === v) end++;
      if (j > 0) this.byte(0x2c);
      const at = this.len;
      this.number(v);
      const reps = end - j - 1;
      if (reps >= 4) {
        const width = this.len - at;
        const pattern = Buffer.allocUnsafe(width + 1);
        pattern[0] = 0x2c;
        this.buf.copy(pattern, 1, at, this.len);
        this.room(reps * (width + 1));
        this.buf.fill(pattern, this.len, this.len + reps * (width + 1));
        this.len += reps * (width + 1);
      } else {
        for (let r = 0; r < reps; r++) { this.byte(0x2c); this.number(v); }
      }
      j = end;
    }
  }

  /** The bytes written (a view of the buffer). */
  done(): Buffer {
    return this.buf.subarray(0, this.len);
  }
}
