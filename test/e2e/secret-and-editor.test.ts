// A refused secret and the profile editor, in real Chromium against the real core and simulated
// clusters (issue 17, items 10 and 14): a wrong secret is said once, in words, and asked for again
// where it was typed, with no empty cluster view to export or record; the range picker's From/To
// follow the range shown; the profile colour is a band with the profile's name on it; the editor
// tests a draft's connection without saving anything, and keeps Save on screen at 1024x700.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type AppCore, createAppCore } from '../../src/main/app/app-core';
import type { IpcHandlers } from '../../src/main/app/ipc';
import { type DemoCluster, startDemoCluster } from '../../src/demo-cluster';
import { ClusterClient } from '../../src/main/core/fanout';
import type { IpcRequest } from '../../src/shared/ipc';
import { ARTIFACTS, CHROMIUM, type E2E, startE2E } from '../helpers/e2e';
import { testSecretBox } from '../helpers/secret-box';

const dir = mkdtempSync(join(tmpdir(), 'keyviz-e2e-secret-'));
const WIDE = { width: 1400, height: 900 };
const SMALL = { width: 1024, height: 700 };
/** The Demo's clock stands still: its columns (what "All" shows) are known to the test. */
const NOW = Math.floor(Date.now() / 60_000) * 60_000;
const userData = mkdtempSync(join(dir, 'user-'));
let e2e: E2E;
let core: AppCore;
let demo: DemoCluster;
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
    demo = await startDemoCluster({ nodes: 3, history: 1440, seed: 9, clock: () => NOW });
    clusters.push(demo);
    core = createAppCore({ userDataDir: userData, box: testSecretBox(),
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
  /** An expression evaluated in the page (these tests compile without the DOM's types). */
  const inPage = (page: Page, expression: string): Promise<unknown> => page.evaluate(expression);

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

  /** A time as a datetime-local field holds it, in the page's time zone. */
  const asInput = (page: Page, ms: number): Promise<string> =>
    page.evaluate((t) => new Date(t - new Date(t).getTimezoneOffset() * 60_000).toISOString().slice(0, 16), ms);
  const fields = async (page: Page): Promise<[string, string]> =>
    [await page.getByLabel('From', { exact: true }).inputValue(), await page.getByLabel('To', { exact: true }).inputValue()];

  test('From/To follow the range on screen: all the nodes keep for "All", the last hour for "1 h", a window as applied', async () => {
    const { page, errors } = await openApp();
    await page.getByRole('button', { name: 'Open the built-in Demo cluster' }).click();
    await page.getByText('cluster view (3 of 3 nodes)').waitFor();
    await page.locator('.summary[data-drawn="true"]').waitFor();
    const range = page.getByRole('group', { name: 'Time range' });
    await expect(range.getByRole('button', { name: 'All' }).getAttribute('aria-pressed')).resolves.toBe('true');
    // "All": the first and last column of the view shown (a day of history), not the last hour.
    const client = new ClusterClient({ nodes: demo.urls, accessKey: demo.accessKey, secret: demo.secretKey });
    const columns = (await client.fetch({ series: 'writes', rows: 1024, fromMs: null, toMs: null })).merge!.matrix.columns;
    await client.close();
    expect(columns.at(-1)! - columns[0]!).toBeGreaterThan(23 * 3_600_000);
    await expect.poll(() => fields(page)).toEqual([await asInput(page, columns[0]!), await asInput(page, columns.at(-1)!)]);
    await page.screenshot({ path: join(ARTIFACTS, 'range-all.png') });

    // "1 h": its first column is an hour back.
    await range.getByRole('button', { name: '1 h' }).click();
    await page.getByText('cluster view (3 of 3 nodes)').waitFor();
    await expect.poll(async () => (await fields(page))[0]).not.toBe(await asInput(page, columns[0]!));
    const [from1h] = await fields(page);
    const from1hMs = await page.evaluate((v) => new Date(v).getTime(), from1h);
    expect(Math.abs(from1hMs - (NOW - 3_600_000))).toBeLessThanOrEqual(2 * 60_000);

    // A window typed and applied: the fields keep it; "All" again brings the whole span back.
    const winFrom = await asInput(page, NOW - 3 * 3_600_000);
    const winTo = await asInput(page, NOW - 2 * 3_600_000);
    await page.getByLabel('From', { exact: true }).fill(winFrom);
    await page.getByLabel('To', { exact: true }).fill(winTo);
    await range.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => range.getByRole('button', { name: 'Apply' }).getAttribute('aria-pressed')).toBe('true');
    await page.getByText('cluster view (3 of 3 nodes)').waitFor();
    await expect(fields(page)).resolves.toEqual([winFrom, winTo]);
    await range.getByRole('button', { name: 'All' }).click();
    await expect.poll(() => fields(page)).toEqual([await asInput(page, columns[0]!), await asInput(page, columns.at(-1)!)]);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  test("a saved profile's colour: a badge with its name and a band along the window's top, and the name in the window title", async () => {
    const cluster = await freshCluster();
    const { id } = await core.profiles.save({ id: null, profile: { name: 'Prod', nodes: cluster.urls, accessKey: cluster.accessKey,
      timeoutMs: 2000, maxBodyBytes: 64 << 20, tls: {}, allowPlaintext: false,
      view: { series: 'writes', rows: 1024, rangeMs: null, autoRefreshMs: 0 }, color: '#c81e1e' } });
    const { page, errors } = await openApp();
    await expect(page.title()).resolves.toBe('KeyViz Inspector');
    await page.getByRole('button', { name: 'Connect to Prod' }).click();
    const dialog = page.getByRole('dialog', { name: 'Secret key' });
    await dialog.getByLabel(`Secret key for ${cluster.accessKey}`).fill(cluster.secretKey);
    await dialog.getByRole('button', { name: 'Log in' }).click();
    await page.getByText('cluster view (3 of 3 nodes)').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'profile-band.png') });
    const badge = page.getByRole('toolbar', { name: 'View' }).locator('.connection-label');
    await expect(badge.textContent()).resolves.toBe('Prod');
    const look = await inPage(page, `(() => { const s = getComputedStyle(document.querySelector('.toolbar .connection-label'));
      return { bg: s.backgroundColor, fg: s.color }; })()`);
    expect(look).toEqual({ bg: 'rgb(200, 30, 30)', fg: 'rgb(255, 255, 255)' });
    // A badge, not a 3 px underline: its colour fills a box the height of a line of text.
    expect((await badge.boundingBox())!.height).toBeGreaterThanOrEqual(18);
    const band = await inPage(page, `(() => { const s = getComputedStyle(document.documentElement, '::before');
      return { bg: s.backgroundColor, height: s.height, position: s.position, top: s.top }; })()`);
    expect(band).toEqual({ bg: 'rgb(200, 30, 30)', height: '6px', position: 'fixed', top: '0px' });
    await expect(page.title()).resolves.toBe('Prod — KeyViz Inspector');
    await page.getByRole('button', { name: 'Disconnect' }).click();
    await expect(page.title()).resolves.toBe('KeyViz Inspector');
    await expect(inPage(page, "getComputedStyle(document.documentElement, '::before').content")).resolves.toBe('none');
    expect(errors).toEqual([]);
    await page.close();
    await core.profiles.remove(id);
  }, 60_000);

  /** The Save and Test buttons are wholly inside the window, the page not scrolled. */
  async function actionsInView(page: Page, viewport: { width: number; height: number }): Promise<void> {
    expect(await inPage(page, 'window.scrollY')).toBe(0);
    for (const name of ['Save', 'Test connection']) {
      const box = (await page.getByRole('button', { name, exact: true }).boundingBox())!;
      expect(box.y, name).toBeGreaterThanOrEqual(0);
      expect(box.y + box.height, name).toBeLessThanOrEqual(viewport.height);
      expect(box.x + box.width, name).toBeLessThanOrEqual(viewport.width);
    }
  }

  for (const viewport of [SMALL, WIDE]) {
    test(`the profile editor at ${viewport.width}x${viewport.height}: Save in sight; Test connection logs in, asks each node, saves nothing`, async () => {
      const cluster = await freshCluster();
      const { page, errors } = await openApp(viewport);
      const stored = () => [join(userData, 'profiles.json'), join(userData, 'secrets.json')].map((f) => (existsSync(f) ? readFileSync(f, 'utf8') : null));
      const before = stored();
      await page.getByRole('button', { name: 'New profile…' }).click();
      const editor = page.getByRole('region', { name: 'New profile' });
      await actionsInView(page, viewport);
      await editor.getByLabel('Name').fill('Draft');
      await editor.getByLabel(/Add nodes/).fill(cluster.urls.join(' '));
      await editor.getByRole('button', { name: 'Add', exact: true }).click();
      await editor.getByLabel('Access key').fill(cluster.accessKey);
      await actionsInView(page, viewport);

      // No secret remembered for a new draft: it is asked for, for this test only.
      await editor.getByRole('button', { name: 'Test connection' }).click();
      const secret = editor.getByLabel(new RegExp(`Secret key for ${cluster.accessKey}`));
      await secret.waitFor();
      await expect(editor.innerText()).resolves.toContain('used for this test only, not saved');
      await secret.fill('not-the-secret');
      await editor.getByRole('button', { name: 'Test connection' }).click();
      const report = editor.getByRole('status', { name: 'Connection test' });
      await report.waitFor();
      await expect(report.innerText()).resolves.toContain('0 of 3 nodes answered.');
      const refused = await report.locator('li').allInnerTexts();
      expect(refused).toEqual(cluster.urls.map((u) => `✗ ${u} — login refused: the access key or secret is wrong (HTTP 401 invalid_credentials)`));

      await secret.fill(cluster.secretKey);
      await editor.getByRole('button', { name: 'Test connection' }).click();
      await expect.poll(() => report.innerText()).toContain('All 3 nodes answered.');
      const answered = await report.locator('li').allInnerTexts();
      expect(answered).toHaveLength(3);
      answered.forEach((line, i) => expect(line).toMatch(new RegExp(`^✓ ${cluster.urls[i]!.replace(/[.:/]/g, '\\$&')} — answered as node n${i + 1}, leading \\d+ of \\d+ Raft groups$`)));
      await page.screenshot({ path: join(ARTIFACTS, `profile-editor-test-${viewport.width}.png`) });
      await actionsInView(page, viewport);
      // Tested, not saved: no profile, no secret written; the draft is still being edited.
      expect(stored()).toEqual(before);
      await expect(page.getByRole('region', { name: 'New profile' }).count()).resolves.toBe(1);
      // Logged out after the test: the cluster holds no session of it.
      expect(errors).toEqual([]);
      await page.close();
    }, 60_000);
  }
});
