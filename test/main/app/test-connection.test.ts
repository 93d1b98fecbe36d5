// "Test connection" for a profile draft, as the main process serves it (profiles:test), against
// the simulated cluster: the typed secret or the one remembered for the profile and the draft's
// key, each node asked once and named, a refusal in words per node, plain http refused, and
// nothing saved or remembered whatever the outcome.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ClusterService } from '../../../src/main/app/cluster-service';
import { DEMO_ACCESS_KEY, DEMO_SECRET_KEY, type DemoCluster, startDemoCluster } from '../../../src/demo-cluster';
import { ProfileService } from '../../../src/main/app/profile-service';
import { IPC } from '../../../src/shared/ipc';
import { testSecretBox } from '../../helpers/secret-box';

let cluster: DemoCluster;
const dir = mkdtempSync(join(tmpdir(), 'keyviz-test-connection-'));
const clusters = new ClusterService();
let profiles: ProfileService;
beforeAll(async () => {
  cluster = await startDemoCluster({ nodes: 3, history: 5, routes: 12 });
  profiles = new ProfileService({ profilesFile: join(dir, 'profiles.json'), secretsFile: join(dir, 'secrets.json'), box: testSecretBox(), clusters,
    demo: () => ({ nodes: cluster.urls, accessKey: DEMO_ACCESS_KEY, secret: DEMO_SECRET_KEY }), dialogs: { saveFile: async () => null, openFile: async () => null } });
});
afterAll(async () => { await clusters.closeAll(); await cluster.stop(); rmSync(dir, { recursive: true, force: true }); });

const draft = (patch: object = {}) => IPC.testProfile.request.parse({ id: null, profile: { name: 'draft', nodes: cluster.urls, accessKey: DEMO_ACCESS_KEY, ...patch } }).profile;
const stored = () => ['profiles.json', 'secrets.json'].map((f) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8') : null));

describe('testing a profile draft', () => {
  test('typed secret: every node named; a wrong one refused per node in words; nothing saved', async () => {
    const before = stored();
    const ok = IPC.testProfile.response.parse(await profiles.test({ id: null, profile: draft(), secret: DEMO_SECRET_KEY }));
    expect(ok).toEqual({ state: 'tested', nodes: cluster.urls.map((node, i) => ({ node, ok: true,
      said: expect.stringMatching(new RegExp(`^answered as node n${i + 1}, leading \\d+ of \\d+ Raft groups$`)) })) });
    const wrong = await profiles.test({ id: null, profile: draft(), secret: 'nope' });
    expect(wrong).toEqual({ state: 'tested', nodes: cluster.urls.map((node) => ({ node, ok: false,
      said: 'login refused: the access key or secret is wrong (HTTP 401 invalid_credentials)' })) });
    expect(await profiles.test({ id: null, profile: draft() })).toEqual({ state: 'need-secret', reason: `no secret is remembered for ${DEMO_ACCESS_KEY}` });
    expect(stored()).toEqual(before);
  });

  test("a saved profile's remembered secret is used for its key only; the draft's edits are tested, not saved", async () => {
    const { id } = await profiles.save({ id: null, profile: draft() });
    const opened = await profiles.connect({ id, secret: DEMO_SECRET_KEY, remember: true });
    expect(opened.state).toBe('open');
    await clusters.closeAll();
    const before = stored();
    const edited = draft({ nodes: [cluster.urls[2]!, cluster.urls[0]!] });
    const r = await profiles.test({ id, profile: edited });
    expect(r).toMatchObject({ state: 'tested', nodes: [{ node: cluster.urls[2], ok: true }, { node: cluster.urls[0], ok: true }] });
    // Another access key in the draft: the remembered secret is not for it.
    expect(await profiles.test({ id, profile: draft({ accessKey: 'someone-else' }) })).toEqual({ state: 'need-secret', reason: 'no secret is remembered for someone-else' });
    expect(stored()).toEqual(before);
  });

  test('plain http to a non-loopback node is refused before the secret is sent', async () => {
    await expect(profiles.test({ id: null, profile: draft({ nodes: ['http://10.255.255.1:8080'] }), secret: DEMO_SECRET_KEY }))
      .rejects.toThrow(/plain http/);
  });
});
