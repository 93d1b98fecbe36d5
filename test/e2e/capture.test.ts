// Recording and replaying a capture from the app, in real Chromium: every 1 s for 10 s against
// the Demo cluster, one node set down after 3 s; the segments and the aggregate at the end, then
// the replay's slider moving between the complete and the degraded polls.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type AppCore, createAppCore } from '../../src/main/app/app-core';
import { readCapture } from '../../src/main/core/capture';
import { type DemoCluster, startDemoCluster } from '../../src/demo-cluster';
import { ARTIFACTS, CHROMIUM, type E2E, startE2E } from '../helpers/e2e';
import { testSecretBox } from '../helpers/secret-box';

const dir = mkdtempSync(join(tmpdir(), 'keyviz-e2e-cap-'));
let e2e: E2E;
let cluster: DemoCluster;
let core: AppCore;

describe.skipIf(!CHROMIUM)('captures in Chromium', () => {
  beforeAll(async () => {
    e2e = await startE2E();
    cluster = await startDemoCluster({ nodes: 3, history: 120, routes: 12, seed: 5 });
    const out = join(dir, 'ten.kvcap');
    core = createAppCore({ userDataDir: mkdtempSync(join(dir, 'user-')), box: testSecretBox(), log: () => {}, appVersion: 'e2e',
      dialogs: { saveFile: async () => out, openFile: async () => out }, startDemo: async () => cluster });
    await core.start();
  });
  afterAll(async () => {
    await e2e?.stop();
    await core?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('every 1 s for 10 s, a node down after 3 s: segments and aggregate, then the replay', async () => {
    const page = await e2e.open(core.handlers);
    await page.getByRole('button', { name: 'Open the built-in Demo cluster' }).click();
    await page.getByText('cluster view (3 of 3 nodes)').waitFor();

    await page.getByRole('button', { name: 'Record…' }).click();
    const form = page.getByRole('group', { name: 'Record' });
    await form.getByLabel('every').selectOption({ label: '1 s' });
    await form.getByLabel('for').selectOption({ label: '10 s' });
    await form.getByRole('button', { name: 'Start…' }).click();
    const bar = page.getByRole('region', { name: 'Capture' });
    await bar.getByText(/^Recording 3 polls/).waitFor({ timeout: 10_000 });
    await cluster.setFault(1, 'down');
    try {
      await bar.getByText(/^Capture failed 10 polls/).waitFor({ timeout: 20_000 });
    } finally {
      await cluster.setFault(1, 'up');
    }
    const chips = await bar.locator('[data-segment]').evaluateAll((els) => els.map((e) => e.getAttribute('data-segment')));
    expect(chips).toEqual(['completed', 'failed', 'completed']);
    await expect(bar.locator('[data-segment="failed"]').getAttribute('title')).resolves.toMatch(/connection refused/);
    await page.screenshot({ path: join(ARTIFACTS, 'capture-recorded.png') });
    const file = await readCapture(join(dir, 'ten.kvcap'));
    expect(file).toMatchObject({ aggregate: 'failed', end: { reason: 'completed', polls: 10 } });
    expect(file.segments.map((s) => [s.status, s.ok, s.failed])).toEqual([['completed', 10, 0], ['failed', 3, 7], ['completed', 10, 0]]);

    await bar.getByRole('button', { name: 'Replay' }).click();
    const replay = page.getByRole('region', { name: 'Replay' });
    await replay.getByText(/Poll 10 of 10/).waitFor();
    await expect(replay.getByRole('status').textContent()).resolves.toMatch(/10 polls every 1 s · status failed/);
    await page.getByText('cluster view (2 of 3 nodes)').waitFor();
    await replay.getByLabel('Poll').fill('2');
    await replay.getByText(/Poll 2 of 10/).waitFor();
    await page.getByText('cluster view (3 of 3 nodes)').waitFor();
    await page.locator('.summary[data-drawn="true"]').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'capture-replay.png') });
    await page.close();
  }, 60_000);
});
