// The app shell without a browser: connect, node strip, degraded banner, warnings, stale view,
// and answers from the main process that break the IPC contract.
import { act } from 'react';
import { describe, expect, test, vi } from 'vitest';
import type { KeyVizBridge } from '../../src/shared/ipc-channels';
import { App } from '../../src/renderer/src/App';
import { useAppStore } from '../../src/renderer/src/store';
import { mountPerTest } from './support/dom';
import { fakeBridge } from './support/fake-bridge';
import { LIVE } from '../helpers/view-kinds';

const ui = mountPerTest();

function view(failed: boolean) {
  const cols = 3;
  const rows = [{ bucketId: 'route:1', label: '', start: 'YQ==', end: null, aggregate: false, routeCount: 1, routeIds: null, routeIdsTruncated: false, conflict: false, group: 0 }];
  return {
    outcome: failed ? 'degraded' : 'complete',
    nodes: [
      { node: 'http://127.0.0.1:1', ok: true, status_code: 200, elapsed_ms: 12, bytes: 2048, warnings: [] },
      failed ? { node: 'http://127.0.0.1:2', ok: false, error: 'connection refused (is the node running?)', elapsed_ms: 1, bytes: 0, warnings: [] }
        : { node: 'http://127.0.0.1:2', ok: true, status_code: 200, elapsed_ms: 1500, bytes: 4096, warnings: [] },
    ],
    fanout: { nodes: [{ node: 'http://127.0.0.1:1', ok: true }, { node: 'http://127.0.0.1:2', ok: !failed }], responded: failed ? 1 : 2, expected: 2 },
    warnings: [{ kind: 'missing_rows', message: 'n2: 1 of 1 merged rows absent' }],
    matrix: { series: 'writes', generatedAt: null, columns: Float64Array.from([1, 2, 3]), rows,
      values: Float64Array.from([1, 2, 3]), conflicts: new Uint8Array(cols), handovers: new Uint8Array(cols) },
    elapsedMs: 20,
    login: null,
    eventsOmitted: 0,
    events: [{ group: 1, columnMs: 2, from: 'http://127.0.0.1:2', to: 'http://127.0.0.1:1', fromTerm: 3, toTerm: 4, cells: [] }],
    missing: failed ? { series: 'writes', nodes: [{ node: 'http://127.0.0.1:2', nodeId: 'n2' }],
      groups: [{ group: 3, fromMs: null, untilMs: null, leader: 'n2', term: null }], more: 0 } : null,
  };
}

let progressListener: ((payload: unknown) => void) | null = null;

function bridge(fetch: () => Promise<unknown>): KeyVizBridge & { open: ReturnType<typeof vi.fn> } {
  const open = vi.fn(() => Promise.resolve({ connectionId: 'c2', ...LIVE, nodes: ['10.0.0.1:8080'], warnings: ['10.0.0.1:8080: plain http:// to a non-loopback host: …'] }));
  const b = fakeBridge({
    demoStatus: () => Promise.resolve({ state: 'running', nodes: ['http://127.0.0.1:1', 'http://127.0.0.1:2'], seed: 1 }),
    openDemo: () => Promise.resolve({ connectionId: 'c1', ...LIVE, nodes: ['http://127.0.0.1:1', 'http://127.0.0.1:2'], warnings: [] }),
    open,
    fetch,
  }, { progress: (l) => { progressListener = l; return () => { progressListener = null; }; } });
  return { ...b, open };
}

const render = (): Promise<void> => ui.render(<App />);
const click = (text: string): Promise<void> => ui.click(text);

