// Differential fuzzing of the streaming matrix decoder against today's path (TextDecoder →
// JSON.parse → parseNodeMatrix, with parseAnswer's {} / null rule): random valid answers from a
// seeded PRNG, written with random whitespace, escapes and number spellings, and mutations of them.
// Shared by test/main/core/merge/stream/decoder.test.ts and bench/decode.bench.ts (the larger run).
import type { Series } from '../../src/shared/elastickv/wire';
import { SERIES } from '../../src/shared/elastickv/wire';
import { type AnswerLimits, MatrixInputError, type Parsed, parseNodeMatrix } from '../../src/main/core/merge/parse';
import { createMatrixDecoder, MatrixSyntaxError } from '../../src/main/core/merge/stream';
import type { NodeRow } from '../../src/main/core/merge/types';

export type Rng = () => number;

/** mulberry32: small, fast, and the same sequence everywhere for a seed. */
export function prng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (rng: Rng, n: number): number => Math.floor(rng() * n);
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[int(rng, xs.length)]!;

/** Text written as is (a number JSON.stringify cannot write, a token that is not JSON). */
export class Raw {
  constructor(readonly text: string) {}
}

export interface Style {
  /** Chance of whitespace between tokens. */
  ws: number;
  /** Chance that a character of a string is written as an escape. */
  escape: number;
  /** Chance that an integer is written another way (5.0, 5e0, 50e-1). */
  numberForm: number;
}

const WS = [' ', '\n', '\t', '\r', '  ', ' \n\t '];

function wsOf(rng: Rng, s: Style): string {
  return rng() < s.ws ? pick(rng, WS) : '';
}

function stringText(v: string, rng: Rng, s: Style): string {
  let out = '"';
  for (const ch of v) {
    const code = ch.codePointAt(0)!;
    const lone = ch.length === 1 && code >= 0xd800 && code <= 0xdfff;
    if (lone || rng() < s.escape) {
      const short: Record<string, string> = { '"': '\\"', '\\': '\\\\', '/': '\\/', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
      if (short[ch] && rng() < 0.5) out += short[ch];
      else {
        for (let i = 0; i < ch.length; i++) {
          const hex = ch.charCodeAt(i).toString(16).padStart(4, '0');
          out += `\\u${rng() < 0.5 ? hex : hex.toUpperCase()}`;
        }
      }
    } else {
      out += JSON.stringify(ch).slice(1, -1);
    }
  }
  return `${out}"`;
}

function numberText(v: number, rng: Rng, s: Style): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e15 && rng() < s.numberForm) {
    if (v === 0) return pick(rng, ['0.0', '0e0', '-0', '0E+2', '-0.0', '0']); // no leading zeros: 00e-1 is not JSON
    switch (int(rng, 5)) {
      case 0: return `${v}.0`;
      case 1: return `${v}e0`;
      case 2: return `${v}0E-1`;
      case 3: return `${v}.000e+0`;
      default: return `${v}00e-2`;
    }
  }
  return JSON.stringify(v);
}

