// `npm run screenshots`: build the renderer, then re-take the README's pictures
// (docs/screenshots/) in Chromium against the real core and the Demo, through the first-run e2e test.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const bin = (pkg, file) => join(dirname(require.resolve(`${pkg}/package.json`)), file);
const run = (args, env = {}) => spawnSync(process.execPath, args, { stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;

if (run([bin('electron-vite', 'bin/electron-vite.js'), 'build']) !== 0) process.exit(1);
process.exit(run([bin('vitest', 'vitest.mjs'), 'run', 'test/e2e/first-run.test.ts'], {
  KEYVIZ_SCREENSHOTS: resolve(import.meta.dirname, '..', 'docs', 'screenshots'),
}));
