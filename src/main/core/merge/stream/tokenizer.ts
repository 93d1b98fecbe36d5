// A resumable JSON scanner over bytes: chunks may split anywhere (a UTF-8 sequence, an escape, a
// number, a literal). It accepts exactly what JSON.parse accepts (after the body's non-fatal UTF-8
// decoding, BOM stripped) except nesting deeper than MAX_ANSWER_DEPTH and numbers longer than
// MAX_NUMBER_CHARS, and tells a sink what it reads. Numbers directly inside the array the sink
// marked as numeric go straight into its NumberBuilder, through a fast loop for the plain `123,` case.
import { MAX_ANSWER_DEPTH, MAX_NUMBER_CHARS } from '../../../../shared/limits';
import type { NumberBuilder } from './builders';
import { MatrixInputError } from '../parse';
import { byteText, MatrixSyntaxError } from './errors';
import { ByteBuffer, stringOf } from './text';

export interface TokenSink {
  openObject(): void;
  /** An array starts; a NumberBuilder when its numbers should go straight into a typed array. */
  openArray(): NumberBuilder | null;
  key(k: string): void;
  close(): void;
  scalar(v: string | number | boolean | null): void;
  /** False while the value being read is ignored: its strings are then not decoded. */
  wantsText(): boolean;
  /** Where the scanner is, for messages (`rows[3].values[17]`). */
  path(): string;
}

// States: what the next byte may be.
const VALUE = 0; // a value (after ':' or ',' in an array, or the document's)
const ARRAY_FIRST = 1; // a value or ']'
const OBJECT_FIRST = 2; // a key or '}'
const KEY = 3;
const COLON = 4;
const AFTER = 5; // ',' or the container's closer
const DONE = 6; // the document's value is complete: whitespace only
const STRING = 7;
const ESCAPE = 8;
const UNICODE = 9;
const MINUS = 10;
const ZERO = 11;
const INT = 12;
const DOT = 13;
const FRAC = 14;
const EXP = 15;
const EXP_SIGN = 16;
const EXP_DIGITS = 17;
const LITERAL = 18;

const OBJ = 1;
const ARR = 2;

const BOM = [0xef, 0xbb, 0xbf];
const LITERALS: Record<number, { bytes: number[]; value: boolean | null }> = {
  0x74: { bytes: [...'true'].map((c) => c.charCodeAt(0)), value: true },
  0x66: { bytes: [...'false'].map((c) => c.charCodeAt(0)), value: false },
  0x6e: { bytes: [...'null'].map((c) => c.charCodeAt(0)), value: null },
};

const isWs = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isHex = (c: number): boolean => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
/** Up to 15 digits a double holds exactly as it accumulates them; longer ones go through Number(). */
const EXACT_DIGITS = 15;

export class JsonTokenizer {
  private state = VALUE;
  private readonly stack = new Uint8Array(MAX_ANSWER_DEPTH + 1);
  private depth = 0;
  /** Bytes consumed before the current chunk. */
  private offset = 0;
  private bomAt = 0;
  private started = false;
  private nums: NumberBuilder | null = null;
  private numsDepth = -1;
  // The string being read.
  private readonly str = new ByteBuffer();
  private strKey = false;
  private strWant = false;
  private strAscii = true;
  private strEscaped = false;
  private hexLeft = 0;
  // The number being read: its value while it has up to 15 integer digits, else its text.
  private numNeg = false;
  private numVal = 0;
  private numDigits = 0;
  private numText: string | null = null;
  // The literal being read.
  private lit: number[] = [];
  private litAt = 0;
  private litValue: boolean | null = null;

  constructor(private readonly sink: TokenSink, private readonly source: string) {}

  private fail(at: number, what: string): never {
    const path = this.sink.path();
    throw new MatrixSyntaxError(this.source, `${what} at byte ${at}${path ? ` (in ${path})` : ''}`);
  }

  /** Valid JSON, but not an answer's: refused by the decoder's bounds (not a syntax error). */
  private refuse(at: number, what: string): never {
    throw new MatrixInputError(this.source, `${this.sink.path() || 'the document'}: ${what} (at byte ${at})`);
  }

