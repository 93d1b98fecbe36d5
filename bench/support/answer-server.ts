// Child process for the fan-out benchmark: NODES loopback servers, each answering a login and
// one pre-serialised matrix, so the client, not the servers, is what gets measured.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NODES, nodeAnswer } from './node-answers';

export default async function serve(): Promise<void> {
  const urls: string[] = [];
  for (let i = 0; i < NODES; i++) {
    const body = Buffer.from(nodeAnswer(i));
    const server = createServer((req, res) => {
      if (req.url?.startsWith('/admin/api/v1/auth/login')) {
        req.resume();
        res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': ['admin_session=bench.jwt.sig; Path=/admin'] });
        res.end('{"role":"full","expires_at":"2030-01-01T00:00:00Z"}');
        return;
      }
      // Chunked, as Go's net/http sends a large body.
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    urls.push(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  }
  process.stdout.write(`${JSON.stringify(urls)}\n`);
}
