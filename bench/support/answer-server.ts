// Child process for the fan-out benchmarks: loopback servers, each answering a login, its
// GET /cluster and one pre-serialised matrix, so the client, not the servers, is what gets
// measured. The design ceiling by default; BENCH_NODES / BENCH_COLS ask for another size.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NODES, nodeAnswer } from './node-answers';

export default async function serve(): Promise<void> {
  const nodes = Number(process.env.BENCH_NODES ?? NODES);
  const cols = process.env.BENCH_COLS ? Number(process.env.BENCH_COLS) : undefined;
  const urls: string[] = [];
  for (let i = 0; i < nodes; i++) {
    const body = Buffer.from(nodeAnswer(i, nodes, undefined, cols));
    // The leadership nodeAnswer's rows imply: group g+1's rows are led where id % nodes === node.
    const cluster = Buffer.from(JSON.stringify({ node_id: `n${i + 1}`, version: 'bench', timestamp: '2026-11-24T12:00:00Z',
      groups: Array.from({ length: 16 }, (_, g) => ({ group_id: g + 1, leader_id: `n${(g % nodes) + 1}`, is_leader: g % nodes === i,
        members: Array.from({ length: nodes }, (_, k) => `n${k + 1}`) })) }));
    const server = createServer((req, res) => {
      if (req.url?.startsWith('/admin/api/v1/auth/login')) {
        req.resume();
        res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': ['admin_session=bench.jwt.sig; Path=/admin'] });
        res.end('{"role":"full","expires_at":"2030-01-01T00:00:00Z"}');
        return;
      }
      if (req.url?.startsWith('/admin/api/v1/cluster')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(cluster);
        return;
      }
      // Chunked, as Go's net/http sends a large body.
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(body);
    });
    // Node's 5 s keep-alive timer runs from when a body is handed to the kernel, not from when the
    // client has read it: a client still parsing other answers can send its next request onto a
    // socket the server is closing ("other side closed"). The benches' rounds must not race that.
    server.keepAliveTimeout = 120_000;
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    urls.push(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  }
  process.stdout.write(`${JSON.stringify(urls)}\n`);
}