/** JSON text of a value, in a random but valid spelling; [key, value] pairs keep their order (and duplicates). */
export function write(v: unknown, rng: Rng, s: Style): string {
  if (v instanceof Raw) return v.text;
  if (v === null || typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return numberText(v, rng, s);
  if (typeof v === 'string') return stringText(v, rng, s);
  const w = (): string => wsOf(rng, s);
  if (Array.isArray(v)) return `[${w()}${v.map((x) => write(x, rng, s)).join(`${w()},${w()}`)}${w()}]`;
  const entries = v instanceof Pairs ? v.pairs : Object.entries(v as object);
  return `{${w()}${entries.map(([k, x]) => `${stringText(k, rng, s)}${w()}:${w()}${write(x, rng, s)}`).join(`${w()},${w()}`)}${w()}}`;
}

/** An object as ordered pairs (a key may repeat). */
export class Pairs {
  constructor(readonly pairs: [string, unknown][]) {}
}

const LABELS = ['redis', 'dynamo', 's3', '', 'é', '日本語', 'ключ', '😀', 'a/b', 'quote"q', 'back\\slash', '\ud800', '\udc00x', '\ufffd', 'tab\u00a0nbsp'];
const BAD_TEXT = ['\u0007', 'a\u200bb', 'x\u2028', '\u009f', 'nl\n', '\u202e'];

function base64Of(rng: Rng): string {
  const bytes = Uint8Array.from({ length: int(rng, 12) }, () => int(rng, 256));
  return Buffer.from(bytes).toString('base64');
}

function uintOf(rng: Rng): number {
  const r = rng();
  if (r < 0.6) return int(rng, 10);
  if (r < 0.9) return int(rng, 100_000);
  if (r < 0.96) return 2 ** 32 + int(rng, 1000); // a Float64Array
  if (r < 0.98) return 2 ** 53 + 2 * int(rng, 1000); // beyond 2^53: a warning
  return pick(rng, [2 ** 64, 2 ** 60, 4294967295, 4294967296]);
}

/** A small random JSON value for unknown fields. */
function junk(rng: Rng, depth = 0): unknown {
  const r = int(rng, depth > 3 ? 4 : 6);
  switch (r) {
    case 0: return null;
    case 1: return rng() < 0.5;
    case 2: return pick(rng, [0, -1, 1.5, 1e300, -0, 123456789012345680000]);
    case 3: return pick(rng, LABELS.concat(BAD_TEXT));
    case 4: return Array.from({ length: int(rng, 4) }, () => junk(rng, depth + 1));
    default: return Object.fromEntries(Array.from({ length: int(rng, 4) }, (_, i) => [`k${i}`, junk(rng, depth + 1)]));
  }
}

/** An own property, even "__proto__" (as JSON.parse makes it). */
function own(o: Record<string, unknown>, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
}

function shuffle<T>(rng: Rng, xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = int(rng, i + 1);
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

export interface Case {
  name: string;
  bytes: Uint8Array;
  limits: AnswerLimits;
  series?: Series;
}

interface Doc { top: Record<string, unknown>; limits: AnswerLimits }

function randomDoc(rng: Rng): Doc {
  const nCols = pick(rng, [0, 1, 2, 3, 7, 16, 40]);
  // Past 2^53 (a warning per column) doubles are 2 apart or more: steps of 1024 stay exact.
  const huge = rng() < 0.1;
  const t0 = huge ? 2 ** 54 : pick(rng, [1_700_000_000_000, 0, -5000]);
  const step = huge ? pick(rng, [1024, 65536]) : pick(rng, [1, 1000, 60_000]);
  const cols: number[] = [];
  for (let j = 0; j < nCols; j++) cols.push(j > 0 && rng() < 0.05 ? cols[j - 1]! : t0 + j * step);
  const nRows = pick(rng, [0, 1, 2, 5, 12]);
  const identity = rng() < 0.7;
  const rows = Array.from({ length: nRows }, (_, r) => {
    const row: Record<string, unknown> = {
      bucket_id: pick(rng, [`route:${r}`, `virtual:${r}`, `route:${r}:redis#1`, `ключ${r}`, `😀${r}`]),
      values: Array.from({ length: nCols }, () => uintOf(rng)),
    };
    if (rng() < 0.6) row.label = pick(rng, LABELS);
    if (rng() < 0.7) row.start = rng() < 0.3 ? null : base64Of(rng);
    if (rng() < 0.7) row.end = rng() < 0.3 ? null : base64Of(rng);
    const aggregate = rng() < 0.3;
    if (rng() < 0.8) row.aggregate = aggregate;
    if (aggregate) {
      row.route_ids = rng() < 0.2 ? null : Array.from({ length: int(rng, 5) }, () => uintOf(rng));
      if (rng() < 0.5) row.route_ids_truncated = rng() < 0.5;
    }
    if (rng() < 0.8) row.route_count = int(rng, 3) === 0 ? 2 ** 40 : int(rng, 100);
    if (identity || rng() < 0.1) {
      const g = rng();
      row.raft_group_ids = g < 0.1 ? null : g < 0.2 && nCols > 0 ? [] : Array.from({ length: nCols }, () => 1 + int(rng, 16));
      row.leader_terms = g < 0.1 ? undefined : Array.from({ length: nCols }, () => uintOf(rng));
      if (row.leader_terms === undefined) delete row.leader_terms;
    }
    if (rng() < 0.1) row.conflict = junk(rng);
    if (rng() < 0.1) row.conflicts = junk(rng);
    if (rng() < 0.15) own(row, pick(rng, ['extra', '__proto__', 'constructor', 'Values']), junk(rng));
    return Object.fromEntries(shuffle(rng, Object.entries(row)));
  });
  const top: Record<string, unknown> = { column_unix_ms: cols, rows, series: pick(rng, SERIES) };
  if (rng() < 0.7) top.generated_at = pick(rng, ['2026-11-24T12:00:00Z', '2026-11-24T12:00:00.123456789Z', '']);
  if (rng() < 0.2) own(top, pick(rng, ['version', 'hint', '__proto__']), junk(rng));
  const limits: AnswerLimits = pick(rng, [
    {}, { rows: Math.max(nRows, 1) }, { rows: 1024, fromMs: null, toMs: null }, { saved: true, rows: 8192 },
    ...(nCols > 0 ? [{ rows: 1024, fromMs: Math.min(...cols), toMs: Math.max(...cols) + (huge ? 1024 : 1) }] : []),
  ]);
  return { top: Object.fromEntries(shuffle(rng, Object.entries(top))), limits };
}

const randomStyle = (rng: Rng): Style => pick(rng, [
  { ws: 0, escape: 0, numberForm: 0 },
  { ws: 0.3, escape: 0.1, numberForm: 0.05 },
  { ws: 1, escape: 0.5, numberForm: 0.3 },
]);

const enc = new TextEncoder();

/** A random valid answer (valid for today's path: the test checks that too). */
export function validCase(rng: Rng, i: number): Case {
  const { top, limits } = randomDoc(rng);
  const text = wsOf(rng, { ws: 0.3, escape: 0, numberForm: 0 }) + write(top, rng, randomStyle(rng)) + wsOf(rng, { ws: 0.3, escape: 0, numberForm: 0 });
  return { name: `valid #${i}`, bytes: enc.encode(text), limits, series: rng() < 0.5 ? (top.series as Series) : undefined };
}

type Mutation = (doc: Doc, rng: Rng) => void;

const BAD_VALUES: unknown[] = [1.5, -1, -0.5, '5', null, {}, [], true, { a: [1, 2] }, 2 ** 64 * 2, new Raw('1e400'), new Raw('-1e400'),
  new Raw('18446744073709551617'), new Raw('18446744073709551616'), new Raw('1e-400'), new Raw('1E2'), new Raw('-0'), new Raw('0.1e1')];
const WRONG_TYPES: unknown[] = ['x', 5, {}, null, true, [], [1]];

function someRow(doc: Doc, rng: Rng): Record<string, unknown> | null {
  const rows = doc.top.rows as Record<string, unknown>[];
  return rows.length ? rows[int(rng, rows.length)]! : null;
}

function setElement(a: unknown, rng: Rng): boolean {
  if (!Array.isArray(a) || a.length === 0) return false;
  a[int(rng, a.length)] = pick(rng, BAD_VALUES);
  return true;
}

const MUTATIONS: Mutation[] = [
  (d, rng) => { delete d.top[pick(rng, ['column_unix_ms', 'rows', 'series'])]; },
  (d, rng) => { d.top[pick(rng, ['column_unix_ms', 'rows', 'series', 'generated_at'])] = pick(rng, WRONG_TYPES); },
  (d, rng) => { d.top.generated_at = pick(rng, BAD_TEXT); },
  (d, rng) => { d.top.fanout = pick(rng, [null, { nodes: [], responded: 0, expected: 0 }, 'x']); },
  (d, rng) => { if (!setElement(d.top.column_unix_ms, rng)) d.top.column_unix_ms = [new Raw('1.5')]; },
  (d, rng) => { (d.top.rows as unknown[]).push(pick(rng, WRONG_TYPES)); },
  (d, rng) => { const r = someRow(d, rng); if (r) r[pick(rng, ['bucket_id', 'label', 'start', 'end', 'aggregate', 'route_ids', 'route_ids_truncated', 'route_count', 'values', 'raft_group_ids', 'leader_terms'])] = pick(rng, WRONG_TYPES); },
  (d, rng) => { const r = someRow(d, rng); if (r) delete r.bucket_id; },
  (d, rng) => { const r = someRow(d, rng); if (r) r[pick(rng, ['bucket_id', 'label'])] = pick(rng, BAD_TEXT); },
  (d, rng) => { const r = someRow(d, rng); if (r) r[pick(rng, ['start', 'end'])] = pick(rng, ['abc', 'YQ=', '====', 'ä', 5]); },
  (d, rng) => { const r = someRow(d, rng); if (r) r.route_count = pick(rng, [-1, 1.5, 2 ** 60, '3', new Raw('1e400')]); },
  (d, rng) => { const r = someRow(d, rng); if (r) r.route_ids = [1, pick(rng, BAD_VALUES)]; },
  (d, rng) => { const r = someRow(d, rng); if (r && !setElement(r.values, rng)) r.values = [pick(rng, BAD_VALUES)]; },
  (d, rng) => { const r = someRow(d, rng); if (r && !setElement(r.raft_group_ids, rng)) r.raft_group_ids = [pick(rng, BAD_VALUES)]; },
  (d, rng) => { const r = someRow(d, rng); if (r && !setElement(r.leader_terms, rng)) r.leader_terms = [pick(rng, BAD_VALUES)]; },
  // Not parallel to the columns: short, long, an identity array of another length.
  (d, rng) => { const r = someRow(d, rng); if (r && Array.isArray(r.values)) { if (rng() < 0.5) r.values.pop(); else r.values.push(1); } },
  (d, rng) => { const r = someRow(d, rng); if (r) r[pick(rng, ['raft_group_ids', 'leader_terms'])] = [1, 2, 3, 4, 5, 6, 7, 8, 9].slice(0, 1 + int(rng, 9)); },
  // Beyond what the request allows.
  (d, rng) => { d.limits = { ...d.limits, rows: Math.max(0, (d.top.rows as unknown[]).length - 1 - int(rng, 2)) }; },
  (d) => { d.limits = { ...d.limits, columns: Math.max(0, (d.top.column_unix_ms as unknown[]).length - 1) }; },
  (d, rng) => { const c = d.top.column_unix_ms as number[]; if (c.length) d.limits = { ...d.limits, fromMs: c[c.length - 1]! - int(rng, 2), toMs: c[0]! + 1 + int(rng, 3) }; },
  // One time more often than a ring's flushes repeat it.
  (d) => {
    (d.top.column_unix_ms as number[]).push(...new Array<number>(9).fill(5));
    for (const r of d.top.rows as Record<string, unknown>[]) if (Array.isArray(r.values)) r.values.push(...new Array<number>(9).fill(0));
  },
];

/** A valid answer with one thing wrong (most are refused by today's path; the test only asks for agreement). */
export function mutatedCase(rng: Rng, i: number): Case {
  const doc = randomDoc(rng);
  const m = int(rng, MUTATIONS.length);
  MUTATIONS[m]!(doc, rng);
  const text = write(doc.top, rng, randomStyle(rng));
  return { name: `mutation ${m} #${i}`, bytes: enc.encode(text), limits: doc.limits, series: rng() < 0.5 ? (doc.top.series as Series) : undefined };
}

// --- the two paths ---

export type Outcome = { ok: true; parsed: Parsed } | { ok: false; message: string; syntax: boolean };

const SOURCE = 'node-a';
const INDEX = 2;

/** Today's path: parse-answer.ts's steps (non-fatal UTF-8 with the BOM stripped, JSON.parse, {} / null), then parseNodeMatrix. */
export function todayPath(c: Case): Outcome {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(c.bytes));
  } catch {
    return { ok: false, message: 'not valid JSON', syntax: true };
  }
  if (c.series !== undefined && (json === null || (typeof json === 'object' && !Array.isArray(json) && Object.keys(json).length === 0))) {
    json = { column_unix_ms: [], rows: [], series: c.series };
  }
  try {
    return { ok: true, parsed: parseNodeMatrix(json, SOURCE, INDEX, c.limits) };
  } catch (err) {
    if (!(err instanceof MatrixInputError)) throw err;
    return { ok: false, message: err.message, syntax: false };
  }
}

