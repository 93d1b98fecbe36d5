// A merged (or one node's) matrix in elastickv's wire shape: field order of its Go structs, optional fields
// omitted when empty or false (omitempty). Written as bytes straight from the typed arrays
// (integers formatted by hand into 1 MiB buffers), so a 250 MB answer is never built as one
// JS string or as millions of JS values.
import type { MergedMatrix, NodeMatrix, NodeRow } from './types';
import { putUint } from '../../../shared/uint-bytes';

/** Rewrites a key (standard base64) on the way out, e.g. to redact it. */
export type KeyMap = (b64: string) => string;

const CHUNK = 1 << 20;

/** A number as JSON text; JSON has no Infinity or NaN, so writing one would make the file unreadable. */
export function jsonNumber(v: number): string {
  if (!Number.isFinite(v)) throw new RangeError(`refusing to write ${v}: JSON cannot hold it, and the file would not read back`);
  return String(v);
}

/** The longest number text written: a safe integer has 16 digits; String() of any double is at most 25 chars. */
const MAX_NUMBER_TEXT = 25;

/** One number's text at `p` (room for MAX_NUMBER_TEXT assumed); returns the end. */
function number(b: Buffer, p: number, v: number): number {
  // Non-negative safe integers by hand (-0 too, which String() also writes as 0); anything else as String() does.
  if (v >= 0 && v <= Number.MAX_SAFE_INTEGER && v % 1 === 0) return putUint(b, p, v);
  return p + b.write(jsonNumber(v), p, 'latin1');
}

/** a[i..end) after a comma (or the bracket when i is 0), into `b` at `p`; returns the end. */
function uint32s(b: Buffer, p: number, a: Uint32Array, i: number, end: number): number {
  for (; i < end; i++) {
    if (i > 0) b[p++] = 0x2c; // ,
    const v = a[i]!;
    if (v < 10) { b[p++] = 0x30 + v; continue; } // most cells: 0
    p = putUint(b, p, v);
  }
  return p;
}

/** The merge's rows are Float64Array: nearly every element a small integer, written inline. */
function doubles(b: Buffer, p: number, a: Float64Array, i: number, end: number): number {
  for (; i < end; i++) {
    if (i > 0) b[p++] = 0x2c;
    const v = a[i]!;
    const u = v >>> 0;
    if (u === v) {
      if (u < 10) { b[p++] = 0x30 + u; continue; }
      p = putUint(b, p, u);
    } else {
      p = number(b, p, v);
    }
  }
  return p;
}

function plainNumbers(b: Buffer, p: number, a: readonly number[], i: number, end: number): number {
  for (; i < end; i++) {
    if (i > 0) b[p++] = 0x2c;
    p = number(b, p, a[i]!);
  }
  return p;
}

/** Appends JSON text to fixed-size buffers and hands each full one to `sink`. */
class JsonWriter {
  private buf = Buffer.allocUnsafe(CHUNK);
  private pos = 0;

