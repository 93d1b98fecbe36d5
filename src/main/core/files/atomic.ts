// Files users care about are replaced whole or not at all: written to a temporary file beside
// the target, flushed to disk, then renamed over it. A crash leaves the old file intact.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

export interface AtomicWriteOptions {
  gzip?: boolean;
  /** File mode for a new file (default 0o644; 0o600 for private data). */
  mode?: number;
}

/** Write `chunks` to `path` atomically; returns the bytes on disk. */
export async function writeFileAtomic(path: string, chunks: Iterable<Buffer | string> | AsyncIterable<Buffer | string>,
  opts: AtomicWriteOptions = {}): Promise<number> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const out = createWriteStream(tmp, { mode: opts.mode ?? 0o644, flags: 'wx' });
    const source = Readable.from(chunks);
    if (opts.gzip) await pipeline(source, createGzip({ level: 6 }), out);
    else await pipeline(source, out);
    const fh = await open(tmp, 'r+');
    let size: number;
    try {
      await fh.sync();
      size = (await fh.stat()).size;
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
    return size;
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
