// The built renderer served over http on 127.0.0.1 (never file://), from a copy: another test
// rebuilds out/ while browser tests run.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

export async function serveRenderer(): Promise<{ origin: string; stop(): Promise<void> }> {
  const root = mkdtempSync(join(tmpdir(), 'keyviz-renderer-'));
  cpSync(resolve(import.meta.dirname, '../../out/renderer'), root, { recursive: true });
  const server = createServer((req, res) => {
    const path = join(root, new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/$/, '/index.html'));
    try {
      const body = readFileSync(path);
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async stop() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      rmSync(root, { recursive: true, force: true });
    },
  };
}