  push(b: Uint8Array): void {
    const n = b.length;
    let i = 0;
    if (this.bomAt < 3 && !this.started) i = this.skipBom(b);
    for (; i < n;) {
      const c = b[i]!;
      switch (this.state) {
        case VALUE:
        case ARRAY_FIRST:
          if (isWs(c)) { i++; break; }
          if (c === 0x5d && this.state === ARRAY_FIRST) { i++; this.close(); break; }
          if (this.depth === this.numsDepth && this.numsDepth >= 0 && c >= 0x30 && c <= 0x39) {
            const j = this.fastNumbers(b, i, n);
            if (j !== i) { i = j; break; }
          }
          i = this.beginValue(i, c);
          break;
        case OBJECT_FIRST:
        case KEY:
          if (isWs(c)) { i++; break; }
          if (c === 0x22) { this.beginString(true); i++; break; }
          if (c === 0x7d && this.state === OBJECT_FIRST) { i++; this.close(); break; }
          this.fail(this.offset + i, `unexpected ${byteText(c)} where a key was expected`);
        // falls through: fail throws
        case COLON:
          if (isWs(c)) { i++; break; }
          if (c !== 0x3a) this.fail(this.offset + i, `unexpected ${byteText(c)} where ':' was expected`);
          this.state = VALUE;
          i++;
          break;
        case AFTER: {
          if (isWs(c)) { i++; break; }
          const inObject = this.stack[this.depth] === OBJ;
          if (c === 0x2c) { this.state = inObject ? KEY : VALUE; i++; break; }
          if (c === (inObject ? 0x7d : 0x5d)) { i++; this.close(); break; }
          this.fail(this.offset + i, `unexpected ${byteText(c)} where ',' or '${inObject ? '}' : ']'}' was expected`);
        }
        // falls through: fail throws
        case DONE:
          if (isWs(c)) { i++; break; }
          this.fail(this.offset + i, `unexpected ${byteText(c)} after the end of the JSON value`);
        // falls through: fail throws
        case STRING:
          i = this.stringBytes(b, i, n);
          break;
        case ESCAPE:
          if (c === 0x75) { this.hexLeft = 4; this.state = UNICODE; }
          else if (c === 0x22 || c === 0x5c || c === 0x2f || c === 0x62 || c === 0x66 || c === 0x6e || c === 0x72 || c === 0x74) this.state = STRING;
          else this.fail(this.offset + i, `a bad escape \\${String.fromCharCode(c)} in a string`);
          if (this.strWant) this.str.appendByte(c);
          i++;
          break;
        case UNICODE:
          if (!isHex(c)) this.fail(this.offset + i, `a bad \\u escape (${byteText(c)} is not a hex digit) in a string`);
          if (this.strWant) this.str.appendByte(c);
          if (--this.hexLeft === 0) this.state = STRING;
          i++;
          break;
        case LITERAL:
          if (c !== this.lit[this.litAt]) this.fail(this.offset + i, `unexpected ${byteText(c)} in a literal`);
          i++;
          if (++this.litAt === this.lit.length) { this.sink.scalar(this.litValue); this.valueDone(); }
          break;
        default:
          // A number: consumes its bytes; a byte that ends it is read again as what follows.
          if (this.numberByte(c, this.offset + i)) i++;
      }
    }
    this.offset += n;
  }

  /** The body is complete: throws if it ends inside a value. */
  end(): void {
    if (this.bomAt > 0 && this.bomAt < 3) this.fail(this.offset, 'a cut byte order mark');
    const s = this.state;
    if (this.depth === 0 && (s === ZERO || s === INT || s === FRAC || s === EXP_DIGITS)) this.endNumber();
    if (this.state === DONE) return;
    if (this.state === VALUE && this.depth === 0) this.fail(this.offset, 'no JSON value (the answer is empty)');
    this.fail(this.offset, 'unexpected end of the answer');
  }

  /** Bytes read so far. */
  get bytes(): number {
    return this.offset;
  }

