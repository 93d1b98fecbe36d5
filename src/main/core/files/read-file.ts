// Reading a user's or the app's file: only a regular file, never more than a cap. A FIFO, a device,
// a directory or a socket is refused before a byte is read (opening one never blocks: O_NONBLOCK),
// a file over the cap is refused by its size, and one that grows past it while read is stopped.
import { constants, type Stats } from 'node:fs';
import { type FileHandle, open, stat } from 'node:fs/promises';
import { type Readable, Transform } from 'node:stream';
import { formatBytes } from '../../../shared/format';
import { KIB, MAX_JSON_TEXT_BYTES, MIB } from '../../../shared/limits';

/** Why a file was not read. */
export type FileRefusal =
  /** It could not be opened or read: the system's error code (ENOENT, EACCES, EIO…). */
  | { kind: 'io'; code: string }
  /** A FIFO, a device, a directory, a socket: `what` says which ("a FIFO"). */
  | { kind: 'not-regular'; what: string }
  /** Larger than `limit`: `size` as fstat gave it, or (grew) the bytes read before it passed the limit. */
  | { kind: 'too-large'; size: number; limit: number; grew: boolean };

export class FileReadError extends Error {
  constructor(readonly path: string, readonly refusal: FileRefusal) {
    super(`${path}: ${describeRefusal(refusal)}`);
  }

  /** The system's error code when it could not be opened or read (ENOENT…), else null. */
  get code(): string | null {
    return this.refusal.kind === 'io' ? this.refusal.code : null;
  }
}

/** `cannot read it (ENOENT)`, `not a regular file: a FIFO`, `too large: 1.5 GiB; the limit is 4.0 MiB`. */
export function describeRefusal(r: FileRefusal): string {
  if (r.kind === 'io') return `cannot read it (${r.code})`;
  if (r.kind === 'not-regular') return `not a regular file: ${r.what}`;
  return r.grew ? `too large: it grew past the limit of ${formatBytes(r.limit)} while being read`
    : `too large: ${formatBytes(r.size)}; the limit is ${formatBytes(r.limit)}`;
}

/** Said after a JSON reader's limit when it is V8's, not the caller's: why there is one at all. */
export const jsonLimitWhy = (limit: number): string =>
  (limit >= MAX_JSON_TEXT_BYTES ? ' (one JSON document is decoded from one string, and V8 makes none longer)' : '');

// O_NONBLOCK: opening a FIFO waits for a writer otherwise, in a thread no signal reaches. O_NOCTTY:
// a terminal named as a file must not become ours. (Neither exists on Windows: no FIFOs to fear.)
const FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

function kindOf(st: Stats): string | null {
  if (st.isFile()) return null;
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isDirectory()) return 'a directory';
  if (st.isSocket()) return 'a socket';
  return 'not a file';
}

/** Streams read in large chunks: a consumer joining them into lines (readline) pays per chunk. */
export const CHUNK_BYTES = 1 * MIB;

const codeOf = (err: unknown): string => (err as NodeJS.ErrnoException).code ?? String(err);

/** An open regular file; whoever opened it closes it (or hands it to `stream`, which does). */
export interface OpenedFile {
  readonly path: string;
  /** Its size when opened (fstat). */
  readonly size: number;
  /** The first `n` bytes (fewer if it is shorter). */
  peek(n: number): Promise<Buffer>;
  /** All of it, at most the limit it was opened with, then closed. */
  readAll(): Promise<Buffer>;
  /** A stream of all of it that fails once past the limit; it owns the file from then on and closes it. */
  stream(): Readable;
  close(): Promise<void>;
}

/**
 * Opens `path` if it is a regular file (symlinks to one are fine) of at most `limit` bytes.
 * Throws FileReadError otherwise; nothing is read before the checks.
 */
