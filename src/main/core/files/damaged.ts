// A file that failed to load is never overwritten silently: a timestamped copy is kept beside it
// (once per content: loading the same damaged file again does not pile up copies).
import { copyFile, readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export async function keepCopy(path: string, now = new Date()): Promise<string | null> {
  try {
    const content = await readFile(path);
    const prefix = `${basename(path)}.damaged-`;
    for (const name of await readdir(dirname(path))) {
      if (!name.startsWith(prefix)) continue;
      const other = join(dirname(path), name);
      if ((await readFile(other)).equals(content)) return other;
    }
    const backup = `${path}.damaged-${now.toISOString().replace(/[:.]/g, '-')}`;
    await copyFile(path, backup);
    return backup;
  } catch {
    return null;
  }
}
