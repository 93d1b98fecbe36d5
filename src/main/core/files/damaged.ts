// A file that failed to load is never overwritten silently: a timestamped copy is kept beside it
// (once per content: loading the same damaged file again does not pile up copies). A file larger
// than its reader's limit is not copied (a sparse 1.5 GiB file would become 1.5 GiB of disk).
import { readdir, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { formatBytes } from '../../../shared/format';
import { FileReadError, readRegularFile } from './read-file';

/** Where the copy is, or why none was made. */
export type Kept = { copy: string } | { copy: null; why: string };

const backupName = (path: string, now: Date): string => `${path}.damaged-${now.toISOString().replace(/[:.]/g, '-')}`;

/** Copy `path` aside if it is a regular file of at most `limit` bytes (its reader's limit). */
export async function keepCopy(path: string, limit: number, now = new Date()): Promise<Kept> {
  let content: Buffer;
  try {
    content = await readRegularFile(path, limit);
  } catch (err) {
    if (!(err instanceof FileReadError)) return { copy: null, why: `it could not be read (${String(err)})` };
    const r = err.refusal;
    return { copy: null, why: r.kind === 'too-large'
      ? `it is too large to copy, ${r.grew ? 'it grew' : formatBytes(r.size)} over the ${formatBytes(r.limit)} limit`
      : r.kind === 'not-regular' ? `it is ${r.what}, not a regular file` : `it could not be read (${r.code})` };
  }
  try {
    const prefix = `${basename(path)}.damaged-`;
    for (const name of await readdir(dirname(path))) {
      if (!name.startsWith(prefix)) continue;
      const other = join(dirname(path), name);
      // A copy of another size is refused unread; one that is not a regular file is not ours.
      if (await readRegularFile(other, content.length).then((b) => b.equals(content), () => false)) return { copy: other };
    }
    const backup = backupName(path, now);
    await writeFile(backup, content, { flag: 'wx', mode: 0o600 });
    return { copy: backup };
  } catch (err) {
    return { copy: null, why: `the copy failed (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
  }
}

/** ` (a copy was kept as X; …)` or ` (no copy was made: why; …)`, for a message about the damaged file. */
export function keptNote(kept: Kept, unchanged = 'the file itself was not changed'): string {
  return kept.copy !== null ? ` (a copy was kept as ${kept.copy}; ${unchanged})` : ` (no copy was made: ${kept.why}; ${unchanged})`;
}

/** Move `path` aside under the name a copy would have (when a copy cannot be made); null when there is no file. */
export async function moveAside(path: string, now = new Date()): Promise<string | null> {
  const backup = backupName(path, now);
  try {
    await rename(path, backup);
    return backup;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}
