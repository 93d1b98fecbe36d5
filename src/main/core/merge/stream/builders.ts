// Growable typed arrays the scanner writes numbers into as they arrive (no JS array of numbers).
// Elements are checked at the end with parse.ts's own checks (checkUint, checkInt64), in index
// order, so errors and warnings are those of parseNodeMatrix. One class for every numeric field
// (column times and uint64 lists alike), so the scanner's hot loop writes into its arrays
// directly and its call sites stay monomorphic.
import { checkInt64, checkUint, type Ctx, type NumberList } from '../parse';
import type { UintArray } from '../types';

const exact = <T extends Uint32Array | Float64Array>(a: T, n: number): T => (a.length === n ? a : (a.slice(0, n) as T));

/** Capacity to allocate next: doubling, never past the cap. */
const nextRoom = (room: number, cap: number): number => Math.min(cap, Math.max(16, room * 2));

/** Room for column times before the first growth (a capacity, not a bound: the cap is AnswerLimits'). */
const FIRST_COLUMNS_ROOM = 1440;

const NO_ELEMENTS = new Uint32Array(0);

/**
 * The elements of one numeric array. uint64 counters or ids: a Uint32Array while every element
 * fits, a Float64Array from the first that does not (parse.ts's uintArray makes the same choice);
 * column times (int64 ms): a Float64Array from the start. `cap`: the most elements allowed; one
 * more calls `refuse`, which throws. The scanner may write `narrow` / `wide` below `room` itself,
 * then set `length` (see JsonTokenizer.fastNumbers).
 */
export class NumberBuilder implements NumberList {
  length = 0;
  /** Capacity of the array being written. */
  room: number;
  /** The elements while all fit a uint32 (uint64 lists only); empty once `wide` is used. */
  narrow: Uint32Array;
  wide: Float64Array | null;
  private badAt = -1;
  private bad: unknown;

  private constructor(room: number, times: boolean, private readonly cap: number, private readonly refuse: (n: number) => never) {
    this.room = room;
    this.narrow = times ? NO_ELEMENTS : new Uint32Array(room);
    this.wide = times ? new Float64Array(room) : null;
  }

  /** A uint64 list; `hint`: the room to start with (its likely length). */
  static uints(hint: number, cap: number, refuse: (n: number) => never): NumberBuilder {
    return new NumberBuilder(Math.min(Math.max(hint, 1), cap), false, cap, refuse);
  }

  /** Column times. */
  static times(cap: number, refuse: (n: number) => never): NumberBuilder {
    return new NumberBuilder(Math.min(cap, FIRST_COLUMNS_ROOM), true, cap, refuse);
  }

  push(v: number): void {
    const i = this.length;
    if (i === this.room) this.grow();
    if (this.wide !== null) this.wide[i] = v;
    else if ((v >>> 0) === v) this.narrow[i] = v;
    else this.widen(i)[i] = v;
    this.length = i + 1;
  }

  /** A non-number element: kept (the first only) for the error message at the end. */
  other(v: unknown): void {
    if (this.badAt < 0) {
      this.badAt = this.length;
      this.bad = v;
    }
    this.push(0);
  }

  /** From element `i` on, doubles: the first `i` elements copied over. */
  widen(i: number): Float64Array {
    const w = new Float64Array(this.room);
    w.set(this.narrow.subarray(0, i));
    this.wide = w;
    this.narrow = NO_ELEMENTS;
    return w;
  }

  /** More room (called with `length === room`), or the cap's refusal. */
  grow(): void {
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

  /** Column times, checked. */
  columns(ctx: Ctx): Float64Array {
    const n = this.length;
    const data = this.wide!;
    for (let i = 0; i < n; i++) checkInt64(i === this.badAt ? this.bad : data[i], i, ctx);
    return exact(data, n);
  }
}
