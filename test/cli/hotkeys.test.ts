// `keyviz-inspector hotkeys` as an operator runs it against the simulated cluster.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_ACCESS_KEY, DEMO_SECRET_KEY, type DemoCluster, startDemoCluster } from '../../src/demo-cluster';
import { ClusterClient } from '../../src/main/core/fanout';
import { runCli } from '../helpers/cli';

const dir = mkdtempSync(join(tmpdir(), 'keyviz-hkcli-'));
const secretFile = join(dir, 'secret');
writeFileSync(secretFile, DEMO_SECRET_KEY, { mode: 0o600 });
let cluster: DemoCluster;
let bucket: string;
/** The hottest DynamoDB route now: its internal keys hold bytes that are not printable (segment ends). */
let dynamoBucket: string;
let aggregate: string;
beforeAll(async () => {
  cluster = await startDemoCluster({ nodes: 3, history: 20, routes: 16, seed: 11 });
  const c = new ClusterClient({ nodes: cluster.urls, accessKey: DEMO_ACCESS_KEY, secret: DEMO_SECRET_KEY });
  const m = (await c.fetch({ series: 'writes', rows: 1024, fromMs: null, toMs: null })).merge!.matrix;
  await c.close();
  const last = m.columns.length - 1;
  const hottest = (keep: (id: string) => boolean): string => m.rows.filter((r) => keep(r.bucketId))
    .sort((a, b) => (b.values[last] ?? 0) - (a.values[last] ?? 0))[0]!.bucketId;
  bucket = hottest((id) => id.startsWith('route:'));
  dynamoBucket = hottest((id) => /^route:\d+:dynamo$/.test(id));
  aggregate = m.rows.find((r) => r.aggregate)!.bucketId;
});
afterAll(async () => {
  await cluster.stop();
  rmSync(dir, { recursive: true, force: true });
});
const target = (): string[] => [...cluster.urls.flatMap((u) => ['--node', u]), '--access-key', DEMO_ACCESS_KEY, '--secret-key-file', secretFile];

describe('keyviz-inspector hotkeys', () => {
  test('JSON on stdout (merged keys, each node\'s split), a status line per node on stderr, exit 0', async () => {
    const r = await runCli(['hotkeys', ...target(), '--bucket', bucket, '--top', '5']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ bucket_id: bucket, approximate: true, series: 'writes' });
    expect(out.keys.length).toBeGreaterThan(0);
    expect(out.keys.length).toBeLessThanOrEqual(5);
    expect(out.split.map((s: { key_b64: string }) => s.key_b64)).toEqual(out.keys.map((k: { key_b64: string }) => k.key_b64));
    expect(out.nodes.map((n: { node: string }) => n.node)).toEqual(cluster.urls);
    // Every node answered: with its sketch (200), or with no samples of the route (404 no_snapshot).
    for (const u of cluster.urls) expect(r.stderr).toMatch(new RegExp(`${u.replace(/[.:/]/g, '\\$&')}\\s+ok\\s+(200|404 .*no samples)`));
    expect(out.nodes.every((n: { ok: boolean }) => n.ok)).toBe(true);
    expect(r.stderr).not.toContain(DEMO_SECRET_KEY);
  });

  test('every key, merged and split, also reads as text: key_text, never null, the whole internal key (issue 17)', async () => {
    const r = await runCli(['hotkeys', ...target(), '--bucket', dynamoBucket, '--top', '20']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { keys: Array<{ key_b64: string; key_text: unknown }>; split: Array<{ key_b64: string; key_text: unknown }> };
    const all = [...out.keys, ...out.split];
    expect(out.keys.length).toBeGreaterThan(0);
    for (const k of all) {
      expect(typeof k.key_text, JSON.stringify(k)).toBe('string');
      const bytes = Buffer.from(k.key_b64, 'base64');
      // Nothing raw: control characters come as \u escapes, which mean the same character in JSON.
      expect(k.key_text).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
      expect(Buffer.from(JSON.parse(`"${k.key_text as string}"`) as string, 'utf8').equals(bytes), k.key_text as string).toBe(true);
    }
    // The demo's internal keys hold bytes that are not printable (DynamoDB's segment ends, list
    // lengths): those keys are still text, not only base64 and a null user_key.
    expect(all.some((k) => /\\u00[01]/.test(k.key_text as string))).toBe(true);
    const help = await runCli(['hotkeys', '--help']);
    expect(help.stdout).toMatch(/"key_text"/);
  });

  test('a node with hot keys off: named with the fix, exit 3; usage mistakes exit 2', async () => {
    cluster.setHotKeys(1, 'off');
    try {
      const r = await runCli(['hotkeys', ...target(), '--bucket', bucket]);
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).toMatch(/FAILED\s+503 .*start it with --keyvizHotKeysEnabled/);
    } finally {
      cluster.setHotKeys(1, 'on');
    }
    expect(await runCli(['hotkeys', ...target()])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--bucket BUCKET_ID is required/) });
    expect(await runCli(['hotkeys', ...target(), '--bucket', aggregate])).toMatchObject({ code: 2, stderr: expect.stringMatching(/aggregate of cold routes/) });
    expect(await runCli(['hotkeys', ...target(), '--bucket', bucket, '--series', 'reads'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/writes only/) });
  });

  test('a wrong secret: the one short message every command gives (issue 17), no node table, exit 1', async () => {
    // A cluster of its own: each wrong login counts against the five a minute of every node.
    const own = await startDemoCluster({ nodes: 3, history: 5, routes: 4 });
    try {
      const r = await runCli(['hotkeys', ...own.urls.flatMap((u) => ['--node', u]), '--access-key', DEMO_ACCESS_KEY, '--secret-key-env', 'BAD',
        '--bucket', 'route:1'], { BAD: 'wrong' });
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n').filter((l) => l !== '')).toEqual([
        'keyviz-inspector: login refused: the access key or secret is wrong (HTTP 401 invalid_credentials), said by all 3 nodes; no hot keys asked',
        `  check the access key (--access-key ${DEMO_ACCESS_KEY}) and the secret in $BAD`,
      ]);
    } finally {
      await own.stop();
    }
  });
});
