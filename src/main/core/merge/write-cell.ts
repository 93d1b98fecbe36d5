// elastickv's per-cell write rule (contract §5.4 ADD_WRITE / RESOLVE_WRITE / HAS_CONFLICT).
import type { MergedRow } from './types';

/** Up to this many (group, term) keys a cell scans them; past it, a Map (a node may send any). */
const SCAN_KEYS = 8;

/** A cell's (group, term) → value table, in flat scratch arrays reused for every cell. */
export class KeyTable {
  readonly group: Float64Array;
  readonly term: Float64Array;
  readonly value: Float64Array;
  size = 0;
  private index: Map<string, number> | null = null;

  constructor(max: number) {
    this.group = new Float64Array(max);
    this.term = new Float64Array(max);
    this.value = new Float64Array(max);
  }

  reset(): void {
    this.size = 0;
    this.index = null;
  }

  /** The position of (g, t), or -1. */
  find(g: number, t: number): number {
    if (this.index) return this.index.get(`${g}/${t}`) ?? -1;
    for (let k = 0; k < this.size; k++) if (this.group[k] === g && this.term[k] === t) return k;
    return -1;
  }

  push(g: number, t: number, v: number): void {
    const k = this.size++;
    this.group[k] = g;
    this.term[k] = t;
    this.value[k] = v;
    if (this.index) this.index.set(`${g}/${t}`, k);
    else if (this.size > SCAN_KEYS) {
      this.index = new Map();
      for (let i = 0; i < this.size; i++) this.index.set(`${this.group[i]}/${this.term[i]}`, i);
    }
  }

  /** The position holding the largest value (ties: first seen), or -1 when empty. */
  best(): number {
    let best = -1;
    for (let k = 0; k < this.size; k++) if (best < 0 || this.value[k]! > this.value[best]!) best = k;
    return best;
  }
}

/**
 * Per-cell write state, in flat scratch arrays reused for every cell (at most one identity
 * per contributor).
 */
export class WriteCell {
  readonly keys: KeyTable;
  termConflict = false;
  unknown = false;
  fbMax = 0;
  fbFirst = 0;
  fbDistinct = false;
  lastGroup = 0;
  lastTerm = 0;

  constructor(maxContributors: number) {
    this.keys = new KeyTable(maxContributors);
  }

  reset(): void {
    this.keys.reset();
    this.termConflict = false;
    this.unknown = false;
    this.fbMax = 0;
    this.fbFirst = 0;
    this.fbDistinct = false;
    this.lastGroup = 0;
    this.lastTerm = 0;
  }

  add(v: number, g: number, t: number): void {
    if (v === 0) return; // zeros are ignored entirely
    if (v >= this.fbMax) { this.fbMax = v; this.lastGroup = g; this.lastTerm = t; } // ties → later source
    if (this.fbFirst === 0) this.fbFirst = v;
    else if (this.fbFirst !== v) this.fbDistinct = true; // compared with the first non-zero only
    if (g === 0 || t === 0) { this.unknown = true; return; }
    const keys = this.keys;
    const k = keys.find(g, t);
    if (k < 0) { keys.push(g, t, v); return; }
    if (keys.value[k] !== v) {
      this.termConflict = true;
      if (v > keys.value[k]!) keys.value[k] = v;
    }
  }
}

export function resolveWrite(out: MergedRow, j: number, cell: WriteCell): void {
  if (cell.unknown) {
    // Legacy max-merge: a non-zero contributor without identity poisons the whole cell.
    out.values[j] = cell.fbMax;
    out.groups![j] = cell.lastGroup;
    out.terms![j] = cell.lastTerm;
    if (cell.fbDistinct) markConflict(out, j);
    return;
  }
  const keys = cell.keys;
  let sum = 0;
  for (let k = 0; k < keys.size; k++) sum += keys.value[k]!;
  const best = keys.best();
  out.values[j] = sum;
  out.groups![j] = best < 0 ? 0 : keys.group[best]!;
  out.terms![j] = best < 0 ? 0 : keys.term[best]!;
  if (cell.termConflict) markConflict(out, j);
}

export function markConflict(out: MergedRow, j: number): void {
  out.conflicts ??= new Uint8Array(out.values.length);
  out.conflicts[j] = 1;
}
