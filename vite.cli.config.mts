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
    ssr: true,
    outDir: 'out/cli',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: true,
    rollupOptions: {
      // The tool, the worker that parses node answers off its main thread, and the one that
      // reads and decodes saved answers (merge, balance) beside it.
      input: {
        'keyviz-inspector': resolve(import.meta.dirname, 'src/cli/index.ts'),
        'parse-worker': resolve(import.meta.dirname, 'src/main/core/fanout/parse-worker.ts'),
        'matrix-file-worker': resolve(import.meta.dirname, 'src/cli/matrix-file-worker.ts'),
      },
      external: (id) => external.some((e) => id === e || id.startsWith(`${e}/`)),
      output: {
        format: 'cjs',
        entryFileNames: '[name].js',
        chunkFileNames: 'chunks/[name]-[hash].js',
        banner: (chunk) => (chunk.name === 'keyviz-inspector' ? '#!/usr/bin/env node' : ''),
      },
    },
  },
  plugins: [{
    name: 'make-bin-executable',
    writeBundle(options) {
      chmodSync(resolve(options.dir ?? 'out/cli', outFile), 0o755);
    },
  }],
});