describe('App', () => {
  test('first run offers the Demo cluster; opening it shows every node and the counter', async () => {
    window.keyviz = bridge(() => Promise.resolve(view(false)));
    await render();
    expect(ui.container.textContent).toContain('2 simulated nodes on this computer');
    await click('Open the built-in Demo cluster');
    expect(ui.container.textContent).toContain('cluster view (2 of 2 nodes)');
    const states = [...ui.container.querySelectorAll('.badge')].map((b) => b.getAttribute('data-state'));
    expect(states).toEqual(['ok', 'slow']); // 1500 ms is slow
    expect(ui.container.querySelector('[aria-label="Cluster view degraded"]')).toBeNull();
    // Leadership changes are information: a quiet status line, not a warning.
    expect(ui.container.querySelector('[aria-label="Leadership changes"]')!.textContent)
      .toMatch(/^Leadership changes in this window: group 1 http:\/\/127\.0\.0\.1:2 → http:\/\/127\.0\.0\.1:1 at .* \(term 4\)$/);
  });

  test('a failed node: the banner names it and why; warnings can be dismissed', async () => {
    window.keyviz = bridge(() => Promise.resolve(view(true)));
    await render();
    await click('Open the built-in Demo cluster');
    const banner = ui.container.querySelector('[aria-label="Cluster view degraded"]')!;
    expect(banner.textContent).toContain('1 of 2 nodes responded');
    expect(banner.textContent).toContain('http://127.0.0.1:2 — connection refused');
    // What is missing, in the series shown: the writes of the group the silent node led.
    expect(banner.textContent).toContain("Writes are counted only by each Raft group's leader, and no answering node counted these, so their writes are missing: group 3 the whole window (n2 leads it now).");
    expect(banner.textContent).not.toContain('reads served');
    expect(ui.container.textContent).toContain('1 of 1 merged rows absent');
    await click('×');
    expect(ui.container.textContent).not.toContain('1 of 1 merged rows absent');
  });

  test('a failed refresh keeps the last good matrix and marks it stale', async () => {
    let calls = 0;
    window.keyviz = bridge(() => (++calls === 1 ? Promise.resolve(view(false)) : Promise.reject(new Error('the main process is busy'))));
    await render();
    await click('Open the built-in Demo cluster');
    await click('Refresh');
    expect(ui.container.textContent).toContain('The last refresh failed: the main process is busy');
    expect(useAppStore.getState().view?.matrixId).not.toBeNull();
    expect(useAppStore.getState().stale).toBe(true);
  });

  test('an answer that breaks the IPC contract is not trusted', async () => {
    const bad = { ...view(false), matrix: { ...view(false).matrix, values: [1, 2, 3] } }; // nested JSON, not a typed array
    window.keyviz = bridge(() => Promise.resolve(bad));
    await render();
    await click('Open the built-in Demo cluster');
    expect(ui.container.textContent).toContain('malformed cluster:fetch answer');
    expect(ui.container.querySelector('.badge')).toBeNull();
  });

  test('while a round is in flight, each node shows as it finishes; the rest are waiting', async () => {
    let finish: (v: unknown) => void = () => {};
    window.keyviz = bridge(() => new Promise((r) => { finish = r; }));
    await render();
    await act(async () => { void useAppStore.getState().connectDemo(); });
    expect(ui.container.textContent).toContain('asking 2 nodes… (0 done)');
    await act(async () => {
      progressListener!({ connectionId: 'c1', node: { node: 'http://127.0.0.1:1', ok: true, status_code: 200, elapsed_ms: 9, bytes: 10, warnings: [] } });
      progressListener!({ connectionId: 'other', node: { node: 'http://127.0.0.1:2', ok: true, elapsed_ms: 9, bytes: 10, warnings: [] } });
      progressListener!({ bogus: true });
    });
    expect([...ui.container.querySelectorAll('.badge')].map((b) => b.getAttribute('data-state'))).toEqual(['ok', 'pending']);
    await act(async () => { finish(view(false)); });
    expect(ui.container.textContent).toContain('cluster view (2 of 2 nodes)');
  });

  test('a refused secret asks for it again and logs in with the same nodes and key', async () => {
    const refused = { ...view(true), outcome: 'failed', matrix: null, fanout: { nodes: [], responded: 0, expected: 1 },
      login: { error: '10.0.0.1:8080: login refused: the access key or secret is wrong', credentialsRefused: true } };
    const api = bridge(() => Promise.resolve(refused));
    window.keyviz = api;
    await render();
    await act(async () => { await useAppStore.getState().connect(['10.0.0.1:8080'], 'ops', 'typo'); });
    const prompt = ui.container.querySelector('[aria-label="Login refused"]')!;
    expect(prompt.textContent).toContain('The secret for ops was refused.');
    const input = prompt.querySelector('input[type=password]') as HTMLInputElement;
    await act(async () => {
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      setter.call(input, 'right');
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await click('Log in again');
    expect(api.open).toHaveBeenLastCalledWith({ nodes: ['10.0.0.1:8080'], accessKey: 'ops', secret: 'right' });
  });

  test('auto-refresh: one round at a time, none while the window is hidden', async () => {
    vi.useFakeTimers();
    try {
      let pending: Array<(v: unknown) => void> = [];
      const fetch = vi.fn(() => new Promise((r) => { pending.push(r); }));
      window.keyviz = bridge(fetch);
      await render();
      await act(async () => { void useAppStore.getState().connectDemo(); });
      expect(fetch).toHaveBeenCalledTimes(1); // the first round, still in flight
      await act(async () => { useAppStore.getState().set({ autoRefreshMs: 5000 }); });
      await act(async () => { vi.advanceTimersByTime(15_000); });
      expect(fetch).toHaveBeenCalledTimes(1); // ticks while a round is in flight start nothing
      await act(async () => { pending.forEach((r) => r(view(false))); pending = []; });
      await act(async () => { vi.advanceTimersByTime(5000); });
      expect(fetch).toHaveBeenCalledTimes(2);
      await act(async () => { pending.forEach((r) => r(view(false))); pending = []; });
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
      await act(async () => { vi.advanceTimersByTime(30_000); });
      expect(fetch).toHaveBeenCalledTimes(2); // hidden: paused
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => false });
      await act(async () => { vi.advanceTimersByTime(5000); });
      expect(fetch).toHaveBeenCalledTimes(3);
      await act(async () => { pending.forEach((r) => r(view(false))); });
    } finally {
      vi.useRealTimers();
    }
  });

  test('without the bridge it explains instead of crashing', async () => {
    await render();
    expect(ui.container.querySelector('[role=alert]')?.textContent).toContain('bridge is missing');
  });
});
