// Build what the tests run for real: the command-line tool (CLI tests run the shipped `bin`)
// and the app (the renderer is served to Chromium in end-to-end tests). Fresh every run, so a
// stale build never passes for current code.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'vite';

export default async function setup(): Promise<void> {
  await build({ configFile: 'vite.cli.config.mts', logLevel: 'warn' });
  const require = createRequire(import.meta.url);
  const electronVite = join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
  const r = spawnSync(process.execPath, [electronVite, 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('the app build (electron-vite build) failed');
}
