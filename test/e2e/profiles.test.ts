// Saved profiles end to end, in real Chromium against the real `demo-cluster --port P` CLI (P an
// ephemeral port with the two above it free: operators run real nodes on the fixed ones):
// add a profile for its three URLs, log in once with "remember", restart (a fresh main-process
// core over the same user-data folder), reconnect without typing anything. Then no secret and
// no session token may be found in clear in the user-data folder or in any log.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type AppCore, createAppCore } from '../../src/main/app/app-core';
import { startDemoCluster } from '../../src/demo-cluster';

import { CliProcess } from '../helpers/cli';
import { freePortRun } from '../helpers/ports';
import { ARTIFACTS, CHROMIUM, type E2E, startE2E } from '../helpers/e2e';
import { testSecretBox } from '../helpers/secret-box';

let PORT = 0;
const userData = mkdtempSync(join(tmpdir(), 'keyviz-e2e-profiles-'));
/** The OS keyring stand-in outlives app restarts, as a real one does. */
const keyring = testSecretBox();
/** Everything any part printed: the CLI cluster, the cores, the pages' consoles. */
const logs: string[] = [];
let e2e: E2E;
let cli: CliProcess;
let ready: { nodes: string[]; access_key: string; secret_key: string };
const cores: AppCore[] = [];

/** A main-process core as the app starts it, over the shared user-data folder. */
async function startCore(): Promise<AppCore> {
  const core = createAppCore({ userDataDir: userData, box: keyring, dialogs: { saveFile: async () => null, openFile: async () => null },
    startDemo: () => startDemoCluster({ nodes: 1, history: 10, routes: 12, log: (l) => logs.push(l) }), log: (l) => logs.push(l) });
  cores.push(core);
  await core.start();
  return core;
}

async function openApp(core: AppCore): Promise<Page> {
  const page = await e2e.open(core.handlers, undefined, (p) => {
    p.on('console', (m) => logs.push(m.text()));
    p.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
  });
  await page.getByRole('list').filter({ hasText: 'Demo cluster' }).waitFor();
  return page;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? filesUnder(join(dir, f)) : [join(dir, f)]));
}

describe.skipIf(!CHROMIUM)('saved profiles in Chromium', () => {
  beforeAll(async () => {
    PORT = await freePortRun(3);
    cli = new CliProcess(['demo-cluster', '--port', String(PORT), '--history', '120']);
    ready = JSON.parse(await cli.firstLine()) as typeof ready;
    e2e = await startE2E();
  });

  afterAll(async () => {
    await e2e?.stop();
    for (const c of cores) await c.close();
    await cli?.stop();
    rmSync(userData, { recursive: true, force: true });
  });

  test('add a profile with "remember", restart, reconnect without typing; nothing secret in clear anywhere', async () => {
    expect(ready.nodes).toEqual([0, 1, 2].map((i) => `http://127.0.0.1:${PORT + i}`));

    // First run: create the profile in the editor, nodes in order.
    const first = await startCore();
    let page = await openApp(first);
    await page.getByRole('button', { name: 'New profile…' }).click();
    const editor = page.getByRole('region', { name: 'New profile' });
    await editor.getByLabel('Name').fill('Test rig');
    await editor.getByLabel(/Add nodes/).fill(ready.nodes.slice().reverse().join(' '));
    await editor.getByRole('button', { name: 'Add', exact: true }).click();
    await editor.getByRole('button', { name: `Move ${ready.nodes[0]} up` }).click();
    await editor.getByRole('button', { name: `Move ${ready.nodes[0]} up` }).click();
    await editor.getByRole('button', { name: `Move ${ready.nodes[1]} up` }).click();
    await expect(editor.locator('.node-list code').allTextContents()).resolves.toEqual(ready.nodes);
    await editor.getByLabel('Access key').fill(ready.access_key);
    await page.screenshot({ path: join(ARTIFACTS, 'profile-editor.png'), fullPage: true });
    await editor.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved "Test rig".' }).waitFor();
    await page.getByRole('button', { name: 'Connect to Test rig' }).click();
    await page.getByRole('dialog', { name: 'Secret key' }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'profiles.png') });
    await page.getByRole('button', { name: 'Cancel' }).click();

    // Connect: the secret is asked once, with "remember".
    await page.getByRole('button', { name: 'Connect to Test rig' }).click();
    const dialog = page.getByRole('dialog', { name: 'Secret key' });
    await dialog.getByLabel(/Secret key for/).fill(ready.secret_key);
    await dialog.getByLabel('Remember the secret on this computer').check();
    await dialog.getByRole('button', { name: 'Log in' }).click();
    await page.getByText('cluster view (3 of 3 nodes)').waitFor();
    // Node identity in the strip: each address is its own node.
    await expect.poll(() => page.locator('.badge[data-node-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-node-id'))))
      .toEqual(['n1', 'n2', 'n3']);
    await expect(page.locator('.badge').first().textContent()).resolves.toMatch(/n1 · leads \d+ of \d+ groups?/);
    await page.screenshot({ path: join(ARTIFACTS, 'profile-connected.png') });
    const storage1 = String(await page.evaluate('JSON.stringify({ ...localStorage })'));
    await page.getByRole('button', { name: 'Disconnect' }).click();
    await page.close();
    await first.close();

    // Restart: a fresh core over the same folder; connect without typing anything.
    const second = await startCore();
    page = await openApp(second);
    await page.getByRole('listitem', { name: 'Test rig' }).getByText('secret remembered').waitFor();
    await page.getByRole('button', { name: 'Connect to Test rig' }).click();
    await page.getByText('cluster view (3 of 3 nodes)').waitFor();
    await expect(page.getByRole('dialog', { name: 'Secret key' }).count()).resolves.toBe(0);
    await expect(page.locator('.toolbar .connection-label').textContent()).resolves.toBe('Test rig');
    const storage2 = String(await page.evaluate('JSON.stringify({ ...localStorage })'));
    await page.close();
    await second.close();
    const done = await cli.stop();
    // The simulator's first stdout line is its handshake: it hands out its fixed, public demo
    // credentials on purpose. Everything after it, and all of stderr, is log.
    logs.push(done.stdout.slice(done.stdout.indexOf('\n') + 1), done.stderr, storage1, storage2);

    // Nothing secret in clear: not the secret, not a session JWT, not a cookie header.
    const files = filesUnder(userData);
    expect(files.map((f) => f.slice(userData.length + 1)).sort()).toEqual(['profiles.json', 'secrets.json']);
    const haystacks = [...files.map((f) => readFileSync(f, 'latin1')), ...logs];
    for (const h of haystacks) {
      expect(h).not.toContain(ready.secret_key);
      expect(h).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/);
      expect(h).not.toMatch(/admin_session=/);
    }
    expect(JSON.parse(readFileSync(join(userData, 'profiles.json'), 'utf8')).profiles[0]).toMatchObject({ name: 'Test rig', nodes: ready.nodes });
  }, 60_000);
});
