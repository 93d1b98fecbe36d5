// elastickv stores user data under internal keys (`!redis|str|hot:4` is the string value of
// Redis key `hot:4`). Hot-key answers carry those raw keys; operators need the user's key and
// what kind of record it is. This is a pure decoder of the layouts, shared by main and the
// renderer (no Node Buffer). The bytes come from a remote node: every parser checks every
// length, never throws, and does work linear in the key length. Anything that is not exactly
// one of the layouts below decodes to null and is shown as today (keyPreview).
//
// Layouts are read from elastickv at commit d9a031d:
//   Redis   adapter/redis_compat_types.go (!redis|str|, ttl, hash, set, zset, hll, stream, route),
//           adapter/redis_txn.go (!redis|txn-wide-*| fences), store/list_helpers.go (!lst|),
//           store/hash_helpers.go (!hs|), store/set_helpers.go (!st|), store/zset_helpers.go (!zs|),
//           store/stream_helpers.go (!stream|)
//   Dynamo  adapter/dynamodb_keys.go, adapter/dynamodb_attrvalue.go (ordered key segments and
//           numbers), adapter/dynamodb.go (escape bytes), kv/shard_key.go (!ddb| prefixes, route)
//   SQS     adapter/sqs_keys.go, adapter/sqs_messages.go, kv/shard_key.go (!sqs|route|)
//   S3      internal/s3keys/keys.go, internal/s3keys/chunkref.go
//   Files   internal/fskeys/keys.go
//   Txn     kv/txn_keys.go (wrappers around any of the above)
// adapter/internal.go builds no storage keys (it only forwards !txn|meta| mutations).
import { HEX_PREVIEW_BYTES, base64ToBytes, keyPreview } from '../keys';

export type KeyAdapter = 'redis' | 'dynamo' | 'sqs' | 's3' | 'fs' | 'txn';

export interface KeyPart { name: string; text: string }

export interface DecodedKey {
  adapter: KeyAdapter;
  /** Stable machine id of the layout, e.g. 'redis_string'. */
  kind: string;
  /** The same in operator words, e.g. 'Redis string'. */
  kindLabel: string;
  /** The user's key: the Redis key; the DynamoDB table or partition key (a GSI entry: the index's
   *  partition key; a number attribute: its decimal text); the S3 object key or bucket; the SQS
   *  queue name; a file name, or 'inode N' for records keyed by inode number. */
  userKey: Uint8Array;
  /** userKey as text when it is printable UTF-8 (ASCII included), else null. */
  userKeyText: string | null;
  /** Other named parts (hash field, table, bucket, generation, ...): printable text, a number, or 0x-hex. */
  parts?: KeyPart[];
}

export interface KeyDescription {
  /** The user key as text, or 0x-hex of its first 32 bytes; keyPreview() of the raw key for unknown layouts. */
  text: string;
  kindLabel: string | null;
  /** The parts as 'name: text · name: text', or null. */
  detail: string | null;
}

/** Longer keys are not decoded at all (elastickv's hot-key sampler keeps keys of at most 4 KiB). */
export const MAX_DECODE_BYTES = 64 * 1024;

// ---------------------------------------------------------------------------------------------
// Field readers. Each reads at the cursor and advances it; null = malformed, undefined = an
// optional field that is absent. Byte strings are Uint8Array, numbers are already text.

interface Cursor { b: Uint8Array; i: number }
type Val = Uint8Array | string;
type Op = (c: Cursor) => Val | null | undefined;

const left = (c: Cursor): number => c.b.length - c.i;

function take(c: Cursor, n: number): Uint8Array {
  const out = c.b.slice(c.i, c.i + n);
  c.i += n;
  return out;
}

function readUint(c: Cursor, n: number): bigint | null {
  if (left(c) < n) return null;
  let v = 0n;
  for (let k = 0; k < n; k++) v = (v << 8n) | BigInt(c.b[c.i + k]!);
  c.i += n;
  return v;
}

/** Everything to the end of the key. */
const rest: Op = (c) => take(c, left(c));

/** Everything but the last n bytes (a fixed-width suffix follows). */
const restBefore = (n: number): Op => (c) => (left(c) < n ? null : take(c, left(c) - n));

