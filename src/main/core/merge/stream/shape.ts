// What the scanner's values mean in a node's matrix: the known fields are kept (numeric arrays in
// typed builders, the small ones as JS values for zod), the rest is skipped unread. Caps from
// AnswerLimits refuse as soon as a count passes them. A known field given twice is refused (see
// README.md: JSON.parse would keep the last; Go's encoder never writes one twice).
import { type AnswerLimits, MatrixInputError, maxColumnsOf, maxRowsOf, tooManyColumns, tooManyRows } from '../parse';
import { fieldPath } from '../../../../shared/issues';
import { NumberBuilder, Slab } from './builders';
import type { TokenSink } from './tokenizer';

/** Numeric fields of a row, read into typed builders. */
export const ROW_LISTS = ['route_ids', 'values', 'raft_group_ids', 'leader_terms'] as const;
export type RowListName = (typeof ROW_LISTS)[number];
/** The row fields zod checks as small values (parse.ts's rowSchema; conflict/conflicts are ignored there). */
const ROW_SMALL = new Set(['bucket_id', 'label', 'start', 'end', 'aggregate', 'route_ids_truncated', 'route_count']);
const ROW_LIST_SET = new Set<string>(ROW_LISTS);
const TOP_SMALL = new Set(['series', 'generated_at']);

/** One element of `rows`, as read. */
export class RowRead {
  /** What zod sees: small values as sent, arrays and objects as empty stand-ins (zod looks at their type only). */
  fields: Record<string, unknown> = {};
  lists: Partial<Record<RowListName, NumberBuilder>> = {};
  /** Set when the element is not an object (zod refuses it). */
  notObject: { value: unknown } | null = null;
}

/** Everything read from the document. */
export class MatrixRead {
  /** 'object': the fields below; 'other': `value` (a scalar, or a stand-in for an array). */
  doc: 'none' | 'object' | 'other' = 'none';
  value: unknown = undefined;
  /** Members of the top object (Go decodes {} to an empty matrix). */
  members = 0;
  top: Record<string, unknown> = {};
  columns: NumberBuilder | null = null;
  rows: RowRead[] | null = null;
}

const TOP = 0;
const ROWS = 1;
const ROW = 2;
const NUMS = 3;
const GEN = 4; // building a JS value (a numeric array's first bad element, for its message)
const SKIP = 5;

interface Frame {
  kind: number;
  key: string;
  row: RowRead | null;
  nums: NumberBuilder | null;
  /** GEN: the object or array being built. */
  gen: Record<string, unknown> | unknown[] | null;
}

const STAND_IN_ARRAY: readonly unknown[] = Object.freeze([]);
const standIn = (kind: 'object' | 'array'): unknown => (kind === 'array' ? STAND_IN_ARRAY : {});

function put(into: Record<string, unknown> | unknown[], key: string, v: unknown): void {
  if (Array.isArray(into)) into.push(v);
  // As JSON.parse: an own property even for "__proto__", the last duplicate winning in place.
  else Object.defineProperty(into, key, { value: v, writable: true, enumerable: true, configurable: true });
}

export class MatrixShape implements TokenSink {
  readonly read = new MatrixRead();
  private readonly frames: Frame[] = [];
  private readonly maxRows: number;
  private readonly maxColumns: number;
  /** column_unix_ms was read whole: a row's arrays are then bounded by its length. */
  private columnsDone = false;
  /**
   * The length of the last row list read (values, identities), empty ones too: the next one's room.
   * Sized from what was read, never from the columns alone, so a list costs at most about twice the
   * room its own bytes or the list before it justify (empty lists cannot each claim every column).
   */
  private lastListLength = -1;
  /** Where this answer's lists live (see Slab). */
  private readonly slab = new Slab();

  constructor(private readonly source: string, private readonly limits: AnswerLimits) {
    this.maxRows = maxRowsOf(limits);
    this.maxColumns = maxColumnsOf(limits);
  }

  private push(kind: number, extra: Partial<Frame> = {}): void {
    this.frames.push({ kind, key: '', row: null, nums: null, gen: null, ...extra });
  }

  private get top(): Frame | undefined {
    return this.frames[this.frames.length - 1];
  }

  wantsText(): boolean {
    const f = this.top;
    return f === undefined || f.kind !== SKIP;
  }

  key(k: string): void {
    const f = this.top!;
    f.key = ''; // the path of a message below is the object's
    if (f.kind === TOP) {
      this.read.members++;
      if ((k === 'column_unix_ms' || k === 'rows' || TOP_SMALL.has(k) || k === 'fanout') && Object.hasOwn(this.read.top, k)) this.twice(k);
    } else if (f.kind === ROW && (ROW_SMALL.has(k) || ROW_LIST_SET.has(k)) && Object.hasOwn(f.row!.fields, k)) {
      this.twice(k);
    }
    f.key = k;
  }

