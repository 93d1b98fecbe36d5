// A damaged file is copied aside once per content, and only when it is small enough to have been read.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { keepCopy, keptNote, moveAside } from '../../../../src/main/core/files/damaged';

const root = mkdtempSync(join(tmpdir(), 'kv-damaged-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const fresh = (): string => mkdtempSync(join(root, 'd-'));

test('a small damaged file is copied once per content, privately', async () => {
  const dir = fresh();
  const p = join(dir, 'store.json');
  writeFileSync(p, '{"broken":');
  const first = await keepCopy(p, 1024, new Date('2026-01-01T00:00:00Z'));
  expect(first.copy).toBe(`${p}.damaged-2026-01-01T00-00-00-000Z`);
  expect(readFileSync(first.copy!, 'utf8')).toBe('{"broken":');
  if (process.platform !== 'win32') expect(statSync(first.copy!).mode & 0o777).toBe(0o600);
  expect((await keepCopy(p, 1024, new Date('2026-01-02T00:00:00Z'))).copy).toBe(first.copy);
  writeFileSync(p, '{"broken again":');
  expect((await keepCopy(p, 1024, new Date('2026-01-03T00:00:00Z'))).copy).toMatch(/damaged-2026-01-03/);
  expect(keptNote(first)).toBe(` (a copy was kept as ${first.copy}; the file itself was not changed)`);
});

test('a file over the limit is not copied (a sparse 1.5 GiB file would become real disk), and it is said why', async () => {
  const dir = fresh();
  const p = join(dir, 'store.json');
  writeFileSync(p, '');
  truncateSync(p, 1.5 * 1024 ** 3);
  const before = statSync(p);
  const kept = await keepCopy(p, 4 * 1024 * 1024);
  expect(kept).toEqual({ copy: null, why: 'it is too large to copy, 1536.0 MiB over the 4.0 MiB limit' });
  expect(keptNote(kept)).toBe(' (no copy was made: it is too large to copy, 1536.0 MiB over the 4.0 MiB limit; the file itself was not changed)');
  expect(readdirSync(dir)).toEqual(['store.json']);
  const after = statSync(p);
  expect([after.size, after.mtimeMs, after.blocks]).toEqual([before.size, before.mtimeMs, before.blocks]);
});

test('no file: nothing copied; moveAside renames what cannot be copied, and finds nothing to move when there is none', async () => {
  const dir = fresh();
  const p = join(dir, 'gone.json');
  expect(await keepCopy(p, 1024)).toEqual({ copy: null, why: 'it could not be read (ENOENT)' });
  expect(await moveAside(p)).toBeNull();
  writeFileSync(p, 'x'.repeat(2000));
  const moved = await moveAside(p, new Date('2026-01-01T00:00:00Z'));
  expect(moved).toBe(`${p}.damaged-2026-01-01T00-00-00-000Z`);
  expect(readdirSync(dir)).toEqual(['gone.json.damaged-2026-01-01T00-00-00-000Z']);
});