/** store.*: the user key behind a 4-byte big-endian length, so it may contain any byte. */
const len32: Op = (c) => {
  const n = readUint(c, 4);
  return n === null || n > BigInt(left(c)) ? null : take(c, Number(n));
};

const u32: Op = (c) => readUint(c, 4)?.toString() ?? null;
const u64: Op = (c) => readUint(c, 8)?.toString() ?? null;
const inode: Op = (c) => { const v = readUint(c, 8); return v === null ? null : `inode ${v}`; };

/** Milliseconds since the epoch, with the UTC time when it is a representable date. */
const epochMs: Op = (c) => {
  const v = readUint(c, 8);
  if (v === null) return null;
  return v <= 8_640_000_000_000_000n ? `${v} (${new Date(Number(v)).toISOString()})` : v.toString();
};

/** store.encodeSortableInt64: big-endian of seq XOR minInt64 (list sequence numbers). */
const sortableInt64: Op = (c) => {
  const v = readUint(c, 8);
  return v === null ? null : BigInt.asIntN(64, v ^ (1n << 63n)).toString();
};

/** store.EncodeSortableFloat64: positive scores have the sign bit flipped, negative ones all bits. */
const sortableFloat64: Op = (c) => {
  const v = readUint(c, 8);
  if (v === null) return null;
  const bits = v >> 63n === 1n ? v ^ (1n << 63n) : v ^ 0xffff_ffff_ffff_ffffn;
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, bits);
  const f = view.getFloat64(0);
  return Number.isNaN(f) ? 'nan' : f === Infinity ? 'inf' : f === -Infinity ? '-inf' : String(f);
};

/** store.EncodeStreamID: ms and seq, 8 bytes big-endian each, shown the way Redis writes IDs. */
const streamId: Op = (c) => {
  const ms = readUint(c, 8);
  const seq = ms === null ? null : readUint(c, 8);
  return ms === null || seq === null ? null : `${ms}-${seq}`;
};

/** The literal bytes s (separators); never shown. */
const lit = (s: string): Op => (c) => {
  if (left(c) < s.length) return null;
  for (let k = 0; k < s.length; k++) if (c.b[c.i + k] !== s.charCodeAt(k)) return null;
  c.i += s.length;
  return '';
};

/** strconv.FormatUint: the DynamoDB table generation between '|'. */
const decimal: Op = (c) => {
  const start = c.i;
  while (c.i < c.b.length && c.i - start < 20 && c.b[c.i]! >= 0x30 && c.b[c.i]! <= 0x39) c.i++;
  return c.i === start ? null : String.fromCharCode(...c.b.subarray(start, c.i));
};

/** Order-preserving escaped segment: 0x00 is written 0x00 `zero`, the segment ends with 0x00 `end`.
 *  s3keys and the DynamoDB ordered keys end with 0x00 0x01; fskeys ends with 0x00 0x00. */
function escapedSegment(zero: number, end: number): Op {
  return (c) => {
    const out = new Uint8Array(left(c));
    let n = 0;
    for (let i = c.i; i < c.b.length; i++) {
      const x = c.b[i]!;
      if (x !== 0) { out[n++] = x; continue; }
      const next = c.b[i + 1];
      if (next === zero) { out[n++] = 0; i++; continue; }
      if (next !== end) return null; // a bad escape, or the key ends inside one
      c.i = i + 2;
      return out.slice(0, n);
    }
    return null; // no terminator
  };
}
const segment = escapedSegment(0xff, 0x01);
const fsSegment = escapedSegment(0xff, 0x00);

/** A DynamoDB ordered key value: the segment, shown as a number when it is exactly an encoded N. */
const dynamoValue: Op = (c) => {
  const raw = segment(c);
  return raw instanceof Uint8Array ? (dynamoNumber(raw) ?? raw) : raw;
};

