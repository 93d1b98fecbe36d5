// The profile store: never lose data, refuse hostile files clearly, survive a killed writer.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import {
  addProfile, decryptSecret, deleteProfile, duplicateProfile, emptyStore, exportProfile, findProfile, ImportError, importProfile,
  listProfiles, loadStore, PassphraseError, ProfileError, ProfileStoreError, profilesPath, resetStore, saveStore, updateProfile, userDataDir,
} from '../../../../src/main/core/profiles';

const dir = mkdtempSync(join(tmpdir(), 'keyviz-profiles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (content?: string | Buffer): string => {
  const p = join(dir, `profiles-${n++}.json`);
  if (content !== undefined) writeFileSync(p, content);
  return p;
};
const prod = { name: 'prod', nodes: ['10.0.0.1:8080', '10.0.0.2:8080'], accessKey: 'ops' };

describe('paths', () => {
  test('the user-data folder Electron uses, overridable by flag or environment', () => {
    expect(userDataDir({}, 'linux', '/home/u')).toBe('/home/u/.config/keyviz-inspector');
    expect(userDataDir({ XDG_CONFIG_HOME: '/x' }, 'linux', '/home/u')).toBe('/x/keyviz-inspector');
    expect(userDataDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Application Support/keyviz-inspector');
    expect(profilesPath(undefined, { KEYVIZ_INSPECTOR_PROFILES: '/etc/p.json' })).toBe('/etc/p.json');
    expect(profilesPath('/flag.json', { KEYVIZ_INSPECTOR_PROFILES: '/etc/p.json' })).toBe('/flag.json');
  });
});

describe('store', () => {
  test('no file: an empty store, with the Demo cluster listed', async () => {
    const { store } = await loadStore(file());
    expect(store).toEqual(emptyStore());
    expect(listProfiles(store).map((p) => p.name)).toEqual(['Demo cluster']);
  });

  test('create, edit, duplicate, delete; names are unique; the Demo profile stays', async () => {
    let { store, profile } = addProfile(emptyStore(), prod);
    expect(profile).toMatchObject({ timeoutMs: 2000, maxBodyBytes: 64 * 1024 * 1024, allowPlaintext: false, view: { series: 'writes' } });
    expect(() => addProfile(store, { ...prod, name: 'PROD' })).toThrow(ProfileError);
    expect(() => addProfile(store, { ...prod, name: 'demo cluster' })).toThrow(/built-in/);
    store = updateProfile(store, profile.id, { nodes: ['10.0.0.2:8080', '10.0.0.1:8080'], name: 'production' });
    expect(findProfile(store, 'production')!.nodes).toEqual(['10.0.0.2:8080', '10.0.0.1:8080']);
    store = duplicateProfile(store, profile.id).store;
    expect(store.profiles.map((p) => p.name)).toEqual(['production', 'production (copy)']);
    expect(() => deleteProfile(store, 'demo')).toThrow(/cannot be deleted/);
    store = deleteProfile(store, profile.id);
    expect(listProfiles(store).map((p) => p.name)).toEqual(['Demo cluster', 'production (copy)']);
  });

  test('saved privately and atomically, read back the same', async () => {
    const p = file();
    const { store } = addProfile(emptyStore(), prod);
    await saveStore(p, store);
    expect((await loadStore(p)).store).toEqual(store);
    if (process.platform !== 'win32') expect(statSync(p).mode & 0o777).toBe(0o600);
  });

  test('an unversioned first-draft file migrates to version 1 (fixture)', async () => {
    const p = file(readFileSync(resolve(import.meta.dirname, '../../../fixtures/profiles/v0.json')));
    const before = readFileSync(p);
    const { store, migratedFrom } = await loadStore(p);
    expect(migratedFrom).toBe(0);
    expect(store.version).toBe(1);
    expect(store.profiles.map((x) => [x.name, x.timeoutMs, x.id.length > 10])).toEqual([['prod', 2000, true], ['staging', 5000, true]]);
    expect(readFileSync(p)).toEqual(before); // only a save rewrites it
  });

  const damaged: Array<[string, () => string | Buffer, RegExp]> = [
    ['cut-off JSON', () => '{"version":1,"profiles":[{"name":', /not valid JSON/],
    ['a wrong type', () => JSON.stringify({ version: 1, profiles: [{ ...prod, nodes: 'x', id: 'a', createdAt: '', updatedAt: '' }] }), /profiles\[0\]\.nodes: /],
    ['two profiles with one name', () => JSON.stringify({ version: 1, profiles: [prod, prod].map((p, i) => ({ ...p, id: `i${i}`, createdAt: '', updatedAt: '' })) }), /two profiles are named "prod"/],
    ['an array', () => '[]', /expected a JSON object/],
    ['deep nesting', () => `${'['.repeat(200_000)}${']'.repeat(200_000)}`, /nested too deeply|not a profile store|not valid JSON/],
    ['a negative version', () => '{"version":-3,"profiles":[]}', /"version" must be a whole number/],
  ];
  test.each(damaged)('%s: a clear error, the file untouched, a timestamped copy beside it', async (_name, content, why) => {
    const p = file(content());
    const before = readFileSync(p);
    const err = await loadStore(p).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(ProfileStoreError);
    expect((err as Error).message).toMatch(why);
    expect(readFileSync(p).equals(before)).toBe(true); // byte for byte (toEqual would crawl on 5 MB)
    const backup = (err as ProfileStoreError).backup!;
    expect(existsSync(backup)).toBe(true);
    expect(readFileSync(backup).equals(before)).toBe(true);
  });

  test('a file over the size limit: a clear error, the file untouched, and no copy (it would be as large)', async () => {
    const p = file(Buffer.alloc(5 * 1024 * 1024, 0x20));
    const before = readFileSync(p);
    const err = await loadStore(p).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(ProfileStoreError);
    expect((err as Error).message).toMatch(/too large to be a profile store \(5242880 bytes; at most 4194304\) \(no copy was made: it is too large to copy, 5\.0 MiB over the 4\.0 MiB limit; the file itself was not changed\)$/);
    expect((err as ProfileStoreError).backup).toBeNull();
    expect(readFileSync(p).equals(before)).toBe(true);
    expect(readdirSync(dirname(p)).filter((f) => f.startsWith(`${basename(p)}.damaged-`))).toEqual([]);
  });

  test('resetting a store too large to copy moves it aside instead: nothing lost, no disk spent', async () => {
    const p = file(Buffer.alloc(5 * 1024 * 1024, 0x20));
    const backup = await resetStore(p);
    expect(backup).toMatch(/\.damaged-/);
    expect(readFileSync(backup!).equals(Buffer.alloc(5 * 1024 * 1024, 0x20))).toBe(true);
    expect((await loadStore(p)).store).toEqual(emptyStore());
  });

  test('a newer store version is refused without touching anything', async () => {
    const p = file('{"version":9,"profiles":[]}');
    await expect(loadStore(p)).rejects.toThrow(/newer KeyViz Inspector \(store version 9/);
  });

  test('__proto__ keys pollute nothing', async () => {
    const p = file('{"version":1,"profiles":[],"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}');
    await loadStore(p);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('a writer killed mid-write leaves the previous version or the new one, never a mix', async () => {
    const p = file();
    const big = (tag: string) => ({ version: 1, profiles: Array.from({ length: 800 }, (_, i) => ({
      ...prod, name: `${tag}-${i}`, id: `${tag}${i}`, createdAt: tag, updatedAt: tag })) });
    await saveStore(p, big('old') as never);
    const script = `import('vite').then(async ({ runnerImport }) => {
      const { module } = await runnerImport(${JSON.stringify(resolve(import.meta.dirname, '../../../../src/main/core/profiles/store.ts'))});
      process.stdout.write('go\\n');
      for (let i = 0; ; i++) await module.saveStore(${JSON.stringify(p)}, ${JSON.stringify(big('new'))});
    })`;
    for (let round = 0; round < 4; round++) {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: resolve(import.meta.dirname, '../../../..') });
      await new Promise<void>((r) => child.stdout.once('data', () => r()));
      await new Promise((r) => setTimeout(r, 20 + round * 37)); // kill it at different points of its writes
      child.kill('SIGKILL');
      await new Promise((r) => child.once('close', r));
      const { store } = await loadStore(p);
      expect(['old', 'new']).toContain(store.profiles[0]!.createdAt);
      expect(store.profiles).toHaveLength(800);
    }
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp')).length).toBeLessThanOrEqual(4); // at most one orphan per kill
  }, 60_000);
});

describe('export and import', () => {
  const { store, profile } = addProfile(emptyStore(), prod);

  test('exported without the secret by default', () => {
    const e = exportProfile(profile);
    expect(e).not.toHaveProperty('secret');
    expect(JSON.stringify(e)).not.toContain(profile.id);
  });

  test('with the secret, only encrypted: the right passphrase opens it, a wrong one imports nothing', () => {
    const e = exportProfile(profile, { secret: 'hunter2-secret', passphrase: 'correct horse battery' });
    expect(JSON.stringify(e)).not.toContain('hunter2');
    expect(decryptSecret(e.secret!, 'correct horse battery')).toBe('hunter2-secret');
    expect(() => importProfile(emptyStore(), e, { onClash: 'ask', passphrase: 'wrong passphrase' })).toThrow(PassphraseError);
    const r = importProfile(emptyStore(), e, { onClash: 'ask', passphrase: 'correct horse battery' });
    expect(r.secret).toBe('hunter2-secret');
    expect(r.profile).toMatchObject({ name: 'prod', nodes: prod.nodes });
    expect(() => exportProfile(profile, { secret: 's', passphrase: 'short' })).toThrow(/at least 8/);
  });

  test('a name clash is reported; rename or replace on request', () => {
    const e = exportProfile({ ...profile, nodes: ['10.9.9.9:8080'] });
    expect(() => importProfile(store, e, { onClash: 'ask' })).toThrow(ImportError);
    const renamed = importProfile(store, e, { onClash: 'rename' });
    expect([renamed.clash, renamed.profile.name]).toEqual(['renamed', 'prod (imported)']);
    const replaced = importProfile(store, e, { onClash: 'replace' });
    expect([replaced.clash, replaced.profile.id, replaced.profile.nodes]).toEqual(['replaced', profile.id, ['10.9.9.9:8080']]);
    expect(replaced.store.profiles).toHaveLength(1);
  });

  test('anything that is not an export changes nothing', () => {
    expect(() => importProfile(store, { format: 'keyviz-inspector/profile', version: 1, profile: { name: 'x' } }, { onClash: 'ask' }))
      .toThrow(/not a KeyViz Inspector profile export: profile\.nodes/);
    expect(() => importProfile(store, [], { onClash: 'ask' })).toThrow(ImportError);
  });
});
