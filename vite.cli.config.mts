// Builds the plain-Node command-line tool (`bin` keyviz-inspector). No Electron inside:
// the architecture test keeps src/cli and src/main/core free of it.
import { chmodSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import pkg from './package.json' with { type: 'json' };

const external = [
  ...builtinModules, ...builtinModules.map((m) => `node:${m}`),
  ...Object.keys(pkg.dependencies ?? {}),
];
const outFile = 'keyviz-inspector.js';

export default defineConfig({
  build: {
    ssr: resolve(import.meta.dirname, 'src/cli/index.ts'),
    outDir: 'out/cli',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: true,
    rollupOptions: {
      external: (id) => external.some((e) => id === e || id.startsWith(`${e}/`)),
      output: { format: 'cjs', entryFileNames: outFile, banner: '#!/usr/bin/env node' },
    },
  },
  plugins: [{
    name: 'make-bin-executable',
    writeBundle(options) {
      chmodSync(resolve(options.dir ?? 'out/cli', outFile), 0o755);
    },
  }],
});
