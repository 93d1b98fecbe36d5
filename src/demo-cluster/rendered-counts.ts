// The ring's counts pre-written as JSON text, so an answer copies a leader's run of columns instead
// of formatting it cell by cell: every bucket's reads and writes and every node's flush times ("v,"
// per ring slot, in the ring's own bucket × slot order, with where each starts), and which slots a
// bucket counted anything in. A ring fill touches every bucket, so it makes all of it stale; the next
// answer writes it again. Each is one long loop over the whole ring, not one call per row, so V8
// optimises it while it runs (on-stack replacement) even the first time: the cluster writes it all at
// start, right after filling the ring, and a Demo's first answer is mostly copies.
import { JsonBytes } from './json-bytes';
import { RING_SLACK, type TrafficModel } from './traffic';

/**
 * Numbers as text, row after row of `c` slots: slot s of row r is bytes[at[r·c + s], at[r·c + s + 1]),
 * comma included. A plain Uint8Array, not a Buffer: its views are cheap to make.
 */
export interface RenderedRows {
  bytes: Uint8Array;
  at: Uint32Array;
}

/** What the text of one bucket-slot takes, as budgeted: two counts of up to 7 digits, a comma and a start each, a flag. */
const BYTES_PER_BUCKET_SLOT = 2 * (8 + 4) + 1;
/** And of one node-slot: a 13-digit time, a comma, a start. */
const BYTES_PER_NODE_SLOT = 14 + 4;

export class RenderedCounts {
  private fills = -1;
  private text: { reads: RenderedRows; writes: RenderedRows; times: RenderedRows; active: Uint8Array } | null = null;

  constructor(private readonly model: TrafficModel) {}

  /** Bytes this takes once written for a ring of `ringColumns` (+ slack), counted in a cluster's memory budget. */
  static bytes(buckets: number, nodes: number, ringColumns: number): number {
    return (buckets * BYTES_PER_BUCKET_SLOT + nodes * BYTES_PER_NODE_SLOT) * (ringColumns + RING_SLACK);
  }

  /** Write everything now (at start: the ring was just filled), and the model's lead runs too. */
  prime(): void {
    this.current();
    this.model.primeLeadRuns();
  }

  /** Every bucket's reads (or writes), as rows by bucket. */
  counts(writes: boolean): RenderedRows {
    const t = this.current();
    return writes ? t.writes : t.reads;
  }

  /** By bucket × slot: 1 where the bucket has any cluster-wide count. */
  active(): Uint8Array {
    return this.current().active;
  }

  /** Every node's flush times, as rows by node. */
  times(): RenderedRows {
    return this.current().times;
  }

  private current(): NonNullable<RenderedCounts['text']> {
    if (this.text && this.fills === this.model.fills) return this.text;
    const m = this.model;
    const ringR = m.ringReads;
    const ringW = m.ringWrites;
    const active = this.text?.active ?? new Uint8Array(ringR.length);
    for (let x = 0; x < ringR.length; x++) active[x] = ringR[x] !== 0 || ringW[x] !== 0 ? 1 : 0;
    this.text = {
      reads: render(ringR, this.text?.reads),
      writes: render(ringW, this.text?.writes),
      times: render(m.flushTimes, this.text?.times),
      active,
    };
    this.fills = m.fills;
    return this.text;
  }
}

function render(values: Float64Array, old: RenderedRows | undefined): RenderedRows {
  const out = new JsonBytes(old ? old.bytes.length + 1024 : 4 * values.length);
  const at = old?.at ?? new Uint32Array(values.length + 1);
  out.cells(values, 0, values.length, at);
  const b = out.done();
  return { bytes: new Uint8Array(b.buffer, b.byteOffset, b.length), at };
}

const caches = new WeakMap<TrafficModel, RenderedCounts>();

/** The model's text (made on first use). */
export function renderedCounts(model: TrafficModel): RenderedCounts {
  let cache = caches.get(model);
  if (!cache) { cache = new RenderedCounts(model); caches.set(model, cache); }
  return cache;
}