  private twice(k: string): never {
    throw new MatrixInputError(this.source, `${this.path() || 'the document'}: the field "${k}" appears twice `
      + '(a node writes each field once; JSON readers disagree on which to keep)');
  }

  /** A new value in the current frame: where it goes. Containers push their frame. */
  private value(kind: 'object' | 'array' | 'scalar', v: unknown): NumberBuilder | null {
    const f = this.top;
    const read = this.read;
    if (f === undefined) {
      if (kind === 'object') { read.doc = 'object'; this.push(TOP); return null; }
      read.doc = 'other';
      read.value = kind === 'scalar' ? v : STAND_IN_ARRAY;
      if (kind === 'array') this.push(SKIP);
      return null;
    }
    switch (f.kind) {
      case TOP: {
        const k = f.key;
        if (k === 'fanout') {
          read.top.fanout = true; // refused by checkTop whatever it holds
        } else if (k === 'column_unix_ms' || k === 'rows' || TOP_SMALL.has(k)) {
          read.top[k] = kind === 'scalar' ? v : standIn(kind);
          if (kind === 'array' && k === 'column_unix_ms') {
            read.columns = NumberBuilder.times(this.maxColumns, (n) => { throw tooManyColumns(this.source, n, this.limits, true); }, this.slab);
            this.push(NUMS, { nums: read.columns });
            return read.columns;
          }
          if (kind === 'array' && k === 'rows') {
            read.rows = [];
            this.push(ROWS);
            return null;
          }
        }
        break;
      }
      case ROWS: {
        const rows = read.rows!;
        if (rows.length === this.maxRows) throw tooManyRows(this.source, rows.length + 1, this.limits, true);
        const row = new RowRead();
        rows.push(row);
        if (kind === 'object') { this.push(ROW, { row }); return null; }
        row.notObject = { value: kind === 'scalar' ? v : STAND_IN_ARRAY };
        break;
      }
      case ROW: {
        const k = f.key;
        const row = f.row!;
        if (ROW_SMALL.has(k)) {
          row.fields[k] = kind === 'scalar' ? v : standIn(kind);
        } else if (ROW_LIST_SET.has(k)) {
          row.fields[k] = kind === 'scalar' ? v : standIn(kind);
          if (kind === 'array') {
            const b = this.list(k);
            row.lists[k as RowListName] = b;
            this.push(NUMS, { nums: b });
            return b;
          }
        }
        break;
      }
      case NUMS: {
        // Numbers never reach here (the scanner gives them to the builder): this element is bad.
        const gen = kind === 'object' ? {} : kind === 'array' ? [] : null;
        f.nums!.other(gen ?? v);
        if (gen) { this.push(GEN, { gen }); return null; }
        return null;
      }
      case GEN: {
        const gen = kind === 'object' ? {} : kind === 'array' ? [] : null;
        put(f.gen!, f.key, gen ?? v);
        if (gen) { this.push(GEN, { gen }); return null; }
        return null;
      }
    }
    if (kind !== 'scalar') this.push(SKIP);
    return null;
  }

  /** A row's numeric array: values and identities at most one per column. */
  private list(k: string): NumberBuilder {
    const r = this.read.rows!.length - 1;
    // Route ids are not per column: the body's cap bounds them, as it does today.
    if (k === 'route_ids') return NumberBuilder.uints(16, Infinity, () => { throw new Error('unreachable'); }, this.slab);
    const done = this.columnsDone ? this.read.columns!.length : null;
    const cap = done ?? this.maxColumns;
    // Room for as many as the last such list had (rows are one length); the first: the columns.
    const hint = this.lastListLength >= 0 ? this.lastListLength : done ?? 16;
    return NumberBuilder.uints(hint, cap, (n) => {
      throw new MatrixInputError(this.source, done !== null
        ? `rows[${r}].${k}: at least ${n} entries for ${done} columns (it must be parallel to column_unix_ms)`
        : `rows[${r}].${k}: at least ${n} entries, more than the ${cap} columns an answer may hold`);
    }, this.slab);
  }

  openObject(): void {
    this.value('object', undefined);
  }

  openArray(): NumberBuilder | null {
    return this.value('array', undefined);
  }

  scalar(v: string | number | boolean | null): void {
    this.value('scalar', v);
  }

  close(): void {
    const f = this.frames.pop()!;
    if (f.nums === null) return;
    if (f.nums === this.read.columns) this.columnsDone = true;
    else if (this.frames[this.frames.length - 1]?.key !== 'route_ids') this.lastListLength = f.nums.length;
  }

  path(): string {
    const parts: (string | number)[] = [];
    for (const f of this.frames) {
      if (f.kind === TOP || f.kind === ROW) {
        if (f.key) parts.push(f.key);
      } else if (f.kind === ROWS) {
        if (this.read.rows!.length === 0) break;
        parts.push(this.read.rows!.length - 1);
      } else if (f.kind === NUMS) {
        parts.push(f.nums!.length);
      } else {
        break;
      }
    }
    return fieldPath(parts);
  }
}
