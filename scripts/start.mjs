// `npm start`: make sure the Electron binary is there (Electron fetches it on first use),
// build the app, launch it. Without a binary it says so in one line and exits non-zero.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const require = createRequire(import.meta.url);

function fail(message) {
  process.stderr.write(`keyviz-inspector: ${message}\n`);
  process.exit(1);
}

// Resolve in a child process: resolving may download the binary, and a failed download
// prints a stack trace that belongs in neither our output nor the user's face.
let electronModule;
try {
  electronModule = require.resolve('electron');
} catch {
  fail("the 'electron' package is not installed; run 'npm install' first.");
}
const probe = spawnSync(process.execPath, ['-e', `process.stdout.write(require(${JSON.stringify(electronModule)}))`], {
  encoding: 'utf8',
  env: process.env,
});
const binary = probe.status === 0 ? probe.stdout.trim().split('\n').pop() : '';
if (!binary || !existsSync(binary)) {
  fail('the Electron binary is missing and could not be downloaded, so the desktop app cannot start here '
    + "(the command-line tool still works: 'npx keyviz-inspector --help').");
}

const electronVite = join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
const build = spawnSync(process.execPath, [electronVite, 'build'], { stdio: 'inherit' });
if (build.status !== 0) fail('the app build failed (see above).');

// `npm start -- file.kvsnap`: a snapshot or capture to open, resolved from where npm was run.
const files = process.argv.slice(2).map((a) => (a.startsWith('-') ? a : resolve(process.env.INIT_CWD ?? process.cwd(), a)));
const child = spawn(binary, ['.', ...files], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
