// Saved profiles as the app's main process serves them, against the simulated cluster on
// loopback: remembered secrets (encrypted, never in clear, reused by a fresh core), refusals in
// words, the plaintext consent, damaged files explained and left alone, export and import.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { ClusterService } from '../../../src/main/app/cluster-service';
import { DEMO_ACCESS_KEY, DEMO_SECRET_KEY, type DemoCluster, startDemoCluster } from '../../../src/demo-cluster';
import type { Dialogs } from '../../../src/main/app/dialogs';
import { ProfileService } from '../../../src/main/app/profile-service';
import type { SecretBox } from '../../../src/main/core/secrets/store';
import { FakeNode } from '../../helpers/fake-node';
import { testSecretBox } from '../../helpers/secret-box';

let cluster: DemoCluster;
const cleanups: Array<() => Promise<unknown> | void> = [];
beforeAll(async () => { cluster = await startDemoCluster({ nodes: 3, history: 5, routes: 12 }); });
afterAll(async () => { await cluster.stop(); });
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

const dialogs = (save: string | null = null, open: string | null = null): Dialogs => ({ saveFile: async () => save, openFile: async () => open });

/** A fresh main-process core over `dir` (what an app restart gives). */
function core(dir: string, box: SecretBox, d: Dialogs = dialogs()) {
  const clusters = new ClusterService();
  cleanups.push(() => clusters.closeAll());
  const profiles = new ProfileService({ profilesFile: join(dir, 'profiles.json'), secretsFile: join(dir, 'secrets.json'), box, clusters,
    demo: () => ({ nodes: cluster.urls, accessKey: DEMO_ACCESS_KEY, secret: DEMO_SECRET_KEY }), dialogs: d });
  return { clusters, profiles };
}
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'keyviz-userdata-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
const rig = () => ({ name: 'rig', nodes: cluster.urls, accessKey: DEMO_ACCESS_KEY, timeoutMs: 2000, maxBodyBytes: 1 << 26, tls: {},
  allowPlaintext: false, view: { series: 'reads' as const, rows: 100, rangeMs: null, autoRefreshMs: 0 as const }, color: '#ff0000' });
/** Every byte under `dir`, for "never in clear" checks. */
const everything = (dir: string): string => readdirSync(dir).map((f) => readFileSync(join(dir, f), 'latin1')).join('\n');