export async function openRegularFile(path: string, limit: number): Promise<OpenedFile> {
  let fh: FileHandle;
  try {
    fh = await open(path, FLAGS);
  } catch (err) {
    // A socket (ENXIO) or, on some systems, a directory (EISDIR) cannot even be opened: say what it is.
    const what = await stat(path).then(kindOf, () => null);
    throw new FileReadError(path, what !== null ? { kind: 'not-regular', what } : { kind: 'io', code: codeOf(err) });
  }
  let st: Stats;
  try {
    st = await fh.stat();
  } catch (err) {
    await fh.close().catch(() => {});
    throw new FileReadError(path, { kind: 'io', code: codeOf(err) });
  }
  const what = kindOf(st);
  const refusal: FileRefusal | null = what !== null ? { kind: 'not-regular', what }
    : st.size > limit ? { kind: 'too-large', size: st.size, limit, grew: false } : null;
  if (refusal) {
    await fh.close().catch(() => {});
    throw new FileReadError(path, refusal);
  }
  const grew = (size: number): FileReadError => new FileReadError(path, { kind: 'too-large', size, limit, grew: true });
  const io = (err: unknown): FileReadError => (err instanceof FileReadError ? err : new FileReadError(path, { kind: 'io', code: codeOf(err) }));
  return {
    path,
    size: st.size,
    async peek(n) {
      const buf = Buffer.alloc(n);
      let got = 0;
      try {
        while (got < n) {
          const { bytesRead } = await fh.read(buf, got, n - got, got);
          if (bytesRead === 0) break;
          got += bytesRead;
        }
      } catch (err) {
        throw io(err);
      }
      return buf.subarray(0, got);
    },
    async readAll() {
      try {
        return await readCapped(fh, st.size, limit, grew);
      } catch (err) {
        throw io(err);
      } finally {
        await fh.close().catch(() => {});
      }
    },
    stream() {
      // One byte past the limit is read, so that a file that grew shows it.
      const file = fh.createReadStream({ start: 0, end: Number.isFinite(limit) ? limit : undefined, autoClose: true, highWaterMark: CHUNK_BYTES });
      const out = byteCap(limit, (n) => grew(n));
      // Not pipeline(): it would hand the consumer the raw errno error, and this names the file.
      file.on('error', (err) => out.destroy(io(err)));
      out.on('close', () => file.destroy());
      return file.pipe(out);
    },
    close: () => fh.close(),
  };
}

async function readCapped(fh: FileHandle, size: number, limit: number, grew: (n: number) => Error): Promise<Buffer> {
  // One byte more than fstat said: a file that grew since shows it, and keeps being read up to the limit.
  let buf = Buffer.allocUnsafe(Math.min(size, limit) + 1);
  let got = 0;
  for (;;) {
    if (got === buf.length) {
      if (got > limit) throw grew(got);
      const next = Buffer.allocUnsafe(Math.min(limit + 1, Math.max(2 * buf.length, 64 * KIB)));
      buf.copy(next, 0, 0, got);
      buf = next;
    }
    const { bytesRead } = await fh.read(buf, got, buf.length - got, got);
    if (bytesRead === 0) return buf.subarray(0, got);
    got += bytesRead;
  }
}

/** A regular file's bytes, at most `limit`. */
export async function readRegularFile(path: string, limit: number): Promise<Buffer> {
  return (await openRegularFile(path, limit)).readAll();
}

/** A regular file's UTF-8 text, at most `limit` bytes (at most V8's longest string: MAX_JSON_TEXT_BYTES). */
export async function readRegularText(path: string, limit: number): Promise<string> {
  return (await readRegularFile(path, Math.min(limit, MAX_JSON_TEXT_BYTES))).toString('utf8');
}

/** The first `n` bytes of a regular file, whatever its size. */
export async function peekRegularFile(path: string, n: number): Promise<Buffer> {
  const f = await openRegularFile(path, Infinity);
  try {
    return await f.peek(n);
  } finally {
    await f.close().catch(() => {});
  }
}

/** Passes bytes through until more than `limit` have passed, then fails with `tooMany(bytes so far)`. */
export function byteCap(limit: number, tooMany: (bytes: number) => Error): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > limit) done(tooMany(seen));
      else done(null, chunk);
    },
  });
}
