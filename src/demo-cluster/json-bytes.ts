// A growable byte buffer for writing JSON by hand: numbers go straight from typed arrays into
// bytes, with no per-cell JS values, strings or JSON.stringify of big arrays in between.

export class JsonBytes {
  /** The bytes so far are buf[0, len); a hot loop may write past len itself after `reserve`. */
  buf: Buffer;
  len = 0;

  constructor(estimate: number) {
    this.buf = Buffer.allocUnsafe(Math.max(256, estimate));
  }

  /** Room for `n` more bytes, doubling the buffer when it runs out. */
  reserve(n: number): void {
    this.room(n);
  }

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
        // Above 2^31 (times in ms, big byte counts) as two int32 halves: v = hi·10⁸ + lo, lo in 8 digits.
        // Below 2^53 the division cannot round up to the next integer (and a guard keeps lo in range).
        let hi = Math.floor(v / 1e8);
        let lo = v - hi * 1e8;
        if (lo < 0) { hi--; lo += 1e8; } else if (lo >= 1e8) { hi++; lo -= 1e8; }
        this.number(hi);
        const b = this.buf; // room for hi and lo: reserved above, 16 bytes
        let p = this.len + 8;
        this.len = p;
        let x = lo | 0;
        for (let d = 0; d < 8; d++) { const q = (x / 10) | 0; b[--p] = 48 + x - q * 10; x = q; }
      }
      return;
    }
    // JSON has no NaN or Infinity: writing one would send a body no reader can parse.
    if (!Number.isFinite(v)) throw new RangeError(`not a JSON number: ${v}`);
    this.ascii(String(v));
  }

  /**
   * values[from, from + count) each as `v,`, where each starts in at[0, count) and the end in at[count]:
   * a row of cells to copy from later. Small non-negative integers (nearly every count) inline.
   */
  cells(values: ArrayLike<number>, from: number, count: number, at: Uint32Array): void {
    this.room(11 * count);
    let buf = this.buf;
    let p = this.len;
    for (let q = 0; q < count; q++) {
      at[q] = p;
      const v = values[from + q]!;
      if (v >= 0 && v < 2147483648 && (v | 0) === v) {
        let x = v;
        const d = x < 10 ? 1 : x < 100 ? 2 : x < 1000 ? 3 : x < 10000 ? 4 : x < 100000 ? 5 : x < 1000000 ? 6
          : x < 10000000 ? 7 : x < 100000000 ? 8 : x < 1000000000 ? 9 : 10;
        p += d;
        let e = p;
        while (x >= 10) { const y = (x / 10) | 0; buf[--e] = 48 + x - y * 10; x = y; }
        buf[--e] = 48 + x;
      } else {
        this.len = p;
        this.number(v);
        this.room(11 * (count - q));
        buf = this.buf;
        p = this.len;
      }
      buf[p++] = 0x2c;
    }
    at[count] = p;
    this.len = p;
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

  /** `v,` written `count` times (trailing comma included): the number once, then copies of it. */
  repeat(v: number, count: number): void {
    if (count <= 0) return;
    const at = this.len;
    this.number(v);
    this.byte(0x2c);
    const width = this.len - at;
    if (count === 1) return;
    this.room((count - 1) * width);
    this.buf.fill(this.buf.subarray(at, at + width), this.len, at + count * width);
    this.len = at + count * width;
  }

  /** The bytes written (a view of the buffer). */
  done(): Buffer {
    return this.buf.subarray(0, this.len);
  }
}
