// `npx keyviz-inspector` runs package.json's "bin". It must exist in a fresh clone, before any
// build (else npm links nothing, npx says "not found" and keeps that in its cache even after the
// build): a committed stub that runs the built tool, or says in one line how to build it.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = pkg.bin['keyviz-inspector'];
const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

/** A project folder as a fresh clone has it for this purpose: package.json and the bin file, no out/. */
function cloneLike(): string {
  const dir = mkdtempSync(join(tmpdir(), 'keyviz-bin-'));
  dirs.push(dir);
  cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  mkdirSync(dirname(join(dir, BIN)), { recursive: true });
  cpSync(join(ROOT, BIN), join(dir, BIN));
  return dir;
}

const run = (dir: string, args: string[]) => spawnSync(process.execPath, [join(dir, BIN), ...args], { cwd: dir, encoding: 'utf8' });

describe('the keyviz-inspector bin (issue 17)', () => {
  test('is a committed, executable file, not a build output', () => {
    expect(BIN.startsWith('out/')).toBe(false);
    const staged = spawnSync('git', ['ls-files', '--stage', '--', BIN], { cwd: ROOT, encoding: 'utf8' });
    expect(staged.status, staged.stderr).toBe(0);
    expect(staged.stdout).toMatch(/^100755 /); // the executable bit, as git checks it out
  });

  test('before `npm run build`: one line naming the folder and what to run, exit 1', () => {
    const dir = cloneLike();
    const r = run(dir, ['--help']);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`keyviz-inspector: not built yet: run 'npm run build' in ${dir} first\n`);
    expect(r.status).toBe(1);
  });

  test('after the build: it runs the built tool, with the arguments as given', () => {
    const dir = cloneLike();
    // What `npm run build` makes (the CLI tests' global setup has just built it), and what
    // `npm ci` installed: the tool's dependencies stay outside its bundle.
    cpSync(join(ROOT, 'out', 'cli'), join(dir, 'out', 'cli'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const version = run(dir, ['--version']);
    expect([version.status, version.stdout, version.stderr]).toEqual([0, `${pkg.version}\n`, '']);
    const list = run(dir, ['profiles', 'list', '--profiles-file', join(dir, 'none.json')]);
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^Demo cluster/);
  });
});
