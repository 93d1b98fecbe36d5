// Every knob of issue 3 reached from the command line, observed through real sockets.
import { request } from 'undici';
import { describe, expect, test } from 'vitest';
import { matrixSchema } from '../../src/shared/elastickv/wire';
import { CliProcess } from '../helpers/cli';
import { cookieHeader, http, login } from '../helpers/http';

interface Ready { nodes: string[]; access_key: string; secret_key: string }

describe('demo-cluster flags for misbehaving nodes', () => {
  test('each --fault kind, --no-keyviz, --own-signing-key and --fanout-node, as seen by the fan-out node', async () => {
    const cli = new CliProcess(['demo-cluster', '--nodes', '12', '--history', '10', '--fanout-node', '11', '--fanout-timeout-ms', '2500',
      '--fault', '0:latency:200', '--fault', '1:hang', '--fault', '2:status:503', '--fault', '3:reset', '--fault', '4:garbage',
      '--fault', '5:invalid', '--fault', '6:huge:1', '--fault', '7:redirect:http://127.0.0.1:9/elsewhere',
      '--fault', '8:down', '--no-keyviz', '9', '--own-signing-key', '10']);
    try {
      const ready = JSON.parse(await cli.firstLine()) as Ready;
      expect(ready.nodes).toHaveLength(12);
      const cookie = cookieHeader((await login(ready.nodes[11]!, ready.access_key, ready.secret_key)).setCookies);
      const r = await http(`${ready.nodes[11]}/admin/api/v1/keyviz/matrix?series=reads`, { headers: { cookie } });
      const m = matrixSchema.parse(r.json());
      const err = (i: number): string => m.fanout!.nodes.find((n) => n.node === new URL(ready.nodes[i]!).host)?.error ?? 'ok';
      expect(m.fanout!.nodes[0]!.node).toBe(new URL(ready.nodes[11]!).host);
      expect(err(0)).toBe('ok'); // 200 ms of latency is well inside the 2500 ms deadline
      expect(err(1)).toMatch(/context deadline exceeded$/);
      expect(err(2)).toBe('keyviz fan-out peer error: status 503: {"error":"keyviz_disabled","message":"key visualizer sampler is not configured on this node"}\n');
      expect(err(3)).toMatch(/^peer request: Get ".*": /);
      expect(err(4)).toMatch(/^decode peer response: /);
      expect(err(5)).toMatch(/^decode peer response: json: cannot unmarshal/);
      expect(err(6)).toBe('ok'); // huge:1 is a valid 1 MiB matrix
      expect(err(7)).toMatch(/^keyviz fan-out peer error: status 302: /);
      expect(err(8)).toMatch(/connect: connection refused$/);
      expect(err(9)).toMatch(/^keyviz fan-out peer error: status 503: .*keyviz_disabled/);
      expect(err(10)).toBe('keyviz fan-out peer error: status 401: {"error":"unauthenticated","message":"invalid or expired session"}\n');
      // Self plus the two healthy peers (0 and 6) out of 12 nodes.
      expect([m.fanout!.responded, m.fanout!.expected]).toEqual([3, 12]);
    } finally {
      expect((await cli.stop()).code).toBe(0);
    }
  });

  test('--fault I:down then I:up leaves the node listening; --read-only-key and --unauthorised-key', async () => {
    const cli = new CliProcess(['demo-cluster', '--nodes', '2', '--history', '5', '--fault', '1:down', '--fault', '1:up',
      '--read-only-key', 'viewer:pw', '--unauthorised-key', 'stranger:pw2']);
    try {
      const ready = JSON.parse(await cli.firstLine()) as Ready;
      expect((await http(`${ready.nodes[1]}/admin/healthz`)).status).toBe(200);
      expect((await login(ready.nodes[0]!, 'viewer', 'pw')).json()).toMatchObject({ role: 'read_only' });
      expect((await login(ready.nodes[0]!, 'stranger', 'pw2')).status).toBe(403);
    } finally {
      await cli.stop();
    }
  });

  test('huge:1024 streams 1 GiB while the simulator grows by less than 50 MiB', async () => {
    const cli = new CliProcess(['demo-cluster', '--nodes', '1', '--history', '5', '--fault', '0:huge:1024']);
    try {
      const ready = JSON.parse(await cli.firstLine()) as Ready;
      const cookie = cookieHeader((await login(ready.nodes[0]!, ready.access_key, ready.secret_key)).setCookies);
      const res = await request(`${ready.nodes[0]}/admin/api/v1/keyviz/matrix`, { headers: { cookie } });
      expect(res.statusCode).toBe(200);
      let bytes = 0;
      for await (const chunk of res.body) bytes += (chunk as Buffer).length;
      expect(bytes).toBe(1024 * 1048576);
    } finally {
      const end = await cli.stop();
      expect(end.code).toBe(0);
      const atReady = Number(/ready \(memory ([\d.]+) MiB\)/.exec(end.stderr)?.[1]);
      const peak = Number(/peak memory ([\d.]+) MiB/.exec(end.stderr)?.[1]);
      expect(atReady).toBeGreaterThan(0);
      expect(peak - atReady, end.stderr).toBeLessThan(50);
    }
  }, 60_000);
});
