// The profile screens without a browser: the plain-http consent, the weak-storage warning before
// "remember", a damaged store (reset only when confirmed), the secret prompt, a duplicate node
// offered to be dropped, and found peers added only after the user confirms.
import { act } from 'react';
import { describe, expect, test, vi } from 'vitest';
import type { KeyVizBridge } from '../../src/shared/ipc-channels';
import { App } from '../../src/renderer/src/App';
import { isPlaintextRemote } from '../../src/renderer/src/components/ProfileEditor';
import { useAppStore } from '../../src/renderer/src/store';
import { mountPerTest } from './support/dom';
import { DEMO_SUMMARY, fakeBridge } from './support/fake-bridge';
import { LIVE } from '../helpers/view-kinds';

const ui = mountPerTest();
const { button, click, type, field } = ui;

const PROD = { ...DEMO_SUMMARY, id: 'p1', name: 'prod', nodes: ['https://10.0.0.1:8080', 'https://10.0.0.2:8080'], accessKey: 'ops', demo: false,
  color: '#aa0000', view: { series: 'reads', rows: 200, rangeMs: 3_600_000, autoRefreshMs: 0 } };
const list = (over: object = {}) => ({ profiles: [DEMO_SUMMARY, PROD], storeError: null, migratedFrom: null,
  secretStorage: { available: true, weak: false, backend: 'gnome_libsecret' }, secretsError: null, ...over });
const emptyView = {
  outcome: 'complete', nodes: PROD.nodes.map((node) => ({ node, ok: true, status_code: 200, elapsed_ms: 3, bytes: 10, warnings: [] })),
  fanout: { nodes: PROD.nodes.map((node) => ({ node, ok: true })), responded: 2, expected: 2 }, warnings: [], matrix: null, elapsedMs: 3, login: null, events: [], eventsOmitted: 0, missing: null,
};

async function render(api: KeyVizBridge): Promise<void> {
  window.keyviz = api;
  await ui.render(<App />);
}

