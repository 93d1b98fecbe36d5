import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { DEMO_ACCESS_KEY, DEMO_SECRET_KEY, startDemoCluster } from '../../src/demo-cluster';
import { addProfile, emptyStore, saveStore } from '../../src/main/core/profiles';
import { readSnapshotFile } from '../../src/main/core/snapshot';
import { runCli } from '../helpers/cli';

const dir = mkdtempSync(join(tmpdir(), 'keyviz-cli-profiles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function storeWith(nodes: string[], name = 'prod'): Promise<string> {
  const path = join(dir, `${name}-${Math.random().toString(36).slice(2)}.json`);
  await saveStore(path, addProfile(emptyStore(), { name, nodes, accessKey: DEMO_ACCESS_KEY }).store);
  return path;
}

describe('keyviz-inspector profiles', () => {
  test('list: just the Demo cluster when there is no store; the store from the flag or the environment', async () => {
    expect((await runCli(['profiles', 'list', '--profiles-file', join(dir, 'none.json')])).stdout).toMatch(/^Demo cluster/);
    const path = await storeWith(['10.0.0.1:8080']);
    const viaEnv = await runCli(['profiles', 'list', '--json'], { KEYVIZ_INSPECTOR_PROFILES: path });
    expect((JSON.parse(viaEnv.stdout) as Array<{ name: string }>).map((p) => p.name)).toEqual(['Demo cluster', 'prod']);
  });

  test('a damaged store: exit 1 with the reason, the file untouched', async () => {
    const path = join(dir, 'damaged.json');
    writeFileSync(path, '{"version":1,"profiles":[{"name":');
    const r = await runCli(['profiles', 'list', '--profiles-file', path]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not valid JSON.*a copy was kept as .*damaged-.*the file itself was not changed/);
    expect(readFileSync(path, 'utf8')).toBe('{"version":1,"profiles":[{"name":');
  });

  test('export with the secret under a passphrase, import elsewhere; clashes need --rename or --replace', async () => {
    const from = await storeWith(['10.0.0.1:8080']);
    const out = join(dir, 'prod.export.json');
    const env = { PASS: 'correct horse battery', SECRET: 'the-secret-value' };
    const e = await runCli(['profiles', 'export', 'prod', '--profiles-file', from, '--out', out, '--include-secret', '--passphrase-env', 'PASS',
      '--secret-key-env', 'SECRET'], env);
    expect(e.code, e.stderr).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).not.toContain('the-secret-value');
    expect(text).not.toContain('correct horse');
    const to = await storeWith(['10.9.9.9:8080']);
    const clash = await runCli(['profiles', 'import', out, '--profiles-file', to]);
    expect([clash.code, clash.stderr]).toEqual([1, expect.stringMatching(/exists already.*nothing was imported/)]);
    const wrong = await runCli(['profiles', 'import', out, '--profiles-file', to, '--rename', '--passphrase-env', 'PASS'], { PASS: 'wrong passphrase' });
    expect([wrong.code, wrong.stderr]).toEqual([1, expect.stringMatching(/wrong passphrase.*nothing was imported/)]);
    const ok = await runCli(['profiles', 'import', out, '--profiles-file', to, '--rename', '--passphrase-env', 'PASS'], env);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toMatch(/imported "prod \(imported\)" \(renamed\).*secret was decrypted but not stored/);
    expect(readFileSync(to, 'utf8')).not.toContain('the-secret-value');
    const list = JSON.parse((await runCli(['profiles', 'list', '--json', '--profiles-file', to])).stdout) as Array<{ name: string }>;
    expect(list.map((p) => p.name)).toEqual(['Demo cluster', 'prod', 'prod (imported)']);
  });

  test('snapshot --profile takes the nodes and key from the store', async () => {
    const cluster = await startDemoCluster({ nodes: 2, history: 10, routes: 12 });
    try {
      const path = await storeWith(cluster.urls, 'demo-rig');
      const out = join(dir, 'rig.kvsnap');
      const r = await runCli(['snapshot', '--profile', 'demo-rig', '--profiles-file', path, '--secret-key-env', 'S', '--out', out], { S: DEMO_SECRET_KEY });
      expect(r.code, r.stderr).toBe(0);
      expect((await readSnapshotFile(out)).nodes.map((n) => n.node)).toEqual(cluster.urls);
      const both = await runCli(['snapshot', '--profile', 'demo-rig', '--profiles-file', path, '--node', 'x:1', '--secret-key-env', 'S'], { S: 'x' });
      expect([both.code, both.stderr]).toEqual([2, expect.stringContaining('either --profile or --node')]);
      // A damaged store is not a usage mistake: exit 1, as \`profiles\` says it, and the file is left alone.
      const broken = join(dir, 'broken.json');
      writeFileSync(broken, '{"version":1,"profiles":[{"name":1}]}');
      const damaged = await runCli(['snapshot', '--profile', 'demo-rig', '--profiles-file', broken, '--secret-key-env', 'S'], { S: 'x' });
      expect([damaged.code, damaged.stderr]).toEqual([1, expect.stringMatching(/the profile store cannot be read: .*broken\.json: profiles\[0\]\.id/)]);
      // A profile that did not accept plain http to another machine refuses to send the secret there.
      const lan = await storeWith(['http://192.0.2.7:8080'], 'lan');
      const clear = await runCli(['snapshot', '--profile', 'lan', '--profiles-file', lan, '--secret-key-env', 'S'], { S: 'x' });
      expect([clear.code, clear.stderr]).toEqual([1, expect.stringMatching(/plain http:\/\/ to a non-loopback host.*Profile "lan" does not accept plain http/)]);
    } finally {
      await cluster.stop();
    }
  });
});
