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

/** The first block a Slab takes; each next one twice the last, up to SLAB_MAX. */
const SLAB_FIRST = 64 * 1024;
const SLAB_MAX = 4 * 1024 * 1024;

/**
 * Memory for one answer's lists, carved out of a few large buffers: an ArrayBuffer per list
 * (three per row, thousands per answer) cost an allocation and external-memory accounting each
 * (which runs the GC), and a transfer each when a worker hands the matrix over. A block is freed
 * when every list in it is (they all belong to one matrix). A list that outgrows its room moves
 * on, leaving its old room unused: at most what the doubling leaves anyway.
 */
export class Slab {
  private block: ArrayBuffer | null = null;
  private used = 0;
  private next = SLAB_FIRST;

  uint32(n: number): Uint32Array {
    const { buffer, offset } = this.take(n * 4);
    return new Uint32Array(buffer, offset, n);
  }

  float64(n: number): Float64Array {
    const { buffer, offset } = this.take(n * 8);
    return new Float64Array(buffer, offset, n);
  }

  private take(bytes: number): { buffer: ArrayBuffer; offset: number } {
    // A list the size of a block or more gets a buffer of its own (nothing wasted around it).
    if (bytes >= SLAB_MAX) return { buffer: new ArrayBuffer(bytes), offset: 0 };
    const at = (this.used + 7) & ~7; // doubles need 8-byte alignment
    if (this.block === null || at + bytes > this.block.byteLength) {
      this.block = new ArrayBuffer(Math.max(this.next, bytes));
      this.next = Math.min(SLAB_MAX, this.next * 2);
      this.used = bytes;
      return { buffer: this.block, offset: 0 };
    }
    this.used = at + bytes;
    return { buffer: this.block, offset: at };
  }
}

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

  private constructor(room: number, times: boolean, private readonly cap: number, private readonly refuse: (n: number) => never,
    private readonly slab: Slab) {
    this.room = room;
    this.narrow = times ? NO_ELEMENTS : slab.uint32(room);
    this.wide = times ? slab.float64(room) : null;
  }

  /** A uint64 list; `hint`: the room to start with (its likely length); `slab`: the answer's memory. */
  static uints(hint: number, cap: number, refuse: (n: number) => never, slab: Slab): NumberBuilder {
    return new NumberBuilder(Math.min(Math.max(hint, 1), cap), false, cap, refuse, slab);
  }

  /** Column times. */
  static times(cap: number, refuse: (n: number) => never, slab: Slab): NumberBuilder {
    return new NumberBuilder(Math.min(cap, FIRST_COLUMNS_ROOM), true, cap, refuse, slab);
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
    const w = this.slab.float64(this.room);
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
      const w = this.slab.float64(this.room);
      w.set(this.wide);
      this.wide = w;
    } else {
      const u = this.slab.uint32(this.room);
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