/** Chunk sizes: whole, one byte at a time, or random runs up to `max`. */
export type Chunking = 'whole' | 'bytes' | { max: number; seed: number };

export function streamPath(c: Case, chunking: Chunking): Outcome {
  const d = createMatrixDecoder(SOURCE, INDEX, c.limits, c.series);
  try {
    const b = c.bytes;
    if (chunking === 'whole') d.push(b);
    else if (chunking === 'bytes') for (let i = 0; i < b.length; i++) d.push(b.subarray(i, i + 1));
    else {
      const rng = prng(chunking.seed);
      for (let i = 0; i < b.length;) {
        const n = 1 + int(rng, chunking.max);
        d.push(b.subarray(i, i + n));
        i += n;
      }
    }
    return { ok: true, parsed: d.end() };
  } catch (err) {
    if (!(err instanceof MatrixInputError)) throw err;
    return { ok: false, message: err.message, syntax: err instanceof MatrixSyntaxError };
  }
}

/**
 * Refusals where the decoder may differ from today's path: it stops at the first row or column past
 * a bound (before it could count them all), refuses nesting and number lengths no answer has, and a
 * known field written twice (JSON.parse keeps the last).
 */
export const EARLY = /: at least \d+ (rows|columns|entries)/;
export const DIVERGENT = /nesting deeper than \d+ levels|a number longer than \d+ characters|appears twice/;

