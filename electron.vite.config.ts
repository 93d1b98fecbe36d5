import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

// The app's Content-Security-Policy. No remote content: everything from the app itself.
const CSP = [
  "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data: blob:",
  "font-src 'self'", "connect-src 'none'", "base-uri 'none'", "form-action 'none'", "object-src 'none'",
].join('; ');
// The dev server needs inline scripts (React refresh) and its websocket; never shipped.
const DEV_CSP = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
  .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
  .replace("connect-src 'none'", "connect-src 'self' ws://localhost:* ws://127.0.0.1:*");

function csp(): Plugin {
  return {
    name: 'keyviz-csp',
    transformIndexHtml: (html, ctx) => html.replace('content="%CSP%"', `content="${ctx.server ? DEV_CSP : CSP}"`),
  };
}

export default defineConfig({
  main: {
    build: {
      // The app, and the workers that parse node answers and open files off the main process's thread.
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/shell/index.ts'),
          'parse-worker': resolve(__dirname, 'src/main/core/fanout/parse-worker.ts'),
          'open-worker': resolve(__dirname, 'src/main/core/open/open-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'src/preload/index.ts') } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
    plugins: [react(), csp()],
    // The heatmap's level worker (heatmap/levels.worker.ts) as an ES module, from the app itself (script-src 'self').
    worker: { format: 'es' },
  },
});
