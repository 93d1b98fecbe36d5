// The shaped view's write rule. elastickv never aligns columns, so its same-(group, term) max rule
// only ever meets contributions of one flush time. After alignment one slot holds several nodes'
// flushes, and at a leadership change the new leader's first column can still carry the old term
// (the term is published on its own timer): two nodes then report one (group, term) in one slot,
// and both counts are real writes (elastickv counts each write on one node only). So: elastickv's
// rule within each exact flush time, and the results added across flush times. A slot's value is
// then exactly the sum of the elastickv cells it holds: alignment never changes a row's total.
import type { Source } from './canonical';
import type { MergedRow } from './types';
import { markConflict, WriteCell } from './write-cell';

/** One slot's non-zero write contributions, in flat scratch arrays reused for every cell. */
export class SlotCell {
  private n = 0;
  private readonly v: Float64Array;
  private readonly g: Float64Array;
  private readonly t: Float64Array;
  private readonly ts: Float64Array;
  private readonly node: Int32Array;
  private readonly done: Uint8Array;
  /** Per (group, term): the value summed over the slot's flush times. */
  private keys = 0;
  private readonly keyG: Float64Array;
  private readonly keyT: Float64Array;
  private readonly keyV: Float64Array;
  private readonly exact: WriteCell;

  constructor(maxContributors: number) {
    this.v = new Float64Array(maxContributors);
    this.g = new Float64Array(maxContributors);
    this.t = new Float64Array(maxContributors);
    this.ts = new Float64Array(maxContributors);
    this.node = new Int32Array(maxContributors);
    this.done = new Uint8Array(maxContributors);
    this.keyG = new Float64Array(maxContributors);
    this.keyT = new Float64Array(maxContributors);
    this.keyV = new Float64Array(maxContributors);
    this.exact = new WriteCell(maxContributors);
  }

  reset(): void {
    this.n = 0;
    this.keys = 0;
  }

  add(v: number, g: number, t: number, ts: number, node: number): void {
    const k = this.n++;
    this.v[k] = v;
    this.g[k] = g;
    this.t[k] = t;
    this.ts[k] = ts;
    this.node[k] = node;
  }

  private addKey(g: number, t: number, v: number): void {
    for (let k = 0; k < this.keys; k++) {
      if (this.keyG[k] === g && this.keyT[k] === t) { this.keyV[k]! += v; return; }
    }
    this.keyG[this.keys] = g;
    this.keyT[this.keys] = t;
    this.keyV[this.keys] = v;
    this.keys++;
  }

  resolve(out: MergedRow, j: number): void {
    const n = this.n;
    let sum = 0;
    let collide = false;
    for (let a = 0; a < n && !collide; a++) for (let b = a + 1; b < n; b++) if (this.ts[a] === this.ts[b]) { collide = true; break; }
    if (!collide) {
      // The common case (nodes flush milliseconds apart): one contribution per flush time.
      for (let a = 0; a < n; a++) { sum += this.v[a]!; this.addKey(this.g[a]!, this.t[a]!, this.v[a]!); }
    } else {
      this.done.fill(0, 0, n);
      for (let a = 0; a < n; a++) {
        if (this.done[a]) continue;
        const c = this.exact;
        c.reset();
        for (let b = a; b < n; b++) {
          if (this.ts[b] !== this.ts[a]) continue;
          this.done[b] = 1;
          c.add(this.v[b]!, this.g[b]!, this.t[b]!);
        }
        if (c.unknown) {
          sum += c.fbMax;
          this.addKey(c.lastGroup, c.lastTerm, c.fbMax);
          if (c.fbDistinct) markConflict(out, j);
        } else {
          for (let k = 0; k < c.keys; k++) { sum += c.keyValue[k]!; this.addKey(c.keyGroup[k]!, c.keyTerm[k]!, c.keyValue[k]!); }
          if (c.termConflict) markConflict(out, j);
        }
      }
    }
    let best = -1;
    for (let k = 0; k < this.keys; k++) if (best < 0 || this.keyV[k]! > this.keyV[best]!) best = k; // ties: first seen
    out.values[j] = sum;
    out.groups![j] = best < 0 ? 0 : this.keyG[best]!;
    out.terms![j] = best < 0 ? 0 : this.keyT[best]!;
    // Two nodes counted writes of one group in this slot: its leadership changed here.
    for (let a = 0; a < n; a++) {
      if (this.g[a] === 0) continue;
      for (let b = a + 1; b < n; b++) {
        if (this.g[b] === this.g[a] && this.node[b] !== this.node[a]) {
          out.handovers ??= new Uint8Array(out.values.length);
          out.handovers[j] = 1;
          return;
        }
      }
    }
  }
}

export function mergeShapedWriteRow(out: MergedRow, src: readonly Source[], cell: SlotCell): void {
  const width = out.values.length;
  for (let j = 0; j < width; j++) {
    cell.reset();
    for (const s of src) {
      const i = s.inv[j]!;
      if (i < 0 || i >= s.len) continue;
      const v = s.values[i]!;
      if (v === 0) continue; // zeros are ignored entirely, as in elastickv
      cell.add(v, i < s.groups.length ? s.groups[i]! : 0, i < s.terms.length ? s.terms[i]! : 0, s.exact[i]!, s.node);
    }
    cell.resolve(out, j);
  }
}