  private skipBom(b: Uint8Array): number {
    let i = 0;
    while (i < b.length && this.bomAt < 3) {
      if (b[i] !== BOM[this.bomAt]) {
        if (this.bomAt > 0) this.fail(this.offset + i, 'a cut byte order mark');
        this.bomAt = 3;
        return i;
      }
      this.bomAt++;
      i++;
    }
    return i;
  }

  private open(kind: number, at: number): void {
    if (this.depth === MAX_ANSWER_DEPTH) this.refuse(at, `nesting deeper than ${MAX_ANSWER_DEPTH} levels, which no node answer has`);
    this.stack[++this.depth] = kind;
  }

  private close(): void {
    if (this.depth === this.numsDepth) {
      this.nums = null;
      this.numsDepth = -1;
    }
    this.depth--;
    this.sink.close();
    this.valueDone();
  }

  private valueDone(): void {
    this.state = this.depth === 0 ? DONE : AFTER;
  }

  private beginValue(i: number, c: number): number {
    this.started = true;
    if (c === 0x7b) {
      this.open(OBJ, this.offset + i);
      this.sink.openObject();
      this.state = OBJECT_FIRST;
    } else if (c === 0x5b) {
      this.open(ARR, this.offset + i);
      const nums = this.sink.openArray();
      if (nums) {
        this.nums = nums;
        this.numsDepth = this.depth;
      }
      this.state = ARRAY_FIRST;
    } else if (c === 0x22) {
      this.beginString(false);
    } else if (c === 0x2d || isDigit(c)) {
      this.numNeg = c === 0x2d;
      this.numVal = 0;
      this.numDigits = 0;
      this.numText = null;
      this.state = c === 0x2d ? MINUS : c === 0x30 ? ZERO : INT;
      if (c !== 0x2d) { this.numVal = c - 0x30; this.numDigits = 1; }
    } else if (LITERALS[c]) {
      this.lit = LITERALS[c].bytes;
      this.litValue = LITERALS[c].value;
      this.litAt = 1;
      this.state = LITERAL;
    } else {
      this.fail(this.offset + i, `unexpected ${byteText(c)} where a value was expected`);
    }
    return i + 1;
  }

  /**
   * Plain non-negative integers of up to 15 digits followed by ',' (or the closing ']'), straight
   * into the builder's typed array: the bulk of an answer. Returns where it stopped; anything else
   * (a sign, a fraction, whitespace, a chunk's end inside a number) is left to the general states.
   */
  private fastNumbers(b: Uint8Array, i: number, n: number): number {
    const nb = this.nums!;
    let len = nb.length;
    let room = nb.room;
    let narrow = nb.narrow;
    let wide = nb.wide;
    let at = i; // past the last number taken (and its ',')
    while (at < n) {
      let v = b[at]! - 0x30;
      if ((v >>> 0) > 9) break; // not a digit (a sign, whitespace, another value)
      let j = at + 1;
      if (v !== 0) {
        // (after a leading 0 a digit is refused, by the general states)
        while (j < n) {
          const d = b[j]! - 0x30;
          if ((d >>> 0) > 9) break;
          v = v * 10 + d;
          j++;
        }
        if (j - at > EXACT_DIGITS) break;
      }
      if (j >= n) break;
      const c = b[j]!;
      if (c !== 0x2c && c !== 0x5d) break;
      if (len === room) {
        nb.length = len;
        nb.grow(); // or the cap's refusal
        room = nb.room;
        narrow = nb.narrow;
        wide = nb.wide;
      }
      if (wide !== null) wide[len] = v;
      else if ((v >>> 0) === v) narrow[len] = v;
      else (wide = nb.widen(len))[len] = v;
      len++;
      if (c === 0x5d) {
        nb.length = len;
        this.state = AFTER;
        return j;
      }
      at = j + 1;
    }
    nb.length = len;
    if (at !== i) this.state = VALUE;
    return at;
  }

  private beginString(key: boolean): void {
    this.started = true;
    this.strKey = key;
    this.strWant = this.sink.wantsText();
    this.strAscii = true;
    this.strEscaped = false;
    this.str.reset();
    this.state = STRING;
  }