/** Why two outcomes disagree, or null when they agree by the rules above. */
export function disagreement(today: Outcome, stream: Outcome): string | null {
  if (stream.ok) {
    if (!today.ok) return `the decoder accepted what today's path refused (${today.message})`;
    return sameParsed(today.parsed, stream.parsed);
  }
  if (DIVERGENT.test(stream.message)) return null;
  if (today.ok) return `the decoder refused what today's path accepted: ${stream.message}`;
  if (stream.syntax) return today.syntax ? null : `the decoder found a syntax error where JSON.parse found none: ${stream.message}`;
  if (EARLY.test(stream.message)) return null;
  if (today.syntax) return `JSON.parse refused the text, the decoder said: ${stream.message}`;
  return today.message === stream.message ? null : `messages differ:\n  today:  ${today.message}\n  stream: ${stream.message}`;
}

type Typed = Uint32Array | Float64Array;

function sameTyped(a: Typed | null, b: Typed | null, what: string): string | null {
  if (a === null || b === null) return a === b ? null : `${what}: ${a === null ? 'null' : 'an array'} vs ${b === null ? 'null' : 'an array'}`;
  if (a.constructor !== b.constructor) return `${what}: ${a.constructor.name} vs ${b.constructor.name}`;
  if (a.length !== b.length) return `${what}: length ${a.length} vs ${b.length}`;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return `${what}[${i}]: ${a[i]} vs ${b[i]}`;
  return null;
}

