// Ports for a test that needs several in a row (`demo-cluster --port P` takes P, P+1, …): an
// ephemeral one from the system, kept only if the next ones are free too. Never a fixed port:
// operators run real nodes on 8080, 18080 and the like.
import { createServer, type Server } from 'node:net';

const listen = (port: number): Promise<Server | null> => new Promise((resolve) => {
  const s = createServer();
  s.once('error', () => resolve(null));
  s.listen(port, '127.0.0.1', () => resolve(s));
});
const close = (s: Server): Promise<void> => new Promise((r) => s.close(() => r()));

export async function freePortRun(count: number, attempts = 50): Promise<number> {
  for (let a = 0; a < attempts; a++) {
    const first = await listen(0);
    if (!first) continue;
    const base = (first.address() as { port: number }).port;
    const held = [first];
    for (let i = 1; i < count; i++) {
      const s = base + i < 65536 ? await listen(base + i) : null;
      if (!s) break;
      held.push(s);
    }
    await Promise.all(held.map(close));
    if (held.length === count) return base;
  }
  throw new Error(`no run of ${count} free ports on 127.0.0.1`);
}
