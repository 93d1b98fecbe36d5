import { beforeEach, describe, expect, test } from 'vitest';
import { applyTheme, loadTheme, loadViewState, saveViewState, type ViewState } from '../../src/renderer/src/persist';
import { useAppStore } from '../../src/renderer/src/store';
import { fakeBridge } from './support/fake-bridge';
import { LIVE } from '../helpers/view-kinds';
import { freshRenderer } from './support/fresh';

const state: ViewState = { version: 1, series: 'reads', rows: 300, range: { kind: 'last', ms: 3_600_000 }, zoom: { r0: 2, r1: 9, c0: 10, c1: 50 },
  scale: 'linear', brightness: 1.5, showConflicts: false, autoRefreshMs: 5000 };

beforeEach(freshRenderer);

describe('view state across restarts', () => {
  test('saved per connection and read back', () => {
    saveViewState('10.0.0.1:8080', state);
    expect(loadViewState('10.0.0.1:8080')).toEqual(state);
    expect(loadViewState('another cluster')).toBeNull();
  });

  test('damaged or foreign data is ignored, never trusted', () => {
    localStorage.setItem('keyviz.view.x', '{"version":1,"series":"reads"');
    expect(loadViewState('x')).toBeNull();
    localStorage.setItem('keyviz.view.y', JSON.stringify({ ...state, rows: 99999 }));
    expect(loadViewState('y')).toBeNull();
    localStorage.setItem('keyviz.view.z', JSON.stringify({ ...state, version: 2 }));
    expect(loadViewState('z')).toBeNull();
  });

  test('opening a connection restores its view; changing it saves', async () => {
    saveViewState('Demo cluster', state);
    window.keyviz = fakeBridge({
      demoStatus: () => Promise.resolve({ state: 'running', nodes: ['http://127.0.0.1:1'], seed: 1 }),
      openDemo: () => Promise.resolve({ connectionId: 'c1', ...LIVE, nodes: ['http://127.0.0.1:1'], warnings: [] }),
      fetch: () => Promise.reject(new Error('offline')),
    });
    try {
      await useAppStore.getState().connectDemo();
      const s = useAppStore.getState();
      expect([s.series, s.rows, s.scale, s.brightness, s.showConflicts, s.autoRefreshMs]).toEqual(['reads', 300, 'linear', 1.5, false, 5000]);
      expect(s.zoom).toEqual(state.zoom);
      useAppStore.getState().set({ series: 'write_bytes' });
      expect(loadViewState('Demo cluster')?.series).toBe('write_bytes');
    } finally {
      delete window.keyviz;
    }
  });
});

describe('theme', () => {
  test('system by default; a choice is applied to the page and remembered', () => {
    expect(loadTheme()).toBe('system');
    applyTheme('dark');
    expect(document.documentElement.style.colorScheme).toBe('dark');
    expect(loadTheme()).toBe('dark');
    applyTheme('system');
    expect(document.documentElement.dataset.theme).toBe('system');
  });
});
