// A growable byte buffer for writing JSON by hand: numbers go straight from typed arrays into
// bytes, with no per-cell JS values, strings or JSON.stringify of big arrays in between.
import { putUint } from '../shared/uint-bytes';

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
      this.len = putUint(this.buf, this.len, v);
      return;
    }
    // JSON has no NaN or Infinity: writing one would send a body no reader can parse.
    if (!Number.isFinite(v)) throw new RangeError(`not a JSON number: ${v}`);
    this.ascii(String(v));
  }

  /**
   * Rows of cells to copy from later: for each r in `rows`, values[r·count, r·count + count) each
   * as `v,`, with where cell q starts in at[r·(count + 1) + q] and where the row ends after it.
   * One call for many rows: V8 can optimise its loop while it runs (on-stack replacement).
   */
  cellRows(values: ArrayLike<number>, rows: ArrayLike<number>, count: number, at: Uint32Array): void {
    this.put(values, rows, count, at);
  }

  /** values[from, from + count) each as `v,`. */
  cells(values: ArrayLike<number>, from: number, count: number): void {
    this.put(values, null, count, null, from);
  }

  /** cellRows (rows given) or cells (one row at `from`); safe integers (every count and time) by putUint, not a method each. */
  private put(values: ArrayLike<number>, rows: ArrayLike<number> | null, count: number, at: Uint32Array | null, from = 0): void {
    const n = rows ? rows.length : 1;
    for (let i = 0; i < n; i++) {
      const base = rows ? rows[i]! * count : from;
      const atBase = rows ? rows[i]! * (count + 1) : 0;
      this.room(17 * count);
      let buf = this.buf;
      let p = this.len;
      for (let q = 0; q < count; q++) {
        if (at) at[atBase + q] = p;
        const v = values[base + q]!;
        if (v >= 0 && ((v < 2147483648 && (v | 0) === v) || (v <= Number.MAX_SAFE_INTEGER && Math.floor(v) === v))) {
          p = putUint(buf, p, v);
        } else {
          this.len = p;
          this.number(v);
          this.room(17 * (count - q));
          buf = this.buf;
          p = this.len;
        }
        buf[p++] = 0x2c;
      }
      if (at) at[atBase + count] = p;
      this.len = p;
    }
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