  private stringBytes(b: Uint8Array, i: number, n: number): number {
    let j = i;
    let ascii = true;
    let c = 0;
    while (j < n) {
      c = b[j]!;
      if (c === 0x22 || c === 0x5c || c < 0x20) break;
      if (c >= 0x80) ascii = false;
      j++;
    }
    if (!ascii) this.strAscii = false;
    if (this.strWant && j > i) this.str.append(b, i, j);
    if (j === n) return n;
    if (c === 0x22) {
      this.endString();
    } else if (c === 0x5c) {
      this.strEscaped = true;
      if (this.strWant) this.str.appendByte(c);
      this.state = ESCAPE;
    } else {
      this.fail(this.offset + j, `a control character (${byteText(c)}) inside a string`);
    }
    return j + 1;
  }

  private endString(): void {
    const s = this.strWant ? stringOf(this.str, this.strAscii, this.strEscaped) : '';
    if (this.strKey) {
      this.sink.key(s);
      this.state = COLON;
    } else {
      this.sink.scalar(s);
      this.valueDone();
    }
  }

  /** One byte of a number; false when the byte is not the number's (it ended, read it again). */
  private numberByte(c: number, at: number): boolean {
    switch (this.state) {
      case MINUS:
        if (!isDigit(c)) this.fail(at, `unexpected ${byteText(c)} after '-' in a number`);
        this.state = c === 0x30 ? ZERO : INT;
        this.numVal = c - 0x30;
        this.numDigits = 1;
        return true;
      case ZERO:
        if (isDigit(c)) this.fail(at, 'a number with a leading zero');
        if (c === 0x2e) { this.toText(c, at); this.state = DOT; return true; }
        if (c === 0x65 || c === 0x45) { this.toText(c, at); this.state = EXP; return true; }
        break;
      case INT:
        if (isDigit(c)) {
          if (this.numText === null && this.numDigits < EXACT_DIGITS) this.numVal = this.numVal * 10 + (c - 0x30);
          else this.toText(c, at);
          this.numDigits++;
          return true;
        }
        if (c === 0x2e) { this.toText(c, at); this.state = DOT; return true; }
        if (c === 0x65 || c === 0x45) { this.toText(c, at); this.state = EXP; return true; }
        break;
      case DOT:
        if (!isDigit(c)) this.fail(at, `unexpected ${byteText(c)} after '.' in a number`);
        this.toText(c, at);
        this.state = FRAC;
        return true;
      case FRAC:
        if (isDigit(c)) { this.toText(c, at); return true; }
        if (c === 0x65 || c === 0x45) { this.toText(c, at); this.state = EXP; return true; }
        break;
      case EXP:
        if (c === 0x2b || c === 0x2d) { this.toText(c, at); this.state = EXP_SIGN; return true; }
        if (!isDigit(c)) this.fail(at, `unexpected ${byteText(c)} in a number's exponent`);
        this.toText(c, at);
        this.state = EXP_DIGITS;
        return true;
      case EXP_SIGN:
        if (!isDigit(c)) this.fail(at, `unexpected ${byteText(c)} in a number's exponent`);
        this.toText(c, at);
        this.state = EXP_DIGITS;
        return true;
      case EXP_DIGITS:
        if (isDigit(c)) { this.toText(c, at); return true; }
        break;
    }
    this.endNumber();
    return false;
  }

  /** Past 15 integer digits, a fraction or an exponent: keep the text and let Number() round it (as JSON.parse does). */
  private toText(c: number, at: number): void {
    if (this.numText === null) this.numText = (this.numNeg ? '-' : '') + String(this.numVal);
    this.numText += String.fromCharCode(c);
    if (this.numText.length > MAX_NUMBER_CHARS) this.refuse(at, `a number longer than ${MAX_NUMBER_CHARS} characters`);
  }

  private endNumber(): void {
    const v = this.numText === null ? (this.numNeg ? -this.numVal : this.numVal) : Number(this.numText);
    if (this.depth === this.numsDepth) this.nums!.push(v);
    else this.sink.scalar(v);
    this.valueDone();
  }
}
