// Growable typed arrays the scanner writes numbers into as they arrive (no JS array of numbers).
// Elements are checked at the end with parse.ts's own checks (checkUint, checkInt64), in index
// order, so errors and warnings are those of parseNodeMatrix.
import { checkInt64, checkUint, type Ctx, type NumberList } from '../parse';
import type { UintArray } from '../types';

/** Where the scanner puts the elements of a numeric array. */
export interface NumberSink {
  readonly length: number;
  push(v: number): void;
  /** A non-number element: kept (the first only) for the error message. */
  other(v: unknown): void;
}

const exact = <T extends Uint32Array | Float64Array>(a: T, n: number): T => (a.length === n ? a : (a.slice(0, n) as T));

/** Capacity to allocate next: doubling, never past the cap. */
const nextRoom = (room: number, cap: number): number => Math.min(cap, Math.max(16, room * 2));

/** A sink that keeps its first non-number element (and where it was) for the check at the end. */
abstract class CheckedSink implements NumberSink {
  length = 0;
  protected badAt = -1;
  protected bad: unknown;

  abstract push(v: number): void;

  other(v: unknown): void {
    if (this.badAt < 0) {
      this.badAt = this.length;
      this.bad = v;
    }
    this.push(0);
  }
}

/**
 * uint64 counters or ids: a Uint32Array while every element fits, a Float64Array from the first that
 * does not (parse.ts's uintArray makes the same choice). `cap`: the most elements allowed; one more
 * calls `refuse`, which throws.
 */
export class UintBuilder extends CheckedSink implements NumberList {
  private narrow: Uint32Array;
  private wide: Float64Array | null = null;
  private room: number;

  constructor(hint: number, private readonly cap: number, private readonly refuse: (n: number) => never) {
    super();
    this.room = Math.min(Math.max(hint, 1), cap);
    this.narrow = new Uint32Array(this.room);
  }

  push(v: number): void {
    const i = this.length;
    if (i === this.room) this.grow();
    if (this.wide === null && (v >>> 0) === v) this.narrow[i] = v;
    else this.pushWide(v, i);
    this.length = i + 1;
  }

  private pushWide(v: number, i: number): void {
    if (this.wide === null) {
      this.wide = new Float64Array(this.room);
      this.wide.set(this.narrow.subarray(0, i));
      this.narrow = new Uint32Array(0);
    }
    this.wide[i] = v;
  }

  private grow(): void {
    if (this.length >= this.cap) this.refuse(this.length + 1);
    this.room = nextRoom(this.room, this.cap);
    if (this.wide) {
      const w = new Float64Array(this.room);
      w.set(this.wide);
      this.wide = w;
    } else {
      const u = new Uint32Array(this.room);
      u.set(this.narrow);
      this.narrow = u;
    }
  }

  uints(field: string, ctx: Ctx): UintArray {
    const n = this.length;
    const wide = this.wide;
    if (wide === null && this.badAt < 0) return exact(this.narrow, n);
    for (let i = 0; i < n; i++) {
      if (i === this.badAt) checkUint(this.bad, `${field}[${i}]`, ctx); // throws: not a number
      else if (wide && (wide[i]! >>> 0) !== wide[i]) checkUint(wide[i], `${field}[${i}]`, ctx);
    }
    return wide ? exact(wide, n) : exact(this.narrow, n);
  }
}

/** Room for column times before the first growth (a capacity, not a bound: the cap is AnswerLimits'). */
const FIRST_COLUMNS_ROOM = 1440;

/** Column times (int64 milliseconds): a Float64Array, as parse.ts builds it. */
export class Int64Builder extends CheckedSink {
  private data: Float64Array;

  constructor(private readonly cap: number, private readonly refuse: (n: number) => never) {
    super();
    this.data = new Float64Array(Math.min(cap, FIRST_COLUMNS_ROOM));
  }

  push(v: number): void {
    const i = this.length;
    if (i === this.data.length) this.grow();
    this.data[i] = v;
    this.length = i + 1;
  }

  private grow(): void {
    if (this.length >= this.cap) this.refuse(this.length + 1);
    const d = new Float64Array(nextRoom(this.data.length, this.cap));
    d.set(this.data);
    this.data = d;
  }

  columns(ctx: Ctx): Float64Array {
    const n = this.length;
    for (let i = 0; i < n; i++) checkInt64(i === this.badAt ? this.bad : this.data[i], i, ctx);
    return exact(this.data, n);
  }
}
