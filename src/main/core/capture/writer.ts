// The capture file on disk: created fresh (an existing file is refused unless forced), each
// record appended as one line and flushed to disk before the next poll, so a crash or power loss
// keeps every completed poll.
import { type FileHandle, open, statfs } from 'node:fs/promises';

export class CaptureFileError extends Error {}

/** Why an existing capture file is not written over (said here and, before logging in, by the CLI). */
export const existsAlready = (path: string): string => `${path} exists already: choose another file, or --force to replace it`;

export class CaptureWriter {
  private written = 0;

  private constructor(private readonly fh: FileHandle, readonly path: string) {}

  static async create(path: string, force = false): Promise<CaptureWriter> {
    try {
      return new CaptureWriter(await open(path, force ? 'w' : 'wx', 0o644), path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw new CaptureFileError(existsAlready(path));
      throw new CaptureFileError(`cannot create ${path} (${code ?? String(err)})`);
    }
  }

  get bytes(): number {
    return this.written;
  }

  /** One record: its chunks, a newline, then fsync. Returns the record's size. */
  async append(chunks: ReadonlyArray<Buffer | string>): Promise<number> {
    const line = Buffer.concat([...chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c)), Buffer.from('\n')]);
    await this.fh.write(line);
    await this.fh.sync();
    this.written += line.length;
    return line.length;
  }

  async close(): Promise<void> {
    await this.fh.close();
  }
}

/** Free bytes for an unprivileged writer on the disk holding `dir`. */
export async function freeBytes(dir: string): Promise<number> {
  const s = await statfs(dir);
  return Number(s.bavail) * Number(s.bsize);
}
