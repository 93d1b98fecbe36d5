// `npm run bench`: run every bench/*.bench.ts (TypeScript loaded through Vite's module
// runner), each printing absolute figures and a ratio against a baseline from the same run.
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runnerImport } from 'vite';

const dir = resolve(import.meta.dirname, '..', 'bench');
const only = process.argv[2];
const files = readdirSync(dir).filter((f) => f.endsWith('.bench.ts') && (!only || f.includes(only))).sort();
let failed = 0;
for (const file of files) {
  console.log(`\n== ${file}`);
  try {
    const { module } = await runnerImport(join(dir, file));
    await module.default();
  } catch (err) {
    failed++;
    console.error(`${file}: ${err instanceof Error ? err.stack : String(err)}`);
  }
}
process.exit(failed ? 1 : 0);
