// Recently opened files (snapshots, captures): a small list in the user-data folder. A damaged
// list is kept aside (never silently overwritten) and started afresh, with the reason returned.
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './files/atomic';
import { keepCopy } from './files/damaged';
import { describeRefusal, FileReadError, readRegularText } from './files/read-file';
import { MAX_PATH_CHARS, MAX_RECENT_ENTRIES, MAX_SMALL_FILE_BYTES } from '../../shared/limits';
import { serialQueue } from './files/serial';

export const MAX_RECENT = 10;

const recentSchema = z.object({
  version: z.literal(1),
  files: z.array(z.object({ path: z.string().min(1).max(MAX_PATH_CHARS), label: z.string().max(300), openedAt: z.string() })).max(MAX_RECENT_ENTRIES),
});
export type RecentFile = z.infer<typeof recentSchema>['files'][number];

export class RecentFiles {
  private readonly serial = serialQueue();

  constructor(private readonly path: string) {}

  async list(): Promise<{ files: RecentFile[]; error: string | null }> {
    let text: string | null = null;
    try {
      text = await readRegularText(this.path, MAX_SMALL_FILE_BYTES);
    } catch (err) {
      if (!(err instanceof FileReadError)) throw err;
      if (err.code === 'ENOENT') return { files: [], error: null };
      // Too large is damage (copied aside if it can be); anything else is said and left alone.
      if (err.refusal.kind !== 'too-large') return { files: [], error: `${this.path}: ${describeRefusal(err.refusal)}` };
    }
    let r: z.ZodSafeParseResult<z.infer<typeof recentSchema>> | null = null;
    try {
      if (text !== null) r = recentSchema.safeParse(JSON.parse(text));
    } catch { /* not JSON: damaged below */ }
    if (r?.success) return { files: r.data.files, error: null };
    const kept = await keepCopy(this.path, MAX_SMALL_FILE_BYTES);
    return { files: [], error: `the recent-files list ${this.path} was damaged${kept.copy !== null ? ` (kept as ${kept.copy})` : ` (not copied: ${kept.why})`}; it starts again empty` };
  }

  /** Two files opened at once both end up in the list (read-modify-write, one at a time). */
  add(file: Omit<RecentFile, 'openedAt'>, now = new Date()): Promise<RecentFile[]> {
    return this.serial(async () => {
      const { files } = await this.list();
      const next = [{ ...file, openedAt: now.toISOString() }, ...files.filter((f) => f.path !== file.path)].slice(0, MAX_RECENT);
      await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
      await writeFileAtomic(this.path, [`${JSON.stringify({ version: 1, files: next }, null, 2)}\n`], { mode: 0o600 });
      return next;
    });
  }
}
