// elastickv's per-cell write rule (contract §5.4 ADD_WRITE / RESOLVE_WRITE / HAS_CONFLICT).
import type { MergedRow } from './types';

/**
 * Per-cell write state, in flat scratch arrays reused for every cell (at most one identity
 * per contributor, so a linear scan over a handful of entries beats a Map).
 */
export class WriteCell {
  readonly keyGroup: Float64Array;
  readonly keyTerm: Float64Array;
  readonly keyValue: Float64Array;
  keys = 0;
  termConflict = false;
  unknown = false;
  fbMax = 0;
  fbFirst = 0;
  fbDistinct = false;
  lastGroup = 0;
  lastTerm = 0;

  constructor(maxContributors: number) {
    this.keyGroup = new Float64Array(maxContributors);
    this.keyTerm = new Float64Array(maxContributors);
    this.keyValue = new Float64Array(maxContributors);
  }

  reset(): void {
    this.keys = 0;
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
    for (let k = 0; k < this.keys; k++) {
      if (this.keyGroup[k] === g && this.keyTerm[k] === t) {
        if (this.keyValue[k] !== v) {
          this.termConflict = true;
          if (v > this.keyValue[k]!) this.keyValue[k] = v;
        }
        return;
      }
    }
    this.keyGroup[this.keys] = g;
    this.keyTerm[this.keys] = t;
    this.keyValue[this.keys] = v;
    this.keys++;
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
  let sum = 0;
  let best = -1;
  for (let k = 0; k < cell.keys; k++) {
    sum += cell.keyValue[k]!;
    if (best < 0 || cell.keyValue[k]! > cell.keyValue[best]!) best = k; // ties: first seen wins
  }
  out.values[j] = sum;
  out.groups![j] = best < 0 ? 0 : cell.keyGroup[best]!;
  out.terms![j] = best < 0 ? 0 : cell.keyTerm[best]!;
  if (cell.termConflict) markConflict(out, j);
}

export function markConflict(out: MergedRow, j: number): void {
  out.conflicts ??= new Uint8Array(out.values.length);
  out.conflicts[j] = 1;
}