describe('remembered secrets', () => {
  test('remembered once, encrypted; a fresh core reconnects without asking; the secret never lands in clear', async () => {
    const dir = folder();
    const box = testSecretBox();
    const first = core(dir, box);
    const { id } = await first.profiles.save({ id: null, profile: rig() });
    expect(await first.profiles.connect({ id })).toEqual({ state: 'need-secret', refused: false, reason: `no secret is remembered for ${DEMO_ACCESS_KEY}` });
    const opened = await first.profiles.connect({ id, secret: DEMO_SECRET_KEY, remember: true });
    expect(opened).toMatchObject({ state: 'open', rememberError: null, profile: { name: 'rig', rememberedSecret: true } });
    await first.clusters.closeAll();

    const second = core(dir, box); // the app restarted: same folder, same OS keyring
    expect((await second.profiles.list()).profiles.map((p) => [p.name, p.rememberedSecret])).toEqual([['Demo cluster', false], ['rig', true]]);
    const again = await second.profiles.connect({ id });
    if (again.state !== 'open') throw new Error(again.reason);
    const view = await second.clusters.fetch({ connectionId: again.connectionId, series: 'reads', rows: 50, fromMs: null, toMs: null });
    expect(view.outcome).toBe('complete');
    expect(everything(dir)).not.toContain(DEMO_SECRET_KEY);
    expect(everything(dir)).not.toMatch(/eyJ[\w-]+\.[\w-]+\./); // no session JWT either

    // Another keyring (another user or machine) cannot decrypt it: the secret is asked for again.
    expect(await core(dir, testSecretBox()).profiles.connect({ id })).toMatchObject({ state: 'need-secret' });
  });

  test('a wrong secret is refused in words and not remembered', async () => {
    const dir = folder();
    const { profiles } = core(dir, testSecretBox());
    const { id } = await profiles.save({ id: null, profile: rig() });
    const r = await profiles.connect({ id, secret: 'wrong', remember: true });
    expect(r).toMatchObject({ state: 'need-secret', refused: true, reason: expect.stringMatching(/the access key or secret is wrong/) });
    expect((await profiles.list()).profiles[1]!.rememberedSecret).toBe(false);
    expect(existsSync(join(dir, 'secrets.json'))).toBe(false);
  });

  test('a secret remembered for one access key is not used for another; deleting the profile forgets it', async () => {
    const dir = folder();
    const { profiles } = core(dir, testSecretBox());
    const { id } = await profiles.save({ id: null, profile: rig() });
    await profiles.connect({ id, secret: DEMO_SECRET_KEY, remember: true });
    await profiles.save({ id, profile: { ...rig(), accessKey: 'other-key' } });
    expect(await profiles.connect({ id })).toMatchObject({ state: 'need-secret', reason: 'no secret is remembered for other-key' });
    await profiles.remove(id);
    expect(JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8')).entries).toEqual({});
  });

  test('Linux basic_text: not remembered unless the user accepted the weak protection; no storage at all: said so', async () => {
    const dir = folder();
    const { profiles } = core(dir, testSecretBox({ backend: 'basic_text' }));
    expect((await profiles.list()).secretStorage).toEqual({ available: true, weak: true, backend: 'basic_text' });
    const { id } = await profiles.save({ id: null, profile: rig() });
    await expect(profiles.connect({ id, secret: DEMO_SECRET_KEY, remember: true })).rejects.toThrow(/"basic_text", which is not really protected/);
    expect(await profiles.connect({ id, secret: DEMO_SECRET_KEY, remember: true, acceptWeakStorage: true })).toMatchObject({ state: 'open', rememberError: null });
    expect(await profiles.connect({ id, secret: DEMO_SECRET_KEY, remember: false })).toMatchObject({ state: 'open' });

    const none = core(folder(), testSecretBox({ available: false })).profiles;
    const other = await none.save({ id: null, profile: rig() });
    await expect(none.connect({ id: other.id, secret: DEMO_SECRET_KEY, remember: true })).rejects.toThrow(/no secure storage/);
  });

  test('a damaged secrets file: explained, left as it is, the secret asked for', async () => {
    const dir = folder();
    const { profiles } = core(dir, testSecretBox());
    const { id } = await profiles.save({ id: null, profile: rig() });
    writeFileSync(join(dir, 'secrets.json'), '{"format":"keyviz-inspector/secrets","version":1,"entries":{"x":{"accessKey":1}}}');
    const before = readFileSync(join(dir, 'secrets.json'));
    expect((await profiles.list()).secretsError).toMatch(/secrets\.json: entries\.x\.accessKey: .*a copy was kept/);
    expect(await profiles.connect({ id })).toMatchObject({ state: 'need-secret', reason: expect.stringMatching(/cannot be used until it is repaired/) });
    expect(readFileSync(join(dir, 'secrets.json')).equals(before)).toBe(true);
  });
});

describe('connecting', () => {
  test('plain http to a non-loopback node is refused until the profile accepts it', async () => {
    const { profiles } = core(folder(), testSecretBox());
    const { id } = await profiles.save({ id: null, profile: { ...rig(), nodes: ['http://192.0.2.10:8080'] } });
    await expect(profiles.connect({ id, secret: 's' })).rejects.toThrow(/plain http:\/\/ to a non-loopback host.*accept plain http/);
  });

  test('a bad node address is explained when saving, and nothing is saved', async () => {
    const dir = folder();
    const { profiles } = core(dir, testSecretBox());
    await expect(profiles.save({ id: null, profile: { ...rig(), nodes: ['ftp://x'] } })).rejects.toThrow(/only http:\/\/ and https:\/\//);
    expect(existsSync(join(dir, 'profiles.json'))).toBe(false);
  });

  test('403 and 429 at login are said in words (not "wrong secret"), and the connection stays to retry', async () => {
    for (const [status, words] of [[403, /not authorised for admin access/], [429, /rate-limited.*retry in 42 s/]] as const) {
      const node = new FakeNode((_path, res) => {
        res.writeHead(status, { 'content-type': 'application/json', 'retry-after': '42' });
        res.end(status === 403 ? '{"error":"forbidden","message":"access key is not authorised"}' : '{"error":"rate_limited"}');
      });
      const url = await node.start();
      cleanups.push(() => node.stop());
      const { profiles, clusters } = core(folder(), testSecretBox());
      const { id } = await profiles.save({ id: null, profile: { ...rig(), nodes: [url] } });
      const r = await profiles.connect({ id, secret: 's', remember: true });
      if (r.state !== 'open') throw new Error(`expected open, got ${JSON.stringify(r)}`);
      expect(r.rememberError).toMatch(words);
      const view = await clusters.fetch({ connectionId: r.connectionId, series: 'reads', rows: 10, fromMs: null, toMs: null });
      expect(view.login).toMatchObject({ credentialsRefused: false, error: expect.stringMatching(words) });
    }
  });

  test('the Demo cluster profile connects with its built-in credentials and cannot be changed or deleted', async () => {
    const { profiles } = core(folder(), testSecretBox());
    expect(await profiles.connect({ id: 'demo' })).toMatchObject({ state: 'open', profile: { demo: true } });
    await expect(profiles.remove('demo')).rejects.toThrow(/cannot be deleted/);
    await expect(profiles.save({ id: 'demo', profile: rig() })).rejects.toThrow(/cannot be changed/);
  });

  test('node identity and a duplicate address through the service', async () => {
    const { profiles, clusters } = core(folder(), testSecretBox());
    const port = new URL(cluster.urls[0]!).port;
    const { id } = await profiles.save({ id: null, profile: { ...rig(), nodes: [...cluster.urls, `http://localhost:${port}`] } });
    const r = await profiles.connect({ id, secret: DEMO_SECRET_KEY });
    if (r.state !== 'open') throw new Error(r.reason);
    const who = await clusters.identify(r.connectionId);
    expect(who.nodes.map((n) => n.nodeId)).toEqual(['n1', 'n2', 'n3', 'n1']);
    expect(who.duplicates).toEqual([{ nodeId: 'n1', nodes: [cluster.urls[0], `http://localhost:${port}`] }]);
  });
});

describe('find peers', () => {
  test('a fan-out node names its peers; only the ones not asked yet come back, however the profile wrote them', async () => {
    const fan = await startDemoCluster({ nodes: 3, history: 5, routes: 12, fanoutNodes: [0] });
    cleanups.push(() => fan.stop());
    const { profiles, clusters } = core(folder(), testSecretBox());
    const seed = new URL(fan.urls[0]!).host; // written without a scheme
    const { id } = await profiles.save({ id: null, profile: { ...rig(), nodes: [seed, fan.urls[2]!.replace('127.0.0.1', 'localhost')] } });
    const r = await profiles.connect({ id, secret: DEMO_SECRET_KEY });
    if (r.state !== 'open') throw new Error(r.reason);
    // localhost and 127.0.0.1 are different addresses (the node_id check catches that case), so node 3 is offered.
    expect(await clusters.discover(r.connectionId)).toEqual({ connectionId: r.connectionId, named: 3, nodes: [fan.urls[1], fan.urls[2]] });
  });
});

describe('damaged profile store', () => {
  test('listed with the reason and the Demo cluster; saving refuses; only an explicit reset starts over', async () => {
    const dir = folder();
    const path = join(dir, 'profiles.json');
    writeFileSync(path, '{"version":1,"profiles":[{"name":42}]}');
    const before = readFileSync(path);
    const { profiles } = core(dir, testSecretBox());
    const list = await profiles.list();
    expect(list.storeError).toMatch(/profiles\[0\]\.id: .*a copy was kept as .*damaged-/);
    expect(list.profiles.map((p) => p.name)).toEqual(['Demo cluster']);
    await profiles.list(); // listing again keeps one copy, not one per look
    expect(readdirSync(dir).filter((f) => f.includes('.damaged-'))).toHaveLength(1);
    await expect(profiles.save({ id: null, profile: rig() })).rejects.toThrow(/cannot be read, so nothing was saved/);
    expect(readFileSync(path).equals(before)).toBe(true);
    const { backup } = await profiles.reset();
    expect(readFileSync(backup!).equals(before)).toBe(true);
    expect((await profiles.list()).storeError).toBeNull();
  });
});

describe('export and import through the dialogs', () => {
  test('without the secret by default; with it under a passphrase; import asks the passphrase and the clash, never half-imports', async () => {
    const dir = folder();
    const out = join(folder(), 'rig.kvprofile.json');
    const box = testSecretBox();
    const a = core(dir, box, dialogs(out, out)).profiles;
    const { id } = await a.save({ id: null, profile: rig() });
    await expect(a.export({ id, includeSecret: true, passphrase: 'long enough' })).rejects.toThrow(/no secret is remembered/);
    expect(await a.export({ id, includeSecret: false })).toEqual({ path: out });
    expect(JSON.parse(readFileSync(out, 'utf8'))).not.toHaveProperty('secret');
    await a.connect({ id, secret: DEMO_SECRET_KEY, remember: true });
    await expect(a.export({ id, includeSecret: true, passphrase: 'short' })).rejects.toThrow(/at least 8 characters/);
    await a.export({ id, includeSecret: true, passphrase: 'correct horse' });
    expect(readFileSync(out, 'utf8')).not.toContain(DEMO_SECRET_KEY);

    // Another machine: its own folder and keyring.
    const otherDir = folder();
    const b = core(otherDir, testSecretBox(), dialogs(null, out)).profiles;
    const step = await b.import({ onClash: 'ask' });
    expect(step).toMatchObject({ state: 'need-passphrase', name: 'rig' });
    const token = (step as { token: string }).token;
    await expect(b.import({ token, onClash: 'ask', passphrase: 'wrong passphrase' })).rejects.toThrow(/wrong passphrase/);
    expect(existsSync(join(otherDir, 'profiles.json'))).toBe(false); // nothing half-imported
    expect(await b.import({ token, onClash: 'ask', passphrase: 'correct horse', remember: true }))
      .toMatchObject({ state: 'imported', name: 'rig', clash: null, secretRemembered: true });
    const imported = (await b.list()).profiles.find((p) => p.name === 'rig')!;
    expect(await b.connect({ id: imported.id })).toMatchObject({ state: 'open' });

    // The same file again: the name clash is asked, then renamed.
    const again = await b.import({ onClash: 'ask', passphrase: '' });
    expect(again).toMatchObject({ state: 'clash', name: 'rig' });
    expect(await b.import({ token: (again as { token: string }).token, onClash: 'rename', passphrase: '' }))
      .toMatchObject({ state: 'imported', name: 'rig (imported)', clash: 'renamed', secretRemembered: false });
    expect(await core(folder(), testSecretBox(), dialogs(null, null)).profiles.import({ onClash: 'ask' })).toEqual({ state: 'cancelled' });
  });

  test('a file that is not an export is refused clearly', async () => {
    const bad = join(folder(), 'bad.json');
    writeFileSync(bad, '{"format":"keyviz-inspector/profile","version":1,"profile":{"name":"x"}}');
    const { profiles } = core(folder(), testSecretBox(), dialogs(null, bad));
    await expect(profiles.import({ onClash: 'ask' })).rejects.toThrow(/not a KeyViz Inspector profile export: profile\.nodes/);
  });
});
