// The shaped view's write rule. elastickv never aligns columns, so its same-(group, term) max rule
// only ever meets contributions of one flush time. After alignment one slot holds several nodes'
// flushes, and at a leadership change the new leader's first column can still carry the old term
// (the term is published on its own timer): two nodes then report one (group, term) in one slot,
// and both counts are real writes (elastickv counts each write on one node only). So: elastickv's
// rule within each exact flush time, and the results added across flush times. A slot's value is
// then exactly the sum of the elastickv cells it holds: alignment never changes a row's total.
import type { Source } from './canonical';
import type { RowCounts } from './row-counts';
import type { MergedRow } from './types';
import { KeyTable, markConflict, WriteCell } from './write-cell';

/** Up to this many contributions, a cell is grouped by pairwise scan (no allocation beyond the arrays). */
const SMALL = 8;

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
  private readonly keys: KeyTable;
  private readonly exact: WriteCell;

  constructor(maxContributors: number) {
    this.v = new Float64Array(maxContributors);
    this.g = new Float64Array(maxContributors);
    this.t = new Float64Array(maxContributors);
    this.ts = new Float64Array(maxContributors);
    this.node = new Int32Array(maxContributors);
    this.done = new Uint8Array(maxContributors);
    this.keys = new KeyTable(maxContributors);
    this.exact = new WriteCell(maxContributors);
  }

  reset(): void {
    this.n = 0;
    this.keys.reset();
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
    const k = this.keys.find(g, t);
    if (k < 0) this.keys.push(g, t, v);
    else this.keys.value[k]! += v;
  }

  resolve(out: MergedRow, j: number): void {
    if (this.n === 2) { this.resolvePair(out, j); return; }
    if (this.n > SMALL) { this.resolveMany(out, j); return; }
    // Few contributions: grouped by flush time by pairwise scan, in first-seen order, without
    // allocating (ts equality is transitive: a contribution not yet taken starts its own time).
    const n = this.n;
    let sum = 0;
    let conflict = false;
    for (let a = 0; a < n; a++) this.done[a] = 0; // (a builtin fill call costs more than the cell)
    for (let a = 0; a < n; a++) {
      if (this.done[a]) continue;
      let same = false;
      for (let b = a + 1; b < n; b++) if (this.ts[b] === this.ts[a]) { same = true; break; }
      if (!same) {
        sum += this.v[a]!;
        this.addKey(this.g[a]!, this.t[a]!, this.v[a]!);
        continue;
      }
      const c = this.exact;
      c.reset();
      c.add(this.v[a]!, this.g[a]!, this.t[a]!);
      for (let b = a + 1; b < n; b++) {
        if (this.ts[b] === this.ts[a]) { c.add(this.v[b]!, this.g[b]!, this.t[b]!); this.done[b] = 1; }
      }
      sum += this.exactInto(c);
      conflict ||= c.unknown ? c.fbDistinct : c.termConflict;
    }
    this.finish(out, j, sum, conflict);
  }

  /**
   * Two contributions (most shared cells: the leader and one other node): the rule above worked
   * out for a pair, without the tables (the property test holds it to the general path).
   */
  private resolvePair(out: MergedRow, j: number): void {
    const va = this.v[0]!;
    const vb = this.v[1]!;
    const ga = this.g[0]!;
    const gb = this.g[1]!;
    const ta = this.t[0]!;
    const tb = this.t[1]!;
    const sameKey = ga === gb && ta === tb;
    const oneFlush = this.ts[0] === this.ts[1];
    // Which one's identity the slot takes: the larger value, ties to the first seen ...
    let b = vb > va;
    let value = va + vb;
    let conflict = false;
    if (oneFlush && (ga === 0 || ta === 0 || gb === 0 || tb === 0)) {
      // ... but elastickv's legacy max within one flush: the larger, ties to the later; differing values conflict.
      b = vb >= va;
      value = b ? vb : va;
      conflict = va !== vb;
    } else if (oneFlush && sameKey) {
      value = va > vb ? va : vb; // one (group, term) in one flush: the max, and a conflict when they differ
      conflict = va !== vb;
    }
    if (conflict) markConflict(out, j);
    out.values[j] = value;
    out.groups![j] = b ? gb : ga;
    out.terms![j] = b ? tb : ta;
    if (!conflict && ga !== 0 && ga === gb && this.node[0] !== this.node[1] && (!oneFlush || ta !== tb)) {
      out.handovers ??= new Uint8Array(out.values.length);
      out.handovers[j] = 1;
    }
  }

  /** Many contributions (a node may send any): grouped by flush time through a map, in first-seen order. */
  private resolveMany(out: MergedRow, j: number): void {
    let sum = 0;
    let conflict = false;
    const by = new Map<number, number[]>();
    for (let a = 0; a < this.n; a++) (by.get(this.ts[a]!) ?? by.set(this.ts[a]!, []).get(this.ts[a]!)!).push(a);
    for (const members of by.values()) {
      const c = this.exact;
      c.reset();
      for (const b of members) c.add(this.v[b]!, this.g[b]!, this.t[b]!);
      sum += this.exactInto(c);
      conflict ||= c.unknown ? c.fbDistinct : c.termConflict;
    }
    this.finish(out, j, sum, conflict);
  }

  /** One flush time's contributions resolved by elastickv's rule and added to the slot's keys; their value. */
  private exactInto(c: WriteCell): number {
    if (c.unknown) {
      this.addKey(c.lastGroup, c.lastTerm, c.fbMax);
      return c.fbMax;
    }
    let sum = 0;
    for (let k = 0; k < c.keys.size; k++) { sum += c.keys.value[k]!; this.addKey(c.keys.group[k]!, c.keys.term[k]!, c.keys.value[k]!); }
    return sum;
  }

  private finish(out: MergedRow, j: number, sum: number, conflict: boolean): void {
    const n = this.n;
    if (conflict) markConflict(out, j);
    const best = this.keys.best();
    out.values[j] = sum;
    out.groups![j] = best < 0 ? 0 : this.keys.group[best]!;
    out.terms![j] = best < 0 ? 0 : this.keys.term[best]!;
    // Two nodes counted writes of one group in this slot and both counts were added (other flush
    // times, or other terms): its leadership changed here. A disagreement is a conflict instead.
    if (!conflict && n > 1 && this.sharedGroup()) {
      out.handovers ??= new Uint8Array(out.values.length);
      out.handovers[j] = 1;
    }
  }

  /**
   * Some group was counted by two nodes at different flush times or under different terms (their
   * counts were added). One node has one flush time per slot, so that is: two nodes or more, and
   * not every contribution of the group at one (flush time, term).
   */
  private sharedGroup(): boolean {
    const n = this.n;
    if (n <= SMALL) {
      for (let a = 0; a < n; a++) {
        if (this.g[a] === 0) continue;
        for (let b = a + 1; b < n; b++) {
          if (this.g[b] === this.g[a] && this.node[b] !== this.node[a] && (this.ts[b] !== this.ts[a] || this.t[b] !== this.t[a])) return true;
        }
      }
      return false;
    }
    const seen = new Map<number, { node: number; ts: number; t: number; nodes: boolean; varied: boolean }>();
    for (let a = 0; a < n; a++) {
      const g = this.g[a]!;
      if (g === 0) continue;
      const f = seen.get(g);
      if (!f) { seen.set(g, { node: this.node[a]!, ts: this.ts[a]!, t: this.t[a]!, nodes: false, varied: false }); continue; }
      f.nodes ||= this.node[a] !== f.node;
      f.varied ||= this.ts[a] !== f.ts || this.t[a] !== f.t;
      if (f.nodes && f.varied) return true;
    }
    return false;
  }
}

export function mergeShapedWriteRow(out: MergedRow, src: readonly Source[], cell: SlotCell, counts: RowCounts): void {
  const width = out.values.length;
  counts.fill(src, out); // cells counted once are written: nothing to resolve, no hand-over
  const count = counts.count;
  for (let j = 0; j < width; j++) {
    if (count[j]! < 2) continue;
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
