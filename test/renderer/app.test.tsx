// The first-run window: it shows the built-in Demo cluster from the main process's status,
// and refuses answers that do not match the IPC contract.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { App } from '../../src/renderer/src/App';
import { useAppStore } from '../../src/renderer/src/store';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let container: HTMLElement;
let root: Root;
const initial = useAppStore.getState();

beforeEach(() => {
  useAppStore.setState(initial, true);
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
});
afterEach(() => {
  act(() => root.unmount());
  container.remove();
  delete window.keyviz;
});

async function render(): Promise<void> {
  await act(async () => { root.render(<App />); });
}

describe('App', () => {
  test('lists the running Demo cluster nodes', async () => {
    window.keyviz = { demoStatus: () => Promise.resolve({ state: 'running', nodes: ['http://127.0.0.1:4001', 'http://127.0.0.1:4002'], seed: 1 }) };
    await render();
    expect(container.textContent).toContain('The built-in Demo cluster is running: 2 simulated elastickv nodes');
    expect([...container.querySelectorAll('li')].map((li) => li.textContent)).toEqual(['http://127.0.0.1:4001', 'http://127.0.0.1:4002']);
  });

  test('says why when the cluster failed to start', async () => {
    window.keyviz = { demoStatus: () => Promise.resolve({ state: 'failed', error: 'node 0: port 8080 on 127.0.0.1 is already in use' }) };
    await render();
    expect(container.querySelector('[role=alert]')?.textContent).toContain('port 8080 on 127.0.0.1 is already in use');
  });

  test('a malformed answer from the main process is not trusted', async () => {
    window.keyviz = { demoStatus: () => Promise.resolve({ state: 'running', nodes: 'http://x' }) };
    await render();
    expect(container.querySelector('[role=alert]')?.textContent).toContain('malformed status');
    expect(container.querySelectorAll('li')).toHaveLength(0);
  });

  test('without the bridge (page opened outside the app) it explains instead of crashing', async () => {
    await render();
    expect(container.querySelector('[role=alert]')?.textContent).toContain('bridge is missing');
  });
});
