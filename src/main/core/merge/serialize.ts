// A merged (or one node's) matrix in elastickv's wire shape: field order of its Go structs, optional fields
// omitted when empty or false (omitempty). Written as bytes straight from the typed arrays
// (integers formatted by hand into reused buffers), so a 250 MB answer is never built as one
// JS string or as millions of JS values.
import type { MergedMatrix, NodeMatrix, NodeRow } from './types';

/** Rewrites a key (standard base64) on the way out, e.g. to redact it. */
export type KeyMap = (b64: string) => string;

const CHUNK = 1 << 20;

/** A number as JSON text; JSON has no Infinity or NaN, so writing one would make the file unreadable. */
export function jsonNumber(v: number): string {
  if (!Number.isFinite(v)) throw new RangeError(`refusing to write ${v}: JSON cannot hold it, and the file would not read back`);
  return String(v);
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
    this.sink(this.buf.subarray(0, this.pos));
    this.buf = Buffer.allocUnsafe(Math.max(CHUNK, this.buf.length));
    this.pos = 0;
  }

  text(s: string): void {
    const n = Buffer.byteLength(s);
    this.room(n);
    this.pos += this.buf.write(s, this.pos);
  }

  /** `[a,b,c]` from numbers; whole numbers below 2^31 by hand, anything else via String(). */
  numbers(a: ArrayLike<number>): void {
    this.room(1);
    this.buf[this.pos++] = 0x5b; // [
    for (let i = 0; i < a.length; i++) {
      this.room(24);
      if (i > 0) this.buf[this.pos++] = 0x2c; // ,
      let v = a[i]!;
      if (v >= 0 && v < 2147483648 && v === Math.floor(v)) {
        if (v === 0) { this.buf[this.pos++] = 0x30; continue; }
        let digits = 0;
        for (let x = v; x > 0; x = Math.floor(x / 10)) digits++;
        let p = this.pos + digits;
        this.pos = p;
        while (v > 0) { const q = Math.floor(v / 10); this.buf[--p] = 0x30 + (v - q * 10); v = q; }
      } else {
        this.pos += this.buf.write(jsonNumber(v), this.pos, 'latin1');
      }
    }
    this.room(1);
    this.buf[this.pos++] = 0x5d; // ]
  }

  booleans(a: Uint8Array): void {
    this.room(1);
    this.buf[this.pos++] = 0x5b;
    for (let i = 0; i < a.length; i++) this.text(i ? (a[i] ? ',true' : ',false') : (a[i] ? 'true' : 'false'));
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