  constructor(private readonly sink: (chunk: Buffer) => void) {}

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    this.flush();
    if (n > this.buf.length) this.buf = Buffer.allocUnsafe(n);
  }

  flush(): void {
    if (this.pos === 0) return;
    // The sink may keep the chunk (a pipe written later): the next one is a fresh buffer.
    this.sink(this.buf.subarray(0, this.pos));
    this.buf = Buffer.allocUnsafe(Math.max(CHUNK, this.buf.length));
    this.pos = 0;
  }

  text(s: string): void {
    const n = Buffer.byteLength(s);
    this.room(n);
    this.pos += this.buf.write(s, this.pos);
  }

  /**
   * `[a,b,c]` from numbers, the same text as String(v): non-negative safe integers by hand
   * (two digits per step, straight into the buffer), anything else via jsonNumber(). Each
   * array kind has its own loop, so each stays monomorphic.
   */
  numbers(a: Uint32Array | Float64Array | readonly number[]): void {
    this.room(1);
    this.buf[this.pos++] = 0x5b; // [
    const n = a.length;
    let i = 0;
    while (i < n) {
      // As many numbers as surely fit, then no bounds checks per number.
      const batch = Math.min(n - i, Math.floor((this.buf.length - this.pos) / (MAX_NUMBER_TEXT + 1)));
      if (batch === 0) { this.flush(); continue; }
      this.pos = a instanceof Uint32Array ? uint32s(this.buf, this.pos, a, i, i + batch)
        : a instanceof Float64Array ? doubles(this.buf, this.pos, a, i, i + batch)
        : plainNumbers(this.buf, this.pos, a, i, i + batch);
      i += batch;
    }
    this.room(1);
    this.buf[this.pos++] = 0x5d; // ]
  }

  booleans(a: Uint8Array): void {
    this.room(1);
    this.buf[this.pos++] = 0x5b;
    const n = a.length;
    let i = 0;
    while (i < n) {
      let batch = Math.min(n - i, Math.floor((this.buf.length - this.pos) / 6)); // ",false"
      if (batch === 0) { this.flush(); continue; }
      const b = this.buf;
      let p = this.pos;
      for (; batch > 0; batch--, i++) {
        if (i > 0) b[p++] = 0x2c;
        if (a[i]) { b[p] = 0x74; b[p + 1] = 0x72; b[p + 2] = 0x75; b[p + 3] = 0x65; p += 4; } // true
        else { b[p] = 0x66; b[p + 1] = 0x61; b[p + 2] = 0x6c; b[p + 3] = 0x73; b[p + 4] = 0x65; p += 5; } // false
      }
      this.pos = p;
    }
    this.room(1);
    this.buf[this.pos++] = 0x5d;
  }
}

function writeRow(w: JsonWriter, r: NodeRow & { conflicts?: Uint8Array | null }, mapKey?: KeyMap): void {
  const key = (k: string | null): string => (k === null ? 'null' : JSON.stringify(mapKey ? mapKey(k) : k));
  w.text(`{"bucket_id":${JSON.stringify(r.bucketId)}`);
  if (r.label) w.text(`,"label":${JSON.stringify(r.label)}`);
  w.text(`,"start":${key(r.start)},"end":${key(r.end)}`);
  w.text(`,"aggregate":${r.aggregate}`);
  if (r.routeIds && r.routeIds.length > 0) { w.text(',"route_ids":'); w.numbers(r.routeIds); }
  if (r.routeIdsTruncated) w.text(',"route_ids_truncated":true');
  w.text(`,"route_count":${jsonNumber(r.routeCount)},"values":`);
  w.numbers(r.values);
  if (r.conflicts) { w.text(',"conflict":true,"conflicts":'); w.booleans(r.conflicts); }
  // Go's omitempty hides a nil or zero-length slice.
  if (r.groups && r.groups.length > 0) { w.text(',"raft_group_ids":'); w.numbers(r.groups); }
  if (r.terms && r.terms.length > 0) { w.text(',"leader_terms":'); w.numbers(r.terms); }
  w.text('}');
}

/**
 * Write `{"column_unix_ms","rows","series"[,"generated_at"]`, then `extra` (already-encoded
 * `,"key":value` pairs such as warnings and coverage) and the closing brace, chunk by chunk.
 */
export function writeMatrixJson(m: MergedMatrix | NodeMatrix, sink: (chunk: Buffer) => void, extra = '', mapKey?: KeyMap): void {
  const w = new JsonWriter(sink);
  w.text('{"column_unix_ms":');
  w.numbers(m.columns);
  w.text(',"rows":[');
  m.rows.forEach((r, i) => {
    if (i > 0) w.text(',');
    writeRow(w, r, mapKey);
  });
  w.text(`],"series":${JSON.stringify(m.series)}`);
  if (m.generatedAt !== null) w.text(`,"generated_at":${JSON.stringify(m.generatedAt)}`);
  w.text(extra);
  w.text('}');
  w.flush();
}

/** The same as one string (tests, small matrices). */
export function matrixJson(m: MergedMatrix | NodeMatrix, extra = '', mapKey?: KeyMap): string {
  const chunks: Buffer[] = [];
  writeMatrixJson(m, (c) => chunks.push(c), extra, mapKey);
  return Buffer.concat(chunks).toString('utf8');
}
