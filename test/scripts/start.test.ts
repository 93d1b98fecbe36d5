// `npm start` (scripts/start.mjs): one clear line without an Electron binary; with one, it
// builds the app and launches the binary on the project. A stand-in binary plays Electron
// through Electron's own ELECTRON_OVERRIDE_DIST_PATH, so nothing is downloaded.
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const temp = mkdtempSync(join(tmpdir(), 'keyviz-start-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function start(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((res, rej) => {
    const p = spawn(process.execPath, ['scripts/start.mjs'], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    p.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    p.on('error', rej);
    p.on('close', (code) => res({ code, stdout, stderr }));
  });
}

describe('npm start', () => {
  test('without an Electron binary: exit non-zero with exactly one line, no stack trace', async () => {
    const r = await start({ ELECTRON_OVERRIDE_DIST_PATH: join(temp, 'no-electron-here') });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^keyviz-inspector: the Electron binary is missing/);
  });

  test.skipIf(process.platform === 'win32')('with a binary: builds the app, launches it on the project, passes its exit code', async () => {
    const dist = join(temp, 'fake-electron');
    const record = join(temp, 'launched.txt');
    mkdirSync(dist, { recursive: true });
    writeFileSync(join(dist, 'electron'), `#!/bin/sh\nprintf '%s\\n%s\\n' "$*" "$(pwd)" > '${record}'\nexit 7\n`);
    chmodSync(join(dist, 'electron'), 0o755);
    const r = await start({ ELECTRON_OVERRIDE_DIST_PATH: dist });
    expect(r.code, r.stderr).toBe(7);
    expect(readFileSync(record, 'utf8')).toBe(`.\n${ROOT}\n`);
    // The built entry the binary would load exists and is the one package.json names.
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string };
    expect(readFileSync(join(ROOT, pkg.main), 'utf8')).toContain('demo:status');
  }, 120_000);
});
