// An opened file's object graph, sent in bounded chunks and rebuilt a chunk at a time, so the
// receiving thread never spends more than a few milliseconds at once on it. One structured clone
// of a 3-node, 1024-row view costs the main thread ~80 ms (14 k typed arrays, 5 k objects); a
// hostile file's million rows, seconds.
//
// Items are numbered in post-order (children before parents, shared objects once). An item is
// either a leaf, cloned as it is (primitives-only objects and arrays, ArrayBuffers, which are
// transferred, anything exotic), or a shell: one array `[shape, ...values]` whose ref positions
// hold item numbers; long arrays, Maps and Sets come in pieces. Small typed arrays are copied
// into one buffer per chunk (thousands of transferred ArrayBuffers cost the receiver several
// times what views on one do), each into bytes of its own. Large ones move with their buffer.

/** Shapes below FIRST_OBJECT_SHAPE are built in; the rest are object key lists, sent once. */
const ARRAY = 0;
const MIXED_ARRAY = 1;
const MAP = 2;
const SET = 3;
const VIEW = 4;
/** Part of a long array, Map or Set: `[PIECE, previous piece or -1, container, length, start, refs, ...values]`. */
const PIECE = 5;
const FIRST_OBJECT_SHAPE = 6;
/** What an item is (Chunk.shells). */
const LEAF = 0;
const SHELL = 1;
const PACKED = 2;
/** Entries per piece (a Map entry counts two: even, so no entry is split). */
const PIECE_LEN = 2048;
const CONTAINERS = ['array', 'map', 'set'] as const;

/** Typed arrays up to this size are packed; a chunk's pack is sent once it reaches PACK_LIMIT. */
const PACK_MAX = 1 << 20;
const PACK_LIMIT = 32 << 20;

type ViewType = new (buffer: ArrayBufferLike, byteOffset: number, length: number) => ArrayBufferView;
const VIEW_TYPES: readonly ViewType[] = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
  Float32Array, Float64Array, BigInt64Array, BigUint64Array, DataView];

/** An object's keys and which of its values are item refs. */
type Shape = [keys: string[], refs: number[]];

export interface Chunk {
  /** Object shapes first used in this chunk, numbered on from the last chunk's. */
  shapes: Shape[];
  items: unknown[];
  /**
   * Per item: 0 = leaf, 1 = shell, 2 = packed typed array (the item is its row in `views`). Plain
   * arrays, not typed ones: a backing store allocated here while the packs' bytes pile up makes
   * V8 collect at once ("external memory pressure"; measured: up to 3x the longest stall).
   */
  shells: number[];
  /** The bytes of this chunk's packed typed arrays. */
  pack: ArrayBuffer | null;
  /** Per packed typed array: its type, offset in `pack` and length (no object per array to clone). */
  views: number[];
}

/** A chunk's weight (about one per object or typed array): a few ms to clone and rebuild (measured, test/main/open-stall.test.ts). */
const DEFAULT_BUDGET = 400;

const isObject = (v: unknown): v is object => typeof v === 'object' && v !== null;
/** Packed arrays start on 8-byte boundaries (a Float64Array's alignment). */
const align = (n: number): number => Math.ceil(n / 8) * 8;

function viewType(v: ArrayBufferView): number {
  const i = VIEW_TYPES.findIndex((C) => v instanceof C);
  if (i < 0) throw new TypeError(`cannot send a ${v.constructor.name}`);
  return i;
}

