// A minimal HTTP server that plays one odd elastickv node, recording every request it gets.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Seen { method: string; path: string; headers: IncomingHttpHeaders }

export class FakeNode {
  readonly seen: Seen[] = [];
  private readonly server = createServer((req, res) => {
    this.seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers });
    const body: Buffer[] = [];
    req.on('data', (c: Buffer) => { if (body.length < 64) body.push(c); });
    req.on('end', () => this.handler(req.url ?? '', res, Buffer.concat(body).toString('utf8')));
  });

  constructor(private readonly handler: (path: string, res: ServerResponse, body: string) => void) {}

  async start(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}

/** A node that logs anyone in (with an extra, unrelated cookie) and answers `matrix` for the matrix. */
export function fakeElastickv(matrix: (path: string) => { status?: number; body: string }): FakeNode {
  return new FakeNode((path, res) => {
    if (path.startsWith('/admin/api/v1/auth/login')) {
      res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': [
        'admin_session=fake.jwt.token; Path=/admin; HttpOnly', 'admin_csrf=fakecsrf; Path=/admin', 'tracking=do-not-forward; Path=/',
      ] });
      res.end('{"role":"full","expires_at":"2030-01-01T00:00:00Z"}\n');
      return;
    }
    const r = matrix(path);
    res.writeHead(r.status ?? 200, { 'content-type': 'application/json' });
    res.end(r.body);
  });
}
