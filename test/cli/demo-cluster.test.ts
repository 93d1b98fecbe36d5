import { createServer } from 'node:net';
import { describe, expect, test } from 'vitest';
import { version } from '../../package.json';
import { matrixSchema } from '../../src/shared/elastickv/wire';
import { CliProcess, runCli } from '../helpers/cli';
import { cookieHeader, http, login } from '../helpers/http';

const readySchema = (line: string): { nodes: string[]; access_key: string; secret_key: string } => {
  const v = JSON.parse(line) as Record<string, unknown>;
  expect(Object.keys(v)).toEqual(['nodes', 'access_key', 'secret_key']);
  return v as { nodes: string[]; access_key: string; secret_key: string };
};

describe('keyviz-inspector demo-cluster', () => {
  test('prints exactly one ready line; its credentials work across nodes; SIGTERM exits 0', async () => {
    const cli = new CliProcess(['demo-cluster', '--nodes', '3']);
    try {
      const ready = readySchema(await cli.firstLine());
      expect(ready.nodes).toHaveLength(3);
      for (const u of ready.nodes) expect(u).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(new Set(ready.nodes).size).toBe(3);
      // Log in on node 1, read node 3 with that cookie.
      const session = await login(ready.nodes[0]!, ready.access_key, ready.secret_key);
      expect(session.status).toBe(200);
      const r = await http(`${ready.nodes[2]}/admin/api/v1/keyviz/matrix`, { headers: { cookie: cookieHeader(session.setCookies) } });
      expect(r.status).toBe(200);
      const m = matrixSchema.parse(r.json());
      expect(m.rows.length).toBeGreaterThan(0);
      expect(m.rows.some((row) => row.values.some((v) => v > 0))).toBe(true);
    } finally {
      const end = await cli.stop('SIGTERM');
      expect(end.code).toBe(0);
      expect(end.stdout.split('\n').filter(Boolean)).toHaveLength(1);
      expect(end.stderr).toContain('SIGTERM');
    }
  });

  test('SIGINT closes every socket and exits 0', async () => {
    const cli = new CliProcess(['demo-cluster', '--nodes', '2', '--history', '10']);
    const ready = readySchema(await cli.firstLine());
    const end = await cli.stop('SIGINT');
    expect(end.code).toBe(0);
    for (const u of ready.nodes) await expect(http(`${u}/admin/healthz`)).rejects.toThrow();
  });

  test('--port P puts node i on P+i; a taken port is a clear error, not a stack trace', async () => {
    const base = await freeRange(2);
    const cli = new CliProcess(['demo-cluster', '--nodes', '2', '--port', String(base), '--history', '5']);
    try {
      expect(readySchema(await cli.firstLine()).nodes).toEqual([`http://127.0.0.1:${base}`, `http://127.0.0.1:${base + 1}`]);
      const clash = await runCli(['demo-cluster', '--nodes', '1', '--port', String(base + 1)]);
      expect(clash.code).toBe(1);
      expect(clash.stdout).toBe('');
      expect(clash.stderr.trim()).toBe(`keyviz-inspector: node 0: port ${base + 1} on 127.0.0.1 is already in use`);
    } finally {
      expect((await cli.stop()).code).toBe(0);
    }
  });

  test('custom credentials, seed and step are honoured', async () => {
    const cli = new CliProcess(['demo-cluster', '--nodes', '1', '--access-key', 'ops', '--secret-key', 's3cr3t', '--seed', '9',
      '--step-ms', '1000', '--history', '30']);
    try {
      const ready = readySchema(await cli.firstLine());
      expect([ready.access_key, ready.secret_key]).toEqual(['ops', 's3cr3t']);
      const session = await login(ready.nodes[0]!, 'ops', 's3cr3t');
      expect(session.status).toBe(200);
      const m = matrixSchema.parse((await http(`${ready.nodes[0]}/admin/api/v1/keyviz/matrix?series=reads`,
        { headers: { cookie: cookieHeader(session.setCookies) } })).json());
      expect(m.column_unix_ms).toHaveLength(30);
      const gaps = m.column_unix_ms.slice(1).map((t, j) => t - m.column_unix_ms[j]!);
      expect(gaps.every((g) => g > 500 && g < 1500)).toBe(true);
    } finally {
      await cli.stop();
    }
  });

  test.each([
    [['demo-cluster', '--nodes', 'three'], "--nodes takes a whole number (got 'three')"],
    [['demo-cluster', '--nodes', '0'], '--nodes must be from 1 to 64 (got 0)'],
    [['demo-cluster', '--history', '100001'], '--history must be from 1 to 100000 (got 100001)'],
    [['demo-cluster', '--bogus'], "Unknown option '--bogus'"],
    [['frobnicate'], "unknown command 'frobnicate'"],
  ])('%j is a usage error (exit 2) naming the problem', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe('keyviz-inspector help and version', () => {
  test('--version prints the package version', async () => {
    expect(await runCli(['--version'])).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  test('--help lists the commands; each command has its own --help', async () => {
    const main = await runCli(['--help']);
    expect(main.code).toBe(0);
    expect(main.stdout).toContain('demo-cluster');
    const sub = await runCli(['demo-cluster', '--help']);
    expect(sub.code).toBe(0);
    for (const flag of ['--nodes', '--port', '--access-key', '--secret-key', '--seed', '--step-ms', '--history']) {
      expect(sub.stdout).toContain(flag);
    }
  });
});

/** N consecutive free loopback ports (checked by binding them, then released). */
async function freeRange(n: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 40_000);
    const servers = [];
    let ok = true;
    for (let i = 0; i < n && ok; i++) {
      const s = createServer();
      ok = await new Promise<boolean>((res) => {
        s.once('error', () => res(false));
        s.listen(base + i, '127.0.0.1', () => res(true));
      });
      servers.push(s);
    }
    await Promise.all(servers.map((s) => new Promise((res) => { if (s.listening) s.close(res); else res(null); })));
    if (ok) return base;
  }
  throw new Error('no free port range found');
}
