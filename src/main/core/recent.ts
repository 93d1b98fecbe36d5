// Recently opened files (snapshots, captures): a small list in the user-data folder. A damaged
// list is kept aside (never silently overwritten) and started afresh, with the reason returned.
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './files/atomic';
import { keepCopy } from './files/damaged';
import { serialQueue } from './files/serial';

export const MAX_RECENT = 10;

const recentSchema = z.object({
  version: z.literal(1),
  files: z.array(z.object({ path: z.string().min(1).max(4096), label: z.string().max(300), openedAt: z.string() })).max(100),
});
export type RecentFile = z.infer<typeof recentSchema>['files'][number];

export class RecentFiles {
  private readonly serial = serialQueue();

  constructor(private readonly path: string) {}

  async list(): Promise<{ files: RecentFile[]; error: string | null }> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { files: [], error: null };
      return { files: [], error: `${this.path}: cannot read it (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
    }
    let r: z.ZodSafeParseResult<z.infer<typeof recentSchema>> | null = null;
    try {
      r = recentSchema.safeParse(JSON.parse(text));
    } catch { /* not JSON: damaged below */ }
    if (r?.success) return { files: r.data.files, error: null };
    const copy = await keepCopy(this.path);
    return { files: [], error: `the recent-files list ${this.path} was damaged${copy ? ` (kept as ${copy})` : ''}; it starts again empty` };
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
