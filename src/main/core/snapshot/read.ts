// Open a snapshot file: only a regular file, gzip recognised by its magic bytes whatever the name,
// a size limit before and after decompression, and a clear message for every way a file can be wrong.
import { gunzipSync } from 'node:zlib';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, snapshotHeadSchema, type SnapshotV1, snapshotV1Schema } from '../../../shared/snapshot';
import { firstIssue } from '../../../shared/issues';
import { MAX_JSON_TEXT_BYTES, MAX_SNAPSHOT_BYTES } from '../../../shared/limits';
import { describeRefusal, FileReadError, jsonLimitWhy, readRegularFile } from '../files/read-file';

export class SnapshotReadError extends Error {
  constructor(readonly path: string, detail: string) {
    super(`${path}: ${detail}`);
  }
}

/** Far above the ~250 MiB of a 6-node 1024 × 4096 cluster view; the most one JSON document can be. */
export const DEFAULT_MAX_SNAPSHOT_BYTES = MAX_SNAPSHOT_BYTES;
const mib = (n: number): string => `${(n / 1048576).toFixed(1)} MiB`;

export const isGzip = (b: Uint8Array): boolean => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/** Is it a snapshot this app can read? (format and version, before anything else) */
export function checkSnapshotHead(json: unknown, path: string): void {
  const head = snapshotHeadSchema.safeParse(json);
  if (!head.success || head.data.format !== SNAPSHOT_FORMAT) {
    throw new SnapshotReadError(path, 'not a KeyViz Inspector snapshot (no "format": "keyviz-inspector/snapshot")');
  }
  if (head.data.version > SNAPSHOT_VERSION) {
    throw new SnapshotReadError(path, `made by a newer KeyViz Inspector (snapshot format version ${head.data.version}; `
      + `this one reads up to version ${SNAPSHOT_VERSION}): update the app to open it`);
  }
}

/** The first zod issue as `field.path: message`. */
export function damaged(path: string, err: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> }): SnapshotReadError {
  return new SnapshotReadError(path, `damaged snapshot: ${firstIssue(err)}`);
}

/** Validate a snapshot document already decoded from JSON. */
export function parseSnapshot(json: unknown, path: string): SnapshotV1 {
  checkSnapshotHead(json, path);
  const full = snapshotV1Schema.safeParse(json);
  if (!full.success) throw damaged(path, full.error);
  return full.data;
}

/** A snapshot file's bytes, decompressed when gzip (by magic bytes): size limits before and after, clear errors. */
export async function readSnapshotBytes(path: string, maxBytes = DEFAULT_MAX_SNAPSHOT_BYTES): Promise<Buffer> {
  // One document is one string: no more than V8's longest, whatever the caller allows.
  const limit = Math.min(maxBytes, MAX_JSON_TEXT_BYTES);
  const why = jsonLimitWhy(limit);
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(path, limit);
  } catch (err) {
    if (!(err instanceof FileReadError)) throw err;
    const r = err.refusal;
    throw new SnapshotReadError(path, r.kind === 'io' ? `cannot open it (${r.code})`
      : r.kind === 'not-regular' ? describeRefusal(r)
      : `too large to open (${r.grew ? 'it grew while being read' : mib(r.size)}; the limit is ${mib(limit)})${why}`);
  }
  if (isGzip(bytes)) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: limit });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new SnapshotReadError(path, code === 'ERR_BUFFER_TOO_LARGE'
        ? `too large to open (it decompresses to more than ${mib(limit)})${why}`
        : `damaged or truncated gzip data (${(err as Error).message})`);
    }
  }
  return bytes;
}

/** A snapshot's bytes as JSON, or why not (where it broke). */
export function snapshotJsonOf(bytes: Buffer, path: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    // Only where it broke: V8's message quotes the file's bytes, which are not ours to repeat.
    const at = /position (\d+)/.exec((err as Error).message)?.[1];
    throw new SnapshotReadError(path, `damaged or truncated: not valid JSON${at ? ` (at byte ${at})` : ''}`);
  }
}

/** The decoded JSON of a snapshot (or capture-free) file: size limit, gzip by magic bytes, clear errors. */
export async function readSnapshotJson(path: string, maxBytes = DEFAULT_MAX_SNAPSHOT_BYTES): Promise<unknown> {
  return snapshotJsonOf(await readSnapshotBytes(path, maxBytes), path);
}

export async function readSnapshotFile(path: string, maxBytes = DEFAULT_MAX_SNAPSHOT_BYTES): Promise<SnapshotV1> {
  return parseSnapshot(await readSnapshotJson(path, maxBytes), path);
}