function isPlain(v: object): boolean {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** What an object refers to (what structured clone would follow), or null for a leaf kind. */
function childrenOf(v: object): unknown[] | null {
  if (Array.isArray(v)) return v;
  if (v instanceof Map) return [...v.keys(), ...v.values()];
  if (v instanceof Set) return [...v];
  return isPlain(v) ? Object.values(v) : null;
}

/**
 * The graph under `root` as chunks of about `budget` weight each, with the ArrayBuffers each
 * chunk moves. The root is the last item. Cycles are refused (an opened file has none).
 */
export function* encodeGraph(root: object, budget = DEFAULT_BUDGET): Generator<{ chunk: Chunk; transfer: ArrayBuffer[] }> {
  const ids = new Map<object, number>();
  const shapeIds = new Map<string, number>();
  let nextShape = FIRST_OBJECT_SHAPE;
  let items: unknown[] = [];
  let shells: number[] = [];
  let shapes: Shape[] = [];
  let transfer: ArrayBuffer[] = [];
  let weight = 0;
  let next = 0;
  let packed: ArrayBufferView[] = [];
  let packBytes = 0;
  let views: number[] = [];
  const flush = (): { chunk: Chunk; transfer: ArrayBuffer[] } => {
    let pack: ArrayBuffer | null = null;
    if (packed.length > 0) {
      pack = new ArrayBuffer(packBytes);
      let at = 0;
      for (const v of packed) {
        new Uint8Array(pack, at, v.byteLength).set(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
        at += align(v.byteLength);
      }
      transfer.push(pack);
    }
    const out = { chunk: { shapes, items, shells, pack, views }, transfer };
    items = []; shells = []; shapes = []; transfer = []; weight = 0; packed = []; packBytes = 0; views = [];
    return out;
  };
  /** Chunks full and waiting to be yielded (a long array's pieces may fill several). */
  const ready: Array<{ chunk: Chunk; transfer: ArrayBuffer[] }> = [];
  const add = (v: object, item: unknown, kind: number, w: number): void => {
    ids.set(v, next++); // a long container's id ends as its last piece's
    items.push(item);
    shells.push(kind);
    weight += w;
    if (weight >= budget || packBytes >= PACK_LIMIT) ready.push(flush());
  };
  const pieces = (v: object, container: number, flat: unknown[]): void => {
    let prev = -1;
    for (let start = 0; start < flat.length; start += PIECE_LEN) {
      const part = flat.slice(start, start + PIECE_LEN);
      add(v, [PIECE, prev, container, flat.length, start, refPositions(part), ...part.map(ref)], SHELL, 1 + part.length / 8);
      prev = next - 1;
    }
  };
  const ref = (v: unknown): unknown => (isObject(v) ? ids.get(v)! : v);
  const refPositions = (values: readonly unknown[]): number[] => {
    const refs: number[] = [];
    values.forEach((x, i) => { if (isObject(x)) refs.push(i); });
    return refs;
  };
  const bufferId = (b: ArrayBuffer | SharedArrayBuffer): number => {
    const known = ids.get(b);
    if (known !== undefined) return known;
    if (b instanceof ArrayBuffer) transfer.push(b);
    add(b, b, LEAF, 1);
    return next - 1;
  };
  const emit = (v: object): void => {
    if (ArrayBuffer.isView(v)) {
      const type = Buffer.isBuffer(v) ? 1 : viewType(v);
      const length = v instanceof DataView ? v.byteLength : (v as Uint8Array).length;
      // A buffer already moved (a large view on it came first) is referred to, not copied from.
      if (v.byteLength <= PACK_MAX && !ids.has(v.buffer)) {
        views.push(type, packBytes, length);
        packed.push(v);
        packBytes += align(v.byteLength);
        add(v, views.length / 3 - 1, PACKED, 1); // after: add() may close the chunk and its pack
        return;
      }
      // A Node Buffer may sit in a shared pool: its bytes are copied out, as a clone would.
      const own = Buffer.isBuffer(v) ? new Uint8Array(v).buffer : v.buffer;
      add(v, [VIEW, bufferId(own), type, own === v.buffer ? v.byteOffset : 0, length], SHELL, 1);
      return;
    }
    if (v instanceof ArrayBuffer || v instanceof SharedArrayBuffer) { bufferId(v); return; }
    const children = childrenOf(v);
    const long = children !== null && children.length > PIECE_LEN && !isPlain(v);
    if (!long && (children === null || !children.some(isObject))) {
      add(v, v, LEAF, 1 + (children?.length ?? 0) / 64);
      return;
    }
    if (Array.isArray(v)) {
      const values = Array.from(v); // holes read as undefined, as a clone would
      if (long) pieces(v, 0, values);
      else add(v, values.every(isObject) ? [ARRAY, ...values.map(ref)] : [MIXED_ARRAY, refPositions(values), ...values.map(ref)], SHELL, 1 + v.length / 8);
    } else if (v instanceof Map || v instanceof Set) {
      const flat = v instanceof Map ? [...v].flat() : [...v];
      if (long) pieces(v, v instanceof Map ? 1 : 2, flat);
      else add(v, [v instanceof Map ? MAP : SET, refPositions(flat), ...flat.map(ref)], SHELL, 1 + flat.length / 8);
    } else {
      const keys = Object.keys(v);
      const values = Object.values(v);
      const refs = refPositions(values);
      const key = `${keys.join('\u0000')}\u0001${refs.join(',')}`;
      let shape = shapeIds.get(key);
      if (shape === undefined) {
        shapeIds.set(key, shape = nextShape++);
        shapes.push([keys, refs]);
      }
      add(v, [shape, ...values.map(ref)], SHELL, 1 + values.length / 8);
    }
  };
  // Post-order without recursion: a frame is expanded (children pushed) once, emitted after them.
  const open = new Set<object>();
  const stack: object[] = [root];
  while (stack.length > 0) {
    const v = stack[stack.length - 1]!;
    if (ids.has(v)) { stack.pop(); continue; }
    if (!open.has(v)) {
      open.add(v);
      const children = ArrayBuffer.isView(v) ? null : childrenOf(v);
      for (const c of children ?? []) {
        if (!isObject(c) || ids.has(c)) continue;
        if (open.has(c)) throw new TypeError('cannot send a cyclic object graph');
        stack.push(c);
      }
      continue;
    }
    stack.pop();
    open.delete(v);
    emit(v);
    yield* ready.splice(0);
  }
  if (items.length > 0 || next === 0) yield flush();
}

export class GraphWireError extends Error {}

/** Items by number, in fixed-size pages: one array of millions would be copied whole each time it grows. */
class Pages {
  private readonly pages: unknown[][] = [];
  length = 0;

  push(v: unknown): void {
    if ((this.length & PAGE_MASK) === 0) this.pages.push([]);
    this.pages[this.pages.length - 1]!.push(v);
    this.length++;
  }

  at(i: number): unknown {
    return this.pages[i >>> PAGE_BITS]![i & PAGE_MASK];
  }
}
const PAGE_BITS = 14;
const PAGE_MASK = (1 << PAGE_BITS) - 1;

/** Rebuilds the graph chunk by chunk (each add() is bounded by the sender's budget). */
export class GraphDecoder {
  private readonly values = new Pages();
  private readonly shapes: Shape[] = [];
  private pack: ArrayBuffer | null = null;
  private views: number[] = [];

  add(chunk: unknown): void {
    const c = chunk as Partial<Chunk> | null;
    if (!isObject(c) || !Array.isArray(c.shapes) || !Array.isArray(c.items) || !Array.isArray(c.shells) || c.shells.length !== c.items.length) {
      throw new GraphWireError('a malformed chunk');
    }
    for (const s of c.shapes) {
      if (!Array.isArray(s) || !Array.isArray(s[0]) || !Array.isArray(s[1])) throw new GraphWireError('a malformed shape');
      this.shapes.push(s);
    }
    if ((c.pack !== null && !(c.pack instanceof ArrayBuffer)) || !Array.isArray(c.views)) throw new GraphWireError('a malformed chunk');
    this.pack = c.pack;
    this.views = c.views;
    for (let i = 0; i < c.items.length; i++) {
      const kind = c.shells[i];
      this.values.push(kind === LEAF ? c.items[i] : kind === PACKED ? this.packed(c.items[i]) : this.build(c.items[i]));
    }
  }

  /** The root: the last item. */
  result(): unknown {
    if (this.values.length === 0) throw new GraphWireError('nothing was received');
    return this.values.at(this.values.length - 1);
  }

  private get(id: unknown): unknown {
    if (typeof id !== 'number' || !(id >= 0 && id < this.values.length)) throw new GraphWireError(`a reference to item ${String(id)}, not received before it`);
    return this.values.at(id);
  }

  private packed(row: unknown): ArrayBufferView {
    const k = 3 * (row as number);
    const C = VIEW_TYPES[this.views[k]!];
    if (!C || !this.pack || !(k + 2 < this.views.length)) throw new GraphWireError('a malformed typed array');
    return new C(this.pack, this.views[k + 1]!, this.views[k + 2]!);
  }

  private build(item: unknown): unknown {
    if (!Array.isArray(item) || typeof item[0] !== 'number') throw new GraphWireError('a malformed item');
    const s = item as [number, ...unknown[]];
    const kind = s[0];
    if (kind === ARRAY) {
      const out = new Array<unknown>(s.length - 1);
      for (let i = 1; i < s.length; i++) out[i - 1] = this.get(s[i]);
      return out;
    }
    if (kind === MIXED_ARRAY || kind === MAP || kind === SET) {
      const flat = s.slice(2);
      for (const p of s[1] as number[]) flat[p] = this.get(flat[p]);
      if (kind === MIXED_ARRAY) return flat;
      if (kind === SET) return new Set(flat);
      const m = new Map<unknown, unknown>();
      for (let i = 0; i < flat.length; i += 2) m.set(flat[i], flat[i + 1]);
      return m;
    }
    if (kind === PIECE) {
      const [, prev, container, length, start, refs] = s as [number, number, number, number, number, number[]];
      const c = prev === -1
        ? (container === 0 ? new Array<unknown>(length) : container === 1 ? new Map() : container === 2 ? new Set() : null)
        : this.get(prev);
      const values = s.slice(6);
      for (const p of refs) values[p] = this.get(values[p]);
      if (Array.isArray(c)) {
        for (let i = 0; i < values.length; i++) c[start + i] = values[i];
      } else if (c instanceof Map) {
        for (let i = 0; i < values.length; i += 2) c.set(values[i], values[i + 1]);
      } else if (c instanceof Set) {
        for (const x of values) c.add(x);
      } else {
        throw new GraphWireError(`a malformed piece of ${CONTAINERS[container] ?? 'something'}`);
      }
      return c;
    }
    if (kind === VIEW) {
      const [, buf, type, offset, length] = s as [number, number, number, number, number];
      const C = VIEW_TYPES[type];
      const b = this.get(buf);
      if (!C || !(b instanceof ArrayBuffer || b instanceof SharedArrayBuffer)) throw new GraphWireError('a malformed typed array');
      return new C(b, offset, length);
    }
    const shape = this.shapes[kind - FIRST_OBJECT_SHAPE];
    if (!shape) throw new GraphWireError(`an object of unknown shape ${kind}`);
    const [keys, refs] = shape;
    const o: Record<string, unknown> = {};
    let r = 0;
    for (let i = 0; i < keys.length; i++) {
      const raw = s[i + 1];
      const v = refs[r] === i ? (r++, this.get(raw)) : raw;
      // An own property named __proto__ (JSON.parse makes them), not the prototype.
      if (keys[i] === '__proto__') Object.defineProperty(o, '__proto__', { value: v, enumerable: true, writable: true, configurable: true });
      else o[keys[i]!] = v;
    }
    return o;
  }
}