describe('profiles', () => {
  test('plain http to another host needs the explained consent; loopback and https do not', async () => {
    expect(['10.0.0.1:8080', 'http://db.internal:80'].map(isPlaintextRemote)).toEqual([true, true]);
    expect(['https://10.0.0.1', 'http://127.0.0.1:8080', 'localhost:1', 'http://[::1]:8'].map(isPlaintextRemote)).toEqual([false, false, false, false]);
    const saveProfile = vi.fn(() => Promise.resolve({ id: 'new' }));
    await render(fakeBridge({ profiles: () => Promise.resolve(list()), saveProfile, demoStatus: () => Promise.resolve({ state: 'starting' }) }));
    await click('New profile…');
    expect(ui.container.querySelector('[aria-label="Plain http"]')).toBeNull();
    await type(field(/^Add nodes/), '10.0.0.9:8080');
    await click('Add');
    expect(ui.container.querySelector('[aria-label="Plain http"]')?.textContent).toMatch(/10\.0\.0\.9:8080 is reached over plain http:\/\/.*travel unencrypted/);
    await type(field(/^Name/), 'lab');
    await type(field(/^Access key/), 'ops');
    await click('Save');
    expect(saveProfile).toHaveBeenLastCalledWith({ id: null, profile: expect.objectContaining({ name: 'lab', nodes: ['10.0.0.9:8080'], allowPlaintext: false }) });
  });

  test('the editor says which field is wrong before anything is sent', async () => {
    const saveProfile = vi.fn(() => Promise.resolve({ id: 'x' }));
    await render(fakeBridge({ profiles: () => Promise.resolve(list()), saveProfile, demoStatus: () => Promise.resolve({ state: 'starting' }) }));
    await click('Edit');
    await type(field(/^Pinned certificate/), 'abc');
    await click('Save');
    expect(ui.container.querySelector('.editor [role=alert]')?.textContent).toMatch(/^TLS \(pinSha256\): /);
    expect(saveProfile).not.toHaveBeenCalled();
  });

  test('no secret remembered: asked for, with the weak-storage warning before "remember"', async () => {
    const connectProfile = vi.fn((req: unknown) => Promise.resolve((req as { secret?: string }).secret
      ? { state: 'open', connectionId: 'c9', ...LIVE, nodes: PROD.nodes, warnings: [], profile: { ...PROD, rememberedSecret: true }, rememberError: null }
      : { state: 'need-secret', reason: 'no secret is remembered for ops', refused: false }));
    await render(fakeBridge({ profiles: () => Promise.resolve(list({ secretStorage: { available: true, weak: true, backend: 'basic_text' } })),
      connectProfile, fetch: () => Promise.resolve(emptyView), demoStatus: () => Promise.resolve({ state: 'starting' }) }));
    await click('Connect to prod');
    const dialog = ui.container.querySelector('[aria-label="Secret key"]')!;
    expect(dialog.textContent).toMatch(/"basic_text" storage is encrypted with a key built into the app/);
    await type(dialog.querySelector('input[type=password]')!, 'hunter22');
    await act(async () => { (dialog.querySelector('input[type=checkbox]') as HTMLInputElement).click(); });
    await click('Log in');
    expect(connectProfile).toHaveBeenLastCalledWith({ id: 'p1', secret: 'hunter22', remember: true, acceptWeakStorage: true });
    expect(ui.container.textContent).toContain('cluster view (2 of 2 nodes)');
    // The profile's view defaults apply to a first connection.
    expect([useAppStore.getState().series, useAppStore.getState().rows]).toEqual(['reads', 200]);
  });

  test('a damaged store: the reason, Demo still there, and a fresh store only after "yes"', async () => {
    const resetProfiles = vi.fn(() => Promise.resolve({ backup: '/u/profiles.json.damaged-1' }));
    await render(fakeBridge({
      profiles: () => Promise.resolve(list({ profiles: [DEMO_SUMMARY], storeError: '/u/profiles.json: profiles[0].name: expected string' })),
      resetProfiles, demoStatus: () => Promise.resolve({ state: 'starting' }),
    }));
    const banner = ui.container.querySelector('[aria-label="Profile store damaged"]')!;
    expect(banner.textContent).toContain('profiles[0].name: expected string');
    expect(button('New profile…').disabled).toBe(true);
    await click('Start a fresh store…');
    expect(resetProfiles).not.toHaveBeenCalled();
    await click('Yes, start a fresh store');
    expect(resetProfiles).toHaveBeenCalledTimes(1);
    expect(ui.container.textContent).toContain('the old file was kept as /u/profiles.json.damaged-1');
  });

  test('one node under two addresses: said, and dropping one saves the profile and reconnects', async () => {
    const saveProfile = vi.fn(() => Promise.resolve({ id: 'p1' }));
    const connectProfile = vi.fn(() => Promise.resolve({ state: 'open', connectionId: 'c1', ...LIVE, nodes: PROD.nodes, warnings: [], profile: PROD, rememberError: null }));
    const identify = vi.fn(() => Promise.resolve({ nodes: PROD.nodes.map((node) => ({ node, ok: true, error: null, nodeId: 'n1', groups: [] })),
      duplicates: [{ nodeId: 'n1', nodes: PROD.nodes }] }));
    await render(fakeBridge({ profiles: () => Promise.resolve(list()), connectProfile, identify, saveProfile,
      fetch: () => Promise.resolve(emptyView), demoStatus: () => Promise.resolve({ state: 'starting' }) }));
    await click('Connect to prod');
    const warning = ui.container.querySelector('[aria-label="Same node twice"]')!;
    expect(warning.textContent).toMatch(/https:\/\/10\.0\.0\.1:8080 and https:\/\/10\.0\.0\.2:8080 reach the same node \(n1\).*doubled/);
    await click('Drop https://10.0.0.2:8080 from the profile');
    expect(saveProfile).toHaveBeenLastCalledWith({ id: 'p1', profile: expect.objectContaining({ nodes: ['https://10.0.0.1:8080'] }) });
    expect(connectProfile).toHaveBeenCalledTimes(2);
  });

  test('peers found on a fan-out node are listed; nothing is saved until the user confirms the ones to add', async () => {
    const saveProfile = vi.fn(() => Promise.resolve({ id: 'p1' }));
    const connectProfile = vi.fn(() => Promise.resolve({ state: 'open', connectionId: 'c1', ...LIVE, nodes: PROD.nodes, warnings: [], profile: PROD, rememberError: null }));
    const discover = vi.fn(() => Promise.resolve({ connectionId: 'c1', named: 4, nodes: ['https://10.0.0.3:8080', 'https://10.0.0.4:8080'] }));
    await render(fakeBridge({ profiles: () => Promise.resolve(list()), connectProfile, discover, saveProfile,
      fetch: () => Promise.resolve(emptyView), demoStatus: () => Promise.resolve({ state: 'starting' }) }));
    await click('Connect to prod');
    await click('Find peers');
    const dialog = ui.container.querySelector('[aria-label="Peers found"]')!;
    expect([...dialog.querySelectorAll('li code')].map((c) => c.textContent)).toEqual(['https://10.0.0.3:8080', 'https://10.0.0.4:8080']);
    expect(saveProfile).not.toHaveBeenCalled();
    await act(async () => { (dialog.querySelectorAll('input[type=checkbox]')[1] as HTMLInputElement).click(); });
    await click('Add 1 to the profile and reconnect');
    expect(saveProfile).toHaveBeenLastCalledWith({ id: 'p1', profile: expect.objectContaining({ nodes: [...PROD.nodes, 'https://10.0.0.3:8080'] }) });
  });

  test('a certificate is shown (fingerprint, subject, why it is not trusted) and pinned only on "trust"', async () => {
    const FP = 'AB:CD:'.repeat(15) + 'AB:CD';
    const certificate = vi.fn(() => Promise.resolve({ node: 'https://10.0.0.1:8080', fingerprint256: FP, subject: 'CN=node1', issuer: 'CN=node1',
      validFrom: 'Jan 1 2026', validTo: 'Jan 1 2036', trusted: false, trustError: 'DEPTH_ZERO_SELF_SIGNED_CERT' }));
    const saveProfile = vi.fn(() => Promise.resolve({ id: 'p1' }));
    await render(fakeBridge({ profiles: () => Promise.resolve(list()), certificate, saveProfile, demoStatus: () => Promise.resolve({ state: 'starting' }) }));
    await click('Edit');
    await click("Check https://10.0.0.1:8080's certificate…");
    expect(certificate).toHaveBeenCalledWith({ node: 'https://10.0.0.1:8080' });
    const seen = ui.container.querySelector('[aria-label="Certificate presented"]')!;
    expect(seen.textContent).toContain(FP);
    expect(seen.textContent).toContain('no (DEPTH_ZERO_SELF_SIGNED_CERT)');
    expect(field(/^Pinned certificate/).value).toBe('');
    await click('Trust this certificate (pin it)');
    expect(field(/^Pinned certificate/).value).toBe(FP);
    await click('Save');
    expect(saveProfile).toHaveBeenLastCalledWith({ id: 'p1', profile: expect.objectContaining({ tls: { pinSha256: FP } }) });
  });
});
