// The ring's counts pre-written as JSON text, so an answer copies a leader's run of columns instead
// of formatting it cell by cell: each bucket's reads and writes and each node's flush times ("v," per
// ring slot, with where each starts), and which slots a bucket counted anything in. A ring fill
// touches every bucket, so it makes all of it stale; text is then written again as answers need it,
// the rows one answer needs in one call (JsonBytes.cellRows).
// A Demo-sized ring has it all written at start, right after the ring is filled, so a Demo's first
// answer (code V8 has not optimised yet) is mostly copies. A bigger ring writes nothing at start and
// keeps no text of its counts: whole rows would cost more than an answer writing just its own runs'
// counts (JsonBytes.cells), which it then does.
import { JsonBytes } from './json-bytes';
import { RING_SLACK, type TrafficModel } from './traffic';

/** Numbers as text by row: cell s of row r is bytes[r][at[r·(c + 1) + s], at[r·(c + 1) + s + 1]), comma included. */
export interface RenderedRows {
  /** Plain Uint8Arrays, not Buffers: their views are cheap to make. Rows written together share one. */
  bytes: Array<Uint8Array | undefined>;
  at: Uint32Array;
  /** By row: the model's `fills` when it was written. */
  written: Float64Array;
}

/** Bucket-slots a ring may have to keep its counts as text (the default Demo has 61 × 1456). */
export const COUNT_TEXT_MAX_CELLS = 1 << 20;
/** What the text of one bucket-slot takes, as budgeted: two counts of up to 7 digits, a comma and a start each, a flag. */
const BYTES_PER_BUCKET_SLOT = 2 * (8 + 4) + 1;
/** And of one node-slot: a 13-digit time, a comma, a start. */
const BYTES_PER_NODE_SLOT = 14 + 4;

export class RenderedCounts {
  private readonly c: number;
  private readonly reads: RenderedRows;
  private readonly writes: RenderedRows;
  private readonly flushTimes: RenderedRows;
  private readonly activeCells: Uint8Array;
  private activeFills = -1;
  /** Whether this ring keeps its counts as text (else answers format them: see `counts`). */
  readonly keepsCountText: boolean;

  constructor(private readonly model: TrafficModel, maxCells = COUNT_TEXT_MAX_CELLS) {
    const c = model.ringLength;
    this.c = c;
    this.keepsCountText = model.buckets.length * c <= maxCells;
    const rows = (n: number): RenderedRows => ({ bytes: [], at: new Uint32Array(n * (c + 1)), written: new Float64Array(n).fill(-1) });
    this.reads = rows(model.buckets.length);
    this.writes = rows(model.buckets.length);
    this.flushTimes = rows(model.nodes);
    this.activeCells = new Uint8Array(model.buckets.length * c);
  }

  /** Bytes this takes once written for a ring of `ringColumns` (+ slack), counted in a cluster's memory budget. */
  static bytes(buckets: number, nodes: number, ringColumns: number): number {
    const slots = ringColumns + RING_SLACK;
    const perBucketSlot = buckets * slots <= COUNT_TEXT_MAX_CELLS ? BYTES_PER_BUCKET_SLOT : 1; // else only the flags
    return (buckets * perBucketSlot + nodes * BYTES_PER_NODE_SLOT) * slots;
  }

  /**
   * At start, the ring just filled: everything answers read, if the ring keeps its counts as text.
   * A bigger ring writes nothing here (start stays as quick as before); its first answer does its part.
   */
  prime(): void {
    const m = this.model;
    if (!this.keepsCountText) return;
    this.active();
    for (let node = 0; node < m.nodes; node++) this.times(node);
    m.primeLeadRuns();
    const all = Array.from(m.buckets, (_, i) => i);
    this.counts(false, all);
    this.counts(true, all);
  }

  /** The reads (or writes) of buckets `rows` and every other bucket's still current, by bucket (keepsCountText only). */
  counts(writes: boolean, rows: readonly number[]): RenderedRows {
    const m = this.model;
    if (!this.keepsCountText) throw new Error('this ring keeps no text of its counts');
    return this.current(writes ? this.writes : this.reads, writes ? m.ringWrites : m.ringReads, rows);
  }

  /** A node's flush times (and every other node's still current), by node. */
  times(node: number): RenderedRows {
    return this.current(this.flushTimes, this.model.flushTimes, [node]);
  }

  /** By bucket × slot: 1 where the bucket has any cluster-wide count. */
  active(): Uint8Array {
    const m = this.model;
    if (this.activeFills !== m.fills) {
      const ringR = m.ringReads;
      const ringW = m.ringWrites;
      const a = this.activeCells;
      for (let x = 0; x < a.length; x++) a[x] = ringR[x] !== 0 || ringW[x] !== 0 ? 1 : 0;
      this.activeFills = m.fills;
    }
    return this.activeCells;
  }

  private current(text: RenderedRows, values: Float64Array, rows: readonly number[]): RenderedRows {
    const fills = this.model.fills;
    const stale = rows.filter((r) => text.written[r] !== fills);
    if (stale.length === 0) return text;
    const out = new JsonBytes(stale.length * 5 * this.c);
    out.cellRows(values, stale, this.c, text.at);
    const b = out.done();
    const bytes = new Uint8Array(b.buffer, b.byteOffset, b.length);
    // Rows left from an earlier fill let go of their text: only this fill's text stays alive.
    for (let r = 0; r < text.written.length; r++) if (text.written[r] !== fills) text.bytes[r] = undefined;
    for (const r of stale) { text.bytes[r] = bytes; text.written[r] = fills; }
    return text;
  }
}

const caches = new WeakMap<TrafficModel, RenderedCounts>();

/** The model's text (made on first use; `maxCells` then: tests make a small ring act like a big one). */
export function renderedCounts(model: TrafficModel, maxCells = COUNT_TEXT_MAX_CELLS): RenderedCounts {
  let cache = caches.get(model);
  if (!cache) { cache = new RenderedCounts(model, maxCells); caches.set(model, cache); }
  return cache;
}