const ROW_KEYS: (keyof NodeRow)[] = ['bucketId', 'label', 'start', 'end', 'aggregate', 'routeIdsTruncated', 'routeCount'];

export function sameParsed(a: Parsed, b: Parsed): string | null {
  const ma = a.matrix;
  const mb = b.matrix;
  if (JSON.stringify(a.warnings) !== JSON.stringify(b.warnings)) return `warnings differ:\n  ${JSON.stringify(a.warnings)}\n  ${JSON.stringify(b.warnings)}`;
  if (JSON.stringify(Object.keys(ma).sort()) !== JSON.stringify(Object.keys(mb).sort())) return 'matrix keys differ';
  for (const k of ['source', 'series', 'generatedAt'] as const) if (ma[k] !== mb[k]) return `${k}: ${ma[k]} vs ${mb[k]}`;
  const cols = sameTyped(ma.columns, mb.columns, 'columns');
  if (cols) return cols;
  if (ma.rows.length !== mb.rows.length) return `rows: ${ma.rows.length} vs ${mb.rows.length}`;
  for (let r = 0; r < ma.rows.length; r++) {
    const x = ma.rows[r]!;
    const y = mb.rows[r]!;
    if (JSON.stringify(Object.keys(x).sort()) !== JSON.stringify(Object.keys(y).sort())) return `rows[${r}] keys differ`;
    for (const k of ROW_KEYS) if (!Object.is(x[k], y[k])) return `rows[${r}].${k}: ${String(x[k])} vs ${String(y[k])}`;
    const ids = x.routeIds === null || y.routeIds === null ? (x.routeIds === y.routeIds ? null : 'routeIds null vs not')
      : x.routeIds.length !== y.routeIds.length || x.routeIds.some((v, i) => !Object.is(v, y.routeIds![i])) ? 'routeIds differ' : null;
    if (ids) return `rows[${r}]: ${ids}`;
    const t = sameTyped(x.values, y.values, `rows[${r}].values`) ?? sameTyped(x.groups, y.groups, `rows[${r}].groups`)
      ?? sameTyped(x.terms, y.terms, `rows[${r}].terms`);
    if (t) return t;
  }
  return null;
}

/** Every chunking gives one outcome (the same message, byte offsets included), which agrees with today's path. */
export function check(c: Case, chunkings: Chunking[]): { today: Outcome; stream: Outcome; problem: string | null } {
  const today = todayPath(c);
  const outs = chunkings.map((ch) => streamPath(c, ch));
  const stream = outs[0]!;
  for (let k = 1; k < outs.length; k++) {
    const o = outs[k]!;
    const differs = o.ok !== stream.ok || (o.ok && stream.ok ? sameParsed(o.parsed, stream.parsed) : !o.ok && !stream.ok && o.message !== stream.message ? 'x' : null);
    if (differs) return { today, stream, problem: `chunking ${JSON.stringify(chunkings[k])} gave another outcome than ${JSON.stringify(chunkings[0])}: ${o.ok ? 'ok' : o.message}` };
  }
  return { today, stream, problem: disagreement(today, stream) };
}

/** The text for a failure report: the input's start, escaped. */
export function excerpt(c: Case, n = 300): string {
  const t = new TextDecoder().decode(c.bytes);
  return JSON.stringify(t.length > n ? `${t.slice(0, n)}…` : t);
}
