// Snapshots and capture polls embed each node's answer as it was received: `"nodes":[{…status,
// "matrix":<the answer's bytes>},…]` inside one larger JSON document. This finds those values'
// bytes, so they go to the streaming decoder (typed arrays, no JS array per row), and gives the
// rest of the document, each of them replaced by `0`, for JSON.parse.
//
// Sound by construction: the caller JSON.parses the rest and decodes every matrix's bytes as one
// JSON value; if both succeed, the document was valid JSON (a value put back where a value stood)
// and holds exactly those values. The scan itself only needs to be right on valid JSON; on
// anything it does not expect (a second "nodes" or "matrix", a cut string, trailing bytes) it
// gives null, and the caller reads the document whole, as before, for the same verdict and words.

/** The placeholder written where a matrix was. */
export const MATRIX_PLACEHOLDER = 0;

export interface EmbeddedMatrices {
  /** The document without the nodes' matrices (each replaced by MATRIX_PLACEHOLDER): for JSON.parse. */
  rest: string;
  /** Node index → the bytes of its `matrix` value (views of the document's bytes). */
  matrices: Map<number, Uint8Array>;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

function skipSpace(b: Uint8Array, i: number): number {
  while (i < b.length && isSpace(b[i]!)) i++;
  return i;
}

/** `b[i]` is a quote: the index after the closing one, or -1 when the string never closes. */
function stringEnd(b: Uint8Array, i: number): number {
  for (let from = i + 1; ;) {
    const q = b.indexOf(QUOTE, from);
    if (q < 0) return -1;
    let slashes = 0;
    while (b[q - 1 - slashes] === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return q + 1;
    from = q + 1;
  }
}

/**
 * The index after the value starting at `i`, or -1. Containers are skipped by counting brackets
 * outside strings (their grammar is JSON.parse's or the decoder's to judge); most bytes of a
 * matrix are digits and commas, which one comparison passes.
 */
function valueEnd(b: Uint8Array, i: number): number {
  const c = b[i];
  if (c === QUOTE) return stringEnd(b, i);
  if (c === 0x7b || c === 0x5b) { // { [
    let depth = 0;
    for (let p = i; p < b.length; p++) {
      const x = b[p]!;
      if (x < 0x5b && x !== QUOTE) continue; // digits, commas, signs, points, colons, spaces
      if (x === QUOTE) {
        p = stringEnd(b, p) - 1;
        if (p < 0) return -1;
      } else if (x === 0x7b || x === 0x5b) depth++;
      else if (x === 0x7d || x === 0x5d) {
        if (--depth === 0) return p + 1;
      }
    }
    return -1;
  }
  // A number, true, false or null: up to the next delimiter.
  let p = i;
  while (p < b.length) {
    const x = b[p]!;
    if (x === 0x2c || x === 0x5d || x === 0x7d || isSpace(x)) break;
    p++;
  }
  return p > i ? p : -1;
}

const latin = new TextDecoder('latin1');

/** A key's text as JSON.parse reads it (escapes are rare in keys: only then JSON.parse). */
function keyText(b: Uint8Array, start: number, end: number): string {
  const raw = b.subarray(start, end);
  if (!raw.includes(BACKSLASH) && raw.every((c) => c < 0x80)) return latin.decode(raw.subarray(1, -1));
  try {
    return JSON.parse(Buffer.from(raw).toString('utf8')) as string;
  } catch {
    return '';
  }
}

/**
 * Walks an object's members from `i` (at its `{`), calling `member(key, valueStart)` for each,
 * which returns the index after the value (or -1). Returns the index after the `}`, or -1.
 */
function members(b: Uint8Array, i: number, member: (key: string, at: number) => number): number {
  if (b[i] !== 0x7b) return -1;
  i = skipSpace(b, i + 1);
  if (b[i] === 0x7d) return i + 1;
  for (;;) {
    if (b[i] !== QUOTE) return -1;
    const keyEnd = stringEnd(b, i);
    if (keyEnd < 0) return -1;
    const key = keyText(b, i, keyEnd);
    i = skipSpace(b, keyEnd);
    if (b[i] !== 0x3a) return -1; // :
    i = member(key, skipSpace(b, i + 1));
    if (i < 0) return -1;
    i = skipSpace(b, i);
    if (b[i] === 0x7d) return i + 1;
    if (b[i] !== 0x2c) return -1;
    i = skipSpace(b, i + 1);
  }
}

/** The nodes' matrices of a document shaped `{…,"nodes":[{…,"matrix":…},…],…}`, or null (read it whole). */
export function embeddedMatrices(b: Uint8Array): EmbeddedMatrices | null {
  const spans: Array<{ node: number; start: number; end: number }> = [];
  let nodesSeen = false;
  let i = skipSpace(b, 0);
  i = members(b, i, (key, at) => {
    if (key !== 'nodes') return valueEnd(b, at);
    if (nodesSeen || b[at] !== 0x5b) return -1; // JSON.parse keeps the last "nodes": read whole
    nodesSeen = true;
    let p = skipSpace(b, at + 1);
    if (b[p] === 0x5d) return p + 1;
    for (let node = 0; ; node++) {
      let matrixSeen = false;
      p = b[p] !== 0x7b ? valueEnd(b, p) : members(b, p, (k, v) => {
        const end = valueEnd(b, v);
        if (k !== 'matrix' || end < 0) return end;
        if (matrixSeen) return -1;
        matrixSeen = true;
        spans.push({ node, start: v, end });
        return end;
      });
      if (p < 0) return -1;
      p = skipSpace(b, p);
      if (b[p] === 0x5d) return p + 1;
      if (b[p] !== 0x2c) return -1;
      p = skipSpace(b, p + 1);
    }
  });
  if (i < 0 || skipSpace(b, i) !== b.length) return null;
  // Cut only at ASCII delimiters, so each piece decodes alone exactly as the whole would.
  const pieces: string[] = [];
  const matrices = new Map<number, Uint8Array>();
  let from = 0;
  for (const s of spans) {
    pieces.push(Buffer.from(b.buffer, b.byteOffset + from, s.start - from).toString('utf8'), String(MATRIX_PLACEHOLDER));
    matrices.set(s.node, b.subarray(s.start, s.end));
    from = s.end;
  }
  pieces.push(Buffer.from(b.buffer, b.byteOffset + from, b.length - from).toString('utf8'));
  return { rest: pieces.join(''), matrices };
}

/**
 * `read` given the document JSON.parsed without its matrices, and their bytes: its answer, or
 * null when the document has none or anything fails (the caller then reads it whole, as before,
 * for the same verdict and words).
 */
export function readEmbedded<T>(b: Uint8Array, read: (json: unknown, matrices: ReadonlyMap<number, Uint8Array>) => T): T | null {
  const split = embeddedMatrices(b);
  if (!split || split.matrices.size === 0) return null;
  try {
    return read(JSON.parse(split.rest), split.matrices);
  } catch {
    return null;
  }
}

/** An embedded matrix a reader does not decode is part of the document still: it must be JSON, as reading the document whole requires (throws if not). */
export function checkJsonValue(bytes: Uint8Array): void {
  JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8'));
}