// base64.RawURLEncoding (no padding): DynamoDB table/legacy key segments and SQS segments.
const B64URL = new Int8Array(256).fill(-1);
for (let k = 0; k < 64; k++) B64URL['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.charCodeAt(k)] = k;

function b64urlDecode(b: Uint8Array, start: number, end: number): Uint8Array | null {
  const n = end - start;
  if (n % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((n * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = start; i < end; i++) {
    const v = B64URL[b[i]!]!;
    if (v < 0) return null;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) { bits -= 8; out[o++] = (acc >> bits) & 0xff; }
  }
  return out;
}

/** The longest run of base64url characters. Segments are followed by '|' or by a fixed-width
 *  big-endian number whose first byte (0x00 for any generation below 2^56) is not base64. */
const b64Run = (minLen: number): Op => (c) => {
  const start = c.i;
  while (c.i < c.b.length && B64URL[c.b[c.i]!]! >= 0) c.i++;
  return c.i - start < minLen ? null : b64urlDecode(c.b, start, c.i);
};
const b64Name = b64Run(2); // queue and table names are never empty
const b64Any = b64Run(0);
/** A legacy DynamoDB range segment: empty means the table has no sort key. */
const b64Optional: Op = (c) => { const v = b64Any(c); return v instanceof Uint8Array && v.length === 0 ? undefined : v; };
/** The whole rest of the key as one base64url segment (a queue name, or a trailing message/dedup/group id). */
const b64Rest = (minLen: number): Op => (c) => {
  const v = left(c) < minLen ? null : b64urlDecode(c.b, c.i, c.b.length);
  if (v) c.i = c.b.length;
  return v;
};
/** All but the last n bytes as one base64url segment (the SQS tombstone's queue name). */
const b64Before = (n: number): Op => (c) => {
  if (left(c) < n + 2) return null;
  const v = b64urlDecode(c.b, c.i, c.b.length - n);
  if (v) c.i = c.b.length - n;
  return v;
};

/** s3keys.ChunkBlobKey: a SHA-256 as 64 hex digits. */
const sha256Hex: Op = (c) => {
  if (left(c) !== 64) return null;
  const v = take(c, 64);
  return v.every((x) => (x >= 0x30 && x <= 0x39) || (x >= 0x41 && x <= 0x46) || (x >= 0x61 && x <= 0x66)) ? v : null;
};

/** A field that may be missing at the very end of the key (the S3 part version). */
const optional = (op: Op): Op => (c) => (left(c) === 0 ? undefined : op(c));

// ---------------------------------------------------------------------------------------------
// DynamoDB numbers (adapter/dynamodb_attrvalue.go encodeNumericKeyBytes): zero is 0x01;
// otherwise 0x02 (positive) or 0x00 (negative, rest bit-inverted), then the decimal exponent
// as an ordered signed int64, 0x00, and the significant digits (value = 0.DIGITS × 10^exp).
// A key segment carries no type tag, so a string or binary key that is byte-for-byte such an
// encoding would also read as a number; printable strings never start with 0x00..0x02.

function dynamoNumber(raw: Uint8Array): string | null {
  if (raw.length === 1 && raw[0] === 0x01) return '0';
  const negative = raw[0] === 0x00;
  if (raw.length < 4 || (!negative && raw[0] !== 0x02)) return null;
  const body = negative ? raw.subarray(1).map((x) => ~x & 0xff) : raw.subarray(1);
  let i: number;
  let exp: bigint;
  if (body[0] === 0x01) {
    exp = 0n;
    i = 1;
  } else if (body[0] === 0x02 || body[0] === 0x00) {
    // encodeOrderedUint64: a width byte (1..8) and that many big-endian bytes; inverted when negative.
    const inv = body[0] === 0x00 ? 0xff : 0;
    const width = (body[1] ?? 0) ^ inv;
    if (width < 1 || width > 8 || body.length < 2 + width) return null;
    let m = 0n;
    for (let k = 0; k < width; k++) m = (m << 8n) | BigInt(body[2 + k]! ^ inv);
    if ((body[2]! ^ inv) === 0) return null; // the width is minimal, so the first byte is never 0
    exp = inv ? -m : m;
    i = 2 + width;
  } else return null;
  if (body[i] !== 0x00) return null;
  const digits = body.subarray(i + 1);
  if (digits.length === 0 || digits[0] === 0x30 || digits[digits.length - 1] === 0x30) return null;
  if (!digits.every((x) => x >= 0x30 && x <= 0x39)) return null;
  const d = utf8.decode(digits);
  let s: string;
  if (exp > 64n || exp < -64n) {
    s = `${d[0]}${d.length > 1 ? `.${d.slice(1)}` : ''}e${exp - 1n}`;
  } else {
    const e = Number(exp);
    s = e <= 0 ? `0.${'0'.repeat(-e)}${d}` : e < d.length ? `${d.slice(0, e)}.${d.slice(e)}` : d + '0'.repeat(e - d.length);
  }
  return negative ? `-${s}` : s;
}

// ---------------------------------------------------------------------------------------------
// The layouts. A key is tried against every layout whose prefix it starts with, in this order
// (longer prefixes first), and the first that consumes it exactly wins. '@' is the user key;
// '' is a separator, not shown; any other name becomes a part.

const KEY = '@';

interface Layout { prefix: Uint8Array; adapter: KeyAdapter; kind: string; kindLabel: string; fields: Array<[string, Op]> }

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (ch) => ch.charCodeAt(0));

const LAYOUTS: Layout[] = [];
function layout(adapter: KeyAdapter, prefix: string, kind: string, kindLabel: string, ...fields: Array<[string, Op]>): void {
  LAYOUTS.push({ prefix: ascii(prefix), adapter, kind, kindLabel, fields });
}

// Redis, plain prefix + user key (adapter/redis_compat_types.go, adapter/redis_txn.go).
layout('redis', '!redis|str|', 'redis_string', 'Redis string', [KEY, rest]);
layout('redis', '!redis|ttl|', 'redis_ttl', 'Redis TTL', [KEY, rest]);
layout('redis', '!redis|hash|', 'redis_hash_blob', 'Redis hash (legacy blob)', [KEY, rest]);
layout('redis', '!redis|set|', 'redis_set_blob', 'Redis set (legacy blob)', [KEY, rest]);
layout('redis', '!redis|zset|', 'redis_zset_blob', 'Redis sorted set (legacy blob)', [KEY, rest]);
layout('redis', '!redis|hll|', 'redis_hll', 'Redis HyperLogLog', [KEY, rest]);
layout('redis', '!redis|stream|', 'redis_stream_blob', 'Redis stream (legacy blob)', [KEY, rest]);
// Reads are sampled under this routing key (redisUserRouteKey), not a storage key.
layout('redis', '!redis|route|', 'redis_route', 'Redis key (read route)', [KEY, rest]);
layout('redis', '!redis|txn-wide-hash|', 'redis_hash_fence', 'Redis hash txn fence', [KEY, rest]);
layout('redis', '!redis|txn-wide-set|', 'redis_set_fence', 'Redis set txn fence', [KEY, rest]);
layout('redis', '!redis|txn-wide-list|', 'redis_list_fence', 'Redis list txn fence', [KEY, rest]);
layout('redis', '!redis|txn-wide-zset|', 'redis_zset_fence', 'Redis sorted set txn fence', [KEY, rest]);

// Redis lists (store/list_helpers.go). Meta and item keys are NOT length-prefixed; a list meta key
// whose user key starts with "d|" shares the delta prefix, so the delta layout must fit exactly.
layout('redis', '!lst|meta|d|', 'redis_list_delta', 'Redis list length delta', [KEY, len32], ['commit ts', u64], ['seq in txn', u32]);
layout('redis', '!lst|meta|', 'redis_list_meta', 'Redis list metadata', [KEY, rest]);
layout('redis', '!lst|itm|', 'redis_list_item', 'Redis list item', [KEY, restBefore(8)], ['seq', sortableInt64]);
layout('redis', '!lst|claim|', 'redis_list_claim', 'Redis list pop claim', [KEY, len32], ['seq', sortableInt64]);

// Redis wide-column hash / set / sorted set / stream: prefix + len32 user key + suffix.
layout('redis', '!hs|meta|d|', 'redis_hash_delta', 'Redis hash length delta', [KEY, len32], ['commit ts', u64], ['seq in txn', u32]);
layout('redis', '!hs|meta|', 'redis_hash_meta', 'Redis hash metadata', [KEY, len32]);
layout('redis', '!hs|fld|', 'redis_hash_field', 'Redis hash field', [KEY, len32], ['field', rest]);
layout('redis', '!st|meta|d|', 'redis_set_delta', 'Redis set length delta', [KEY, len32], ['commit ts', u64], ['seq in txn', u32]);
layout('redis', '!st|meta|', 'redis_set_meta', 'Redis set metadata', [KEY, len32]);
layout('redis', '!st|mem|', 'redis_set_member', 'Redis set member', [KEY, len32], ['member', rest]);
layout('redis', '!zs|meta|d|', 'redis_zset_delta', 'Redis sorted set length delta', [KEY, len32], ['commit ts', u64], ['seq in txn', u32]);
layout('redis', '!zs|meta|', 'redis_zset_meta', 'Redis sorted set metadata', [KEY, len32]);
layout('redis', '!zs|mem|', 'redis_zset_member', 'Redis sorted set member', [KEY, len32], ['member', rest]);
layout('redis', '!zs|scr|', 'redis_zset_score', 'Redis sorted set score index', [KEY, len32], ['score', sortableFloat64], ['member', rest]);
layout('redis', '!stream|meta|', 'redis_stream_meta', 'Redis stream metadata', [KEY, len32]);
layout('redis', '!stream|entry|', 'redis_stream_entry', 'Redis stream entry', [KEY, len32], ['entry id', streamId]);

// DynamoDB (adapter/dynamodb_keys.go). Table and index names are base64url; items come in the
// legacy all-base64url shape and the ordered (key encoding v2) shape, where each key value is an
// escaped segment. The user key is the item's partition key; for a GSI entry, the index's one.
const TABLE: [string, Op] = ['table', b64Name];
const GEN: Array<[string, Op]> = [['', lit('|')], ['generation', decimal], ['', lit('|')]];
layout('dynamo', '!ddb|meta|table|', 'dynamo_table_meta', 'DynamoDB table schema', [KEY, b64Name]);
layout('dynamo', '!ddb|meta|gen|', 'dynamo_table_generation', 'DynamoDB table generation', [KEY, b64Name]);
layout('dynamo', '!ddb|route|table|', 'dynamo_route', 'DynamoDB table route', [KEY, b64Name]);
layout('dynamo', '!ddb|item|', 'dynamo_item', 'DynamoDB item', TABLE, ...GEN, [KEY, b64Any], ['', lit('|')], ['sort key', b64Optional]);
layout('dynamo', '!ddb|item|', 'dynamo_item', 'DynamoDB item', TABLE, ...GEN, [KEY, dynamoValue], ['sort key', optional(dynamoValue)]);
const INDEX: Array<[string, Op]> = [TABLE, ...GEN, ['index', b64Name], ['', lit('|')]];
layout('dynamo', '!ddb|gsi|', 'dynamo_gsi_entry', 'DynamoDB GSI entry', ...INDEX, [KEY, b64Any], ['', lit('|')],
  ['index sort key', b64Optional], ['', lit('|')], ['item key', b64Any], ['', lit('|')], ['item sort key', b64Optional]);
// Ordered GSI keys: index hash, [index range], item hash, [item range] with no count. Four and two
// segments are unambiguous; three could be either, so those parts are only numbered.
layout('dynamo', '!ddb|gsi|', 'dynamo_gsi_entry', 'DynamoDB GSI entry', ...INDEX, [KEY, dynamoValue],
  ['index sort key', dynamoValue], ['item key', dynamoValue], ['item sort key', dynamoValue]);
layout('dynamo', '!ddb|gsi|', 'dynamo_gsi_entry', 'DynamoDB GSI entry', ...INDEX, [KEY, dynamoValue],
  ['segment 2', dynamoValue], ['segment 3', dynamoValue]);
layout('dynamo', '!ddb|gsi|', 'dynamo_gsi_entry', 'DynamoDB GSI entry', ...INDEX, [KEY, dynamoValue], ['item key', dynamoValue]);

// SQS (adapter/sqs_keys.go, adapter/sqs_messages.go). Segments are base64url; generation (u64),
// partition (u32) and timestamps (u64 ms) are fixed-width big-endian. Partitioned FIFO queues
// insert "p|" after the family and '|' after the queue.
const Q: [string, Op] = [KEY, b64Name];
const P: Array<[string, Op]> = [['', lit('|')], ['partition', u32]];
layout('sqs', '!sqs|queue|meta|', 'sqs_queue_meta', 'SQS queue metadata', [KEY, b64Rest(2)]);
layout('sqs', '!sqs|queue|gen|', 'sqs_queue_generation', 'SQS queue generation', [KEY, b64Rest(2)]);
layout('sqs', '!sqs|queue|seq|', 'sqs_queue_sequence', 'SQS FIFO sequence counter', [KEY, b64Rest(2)]);
layout('sqs', '!sqs|queue|tombstone|', 'sqs_queue_tombstone', 'SQS queue tombstone', [KEY, b64Before(8)], ['generation', u64]);
layout('sqs', '!sqs|msg|data|p|', 'sqs_message', 'SQS message', Q, ...P, ['generation', u64], ['message id', b64Rest(1)]);
layout('sqs', '!sqs|msg|data|', 'sqs_message', 'SQS message', Q, ['generation', u64], ['message id', b64Rest(1)]);
layout('sqs', '!sqs|msg|vis|p|', 'sqs_visibility', 'SQS visibility index', Q, ...P, ['generation', u64], ['visible at', epochMs], ['message id', b64Rest(1)]);
layout('sqs', '!sqs|msg|vis|', 'sqs_visibility', 'SQS visibility index', Q, ['generation', u64], ['visible at', epochMs], ['message id', b64Rest(1)]);
layout('sqs', '!sqs|msg|dedup|p|', 'sqs_dedup', 'SQS FIFO dedup record', Q, ...P, ['generation', u64], ['group id', b64Any], ['', lit('|')], ['dedup id', b64Rest(1)]);
layout('sqs', '!sqs|msg|dedup|', 'sqs_dedup', 'SQS FIFO dedup record', Q, ['generation', u64], ['dedup id', b64Rest(1)]);
layout('sqs', '!sqs|msg|group|p|', 'sqs_group_lock', 'SQS FIFO group lock', Q, ...P, ['generation', u64], ['group id', b64Rest(1)]);
layout('sqs', '!sqs|msg|group|', 'sqs_group_lock', 'SQS FIFO group lock', Q, ['generation', u64], ['group id', b64Rest(1)]);
layout('sqs', '!sqs|msg|byage|p|', 'sqs_age_index', 'SQS send-age index', Q, ...P, ['generation', u64], ['sent at', epochMs], ['message id', b64Rest(1)]);
layout('sqs', '!sqs|msg|byage|', 'sqs_age_index', 'SQS send-age index', Q, ['generation', u64], ['sent at', epochMs], ['message id', b64Rest(1)]);
layout('sqs', '!sqs|route|', 'sqs_route', 'SQS route', [KEY, rest]);

// S3 (internal/s3keys/keys.go, chunkref.go): escaped segments ending 0x00 0x01, u64 big-endian.
const OBJ: Array<[string, Op]> = [['bucket', segment], ['generation', u64], [KEY, segment]];
const CHUNK: Array<[string, Op]> = [...OBJ, ['upload id', segment], ['part', u64], ['chunk', u64], ['part version', optional(u64)]];
layout('s3', '!s3|bucket|meta|', 's3_bucket_meta', 'S3 bucket metadata', [KEY, segment]);
layout('s3', '!s3|bucket|gen|', 's3_bucket_generation', 'S3 bucket generation', [KEY, segment]);
layout('s3', '!s3|obj|head|', 's3_object', 'S3 object', ...OBJ);
layout('s3', '!s3|upload|meta|', 's3_upload', 'S3 multipart upload', ...OBJ, ['upload id', segment]);
layout('s3', '!s3|upload|part|', 's3_upload_part', 'S3 upload part', ...OBJ, ['upload id', segment], ['part', u64]);
layout('s3', '!s3|blob|', 's3_blob', 'S3 object data', ...CHUNK);
layout('s3', '!s3|chunkref|', 's3_chunk_ref', 'S3 chunk reference', ...CHUNK);
layout('s3', '!s3|chunkblob|', 's3_chunk_blob', 'S3 content-addressed chunk', [KEY, sha256Hex]);
layout('s3', '!s3|gc|upload|', 's3_upload_gc', 'S3 upload cleanup', ...OBJ, ['upload id', segment]);
layout('s3', '!s3route|', 's3_route', 'S3 object route', ...OBJ);

// Filesystem (internal/fskeys/keys.go): u64 big-endian inodes, names as segments ending 0x00 0x00.
layout('fs', '!fs|ino|', 'fs_inode', 'File inode', [KEY, inode]);
layout('fs', '!fs|dir|', 'fs_dir_entry', 'Directory entry', ['parent inode', u64], [KEY, fsSegment]);
layout('fs', '!fs|dirv|', 'fs_dir_version', 'Directory version', [KEY, inode]);
layout('fs', '!fs|home|', 'fs_home', 'File placement', [KEY, inode]);
layout('fs', '!fs|chk|', 'fs_chunk', 'File chunk', ['home slot', u64], [KEY, inode], ['chunk', u64]);
layout('fs', '!fs|ref|', 'fs_handle', 'Open file handle', [KEY, inode], ['client', fsSegment], ['handle', u64]);
layout('fs', '!fs|reffence|', 'fs_handle_fence', 'Open-handle fence', [KEY, inode]);
layout('fs', '!fs|intent|', 'fs_intent', 'Filesystem recovery intent', [KEY, fsSegment]);
layout('fs', '!fs|job|move|', 'fs_move_job', 'File migration job', [KEY, fsSegment]);
layout('fs', '!fs|route|chk|', 'fs_chunk_route', 'File chunk route', ['home slot', u64], [KEY, inode]);
layout('fs', '!fs|usage|route|', 'fs_usage_route', 'Filesystem usage counter', [KEY, fsSegment]);

// Transaction records (kv/txn_keys.go) wrap another key; commit/rollback add the start timestamp.
const TXN: Array<{ prefix: Uint8Array; kind: string; kindLabel: string; tsBytes: number }> = [
  { prefix: ascii('!txn|lock|'), kind: 'txn_lock', kindLabel: 'Transaction lock', tsBytes: 0 },
  { prefix: ascii('!txn|int|'), kind: 'txn_intent', kindLabel: 'Transaction intent', tsBytes: 0 },
  { prefix: ascii('!txn|meta|'), kind: 'txn_meta', kindLabel: 'Transaction metadata', tsBytes: 0 },
  { prefix: ascii('!txn|cmt|'), kind: 'txn_commit', kindLabel: 'Transaction commit', tsBytes: 8 },
  { prefix: ascii('!txn|rb|'), kind: 'txn_rollback', kindLabel: 'Transaction rollback', tsBytes: 8 },
];

/** Every kind this module can return, for callers that filter or colour by kind. */
export const KEY_KINDS: ReadonlyArray<{ adapter: KeyAdapter; kind: string; kindLabel: string }> = (() => {
  const kinds = new Map<string, { adapter: KeyAdapter; kind: string; kindLabel: string }>();
  for (const l of LAYOUTS) kinds.set(l.kind, { adapter: l.adapter, kind: l.kind, kindLabel: l.kindLabel });
  for (const t of TXN) kinds.set(t.kind, { adapter: 'txn', kind: t.kind, kindLabel: t.kindLabel });
  return [...kinds.values()];
})();

// ---------------------------------------------------------------------------------------------

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8Encoder = new TextEncoder();
// Controls, format characters (bidi overrides, zero-width, BOM), private use, unassigned, and
// line/paragraph separators would hide or disguise what the key really is.
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/u;

/** The bytes as text when they are valid UTF-8 with nothing unprintable in it, else null. */
export function printableText(bytes: Uint8Array): string | null {
  let ascii = true;
  for (const x of bytes) {
    if (x < 0x20 || x === 0x7f) return null;
    if (x > 0x7e) ascii = false;
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return null;
  }
  return ascii || !UNPRINTABLE.test(text) ? text : null;
}

function hex(bytes: Uint8Array, max = Infinity): string {
  let s = '0x';
  const n = Math.min(bytes.length, max);
  for (let k = 0; k < n; k++) s += bytes[k]!.toString(16).padStart(2, '0');
  return bytes.length > n ? `${s}…` : s;
}

function partText(v: Val): string {
  if (typeof v === 'string') return v;
  return v.length === 0 ? '(empty)' : (printableText(v) ?? hex(v));
}

const startsWith = (b: Uint8Array, p: Uint8Array): boolean => b.length >= p.length && p.every((x, k) => b[k] === x);

function parse(bytes: Uint8Array, l: Layout): DecodedKey | null {
  const c: Cursor = { b: bytes, i: l.prefix.length };
  let user: Val | undefined;
  const parts: KeyPart[] = [];
  for (const [name, op] of l.fields) {
    const v = op(c);
    if (v === null) return null;
    if (v === undefined || name === '') continue;
    if (name === KEY) user = v;
    else parts.push({ name, text: partText(v) });
  }
  if (c.i !== bytes.length || user === undefined) return null;
  const userKey = typeof user === 'string' ? utf8Encoder.encode(user) : user;
  const out: DecodedKey = {
    adapter: l.adapter, kind: l.kind, kindLabel: l.kindLabel,
    userKey, userKeyText: typeof user === 'string' ? user : printableText(userKey),
  };
  if (parts.length > 0) out.parts = parts;
  return out;
}

function decodeLayouts(bytes: Uint8Array): DecodedKey | null {
  for (const l of LAYOUTS) {
    if (!startsWith(bytes, l.prefix)) continue;
    const d = parse(bytes, l);
    if (d) return d;
  }
  return null;
}

function decodeTxn(bytes: Uint8Array): DecodedKey | null {
  const t = TXN.find((x) => startsWith(bytes, x.prefix));
  if (!t || bytes.length - t.prefix.length <= t.tsBytes) return null;
  const innerBytes = bytes.slice(t.prefix.length, bytes.length - t.tsBytes);
  // One level only: the wrapped key is a storage key (or a bare user key), never another txn key.
  const inner = decodeLayouts(innerBytes);
  const parts = [...(inner?.parts ?? [])];
  if (t.tsBytes > 0) parts.push({ name: 'start ts', text: readUint({ b: bytes, i: bytes.length - 8 }, 8)!.toString() });
  const out: DecodedKey = {
    adapter: 'txn', kind: t.kind, kindLabel: inner ? `${t.kindLabel} · ${inner.kindLabel}` : t.kindLabel,
    userKey: inner?.userKey ?? innerBytes, userKeyText: inner ? inner.userKeyText : printableText(innerBytes),
  };
  if (parts.length > 0) out.parts = parts;
  return out;
}

/** The user key and kind behind an elastickv internal key, or null when it is not one of the layouts. */
export function decodeInternalKey(bytes: Uint8Array): DecodedKey | null {
  if (!(bytes instanceof Uint8Array) || bytes.length > MAX_DECODE_BYTES || bytes[0] !== 0x21 /* '!' */) return null;
  try {
    return decodeTxn(bytes) ?? decodeLayouts(bytes);
  } catch {
    return null; // defence in depth: the readers above are written never to throw
  }
}

/** decodeInternalKey of a standard-base64 key (null for invalid base64 or the empty key). */
export function decodeInternalKeyB64(b64: string | null): DecodedKey | null {
  if (typeof b64 !== 'string' || b64.length > (MAX_DECODE_BYTES / 3) * 4 + 4) return null;
  const bytes = base64ToBytes(b64);
  return bytes ? decodeInternalKey(bytes) : null;
}

/** What a key table shows: { text: 'hot:4', kindLabel: 'Redis string' }; unknown layouts as today. */
export function describeKey(b64: string | null): KeyDescription {
  return describeDecoded(decodeInternalKeyB64(b64), b64);
}

/** describeKey of a key already decoded (`d` is decodeInternalKeyB64(b64)). */
export function describeDecoded(d: DecodedKey | null, b64: string | null): KeyDescription {
  if (!d) return { text: keyPreview(b64), kindLabel: null, detail: null };
  const text = d.userKey.length === 0 ? '(empty)' : (d.userKeyText ?? hex(d.userKey, HEX_PREVIEW_BYTES));
  const detail = d.parts ? d.parts.map((p) => `${p.name}: ${p.text}`).join(' · ') : null;
  return { text, kindLabel: d.kindLabel, detail };
}
