// Moving between views while answers are still on their way: an answer never lands in a view it
// was not asked for, and of two opens racing, the later wins and the other is closed.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { useAppStore } from '../../src/renderer/src/store';
import { fakeBridge } from './support/fake-bridge';
import { COMPARISON, LIVE, SNAPSHOT } from '../helpers/view-kinds';
import { freshRenderer } from './support/fresh';

beforeEach(freshRenderer);
afterEach(() => { delete window.keyviz; });

const matrix = (rows: number) => ({ series: 'writes', generatedAt: null, columns: Float64Array.from([1]),
  rows: Array.from({ length: rows }, (_, i) => ({ bucketId: `route:${i}`, label: '', start: null, end: null, aggregate: false, routeCount: 1,
    routeIds: null, routeIdsTruncated: false, conflict: false, group: 0 })),
  values: new Float64Array(rows), conflicts: new Uint8Array(rows), handovers: new Uint8Array(rows) });
const view = (node: string, rows: number) => ({ outcome: 'complete', nodes: [{ node, ok: true, elapsed_ms: 1, bytes: 1, warnings: [] }],
  fanout: { nodes: [{ node, ok: true }], responded: 1, expected: 1 }, warnings: [], matrix: matrix(rows), elapsedMs: 1, login: null, events: [], eventsOmitted: 0, missing: null });
const SNAP = { path: '/tmp/a.kvsnap', label: 'a', createdAt: '2026-11-24T03:00:00Z', appVersion: 't', series: 'writes', redacted: false };

describe('switching views', () => {
  test('a live round still in flight when a snapshot opens is thrown away; the snapshot is shown', async () => {
    let finishLive: (v: unknown) => void = () => {};
    const close = vi.fn(() => Promise.resolve(null));
    window.keyviz = fakeBridge({
      openDemo: () => Promise.resolve({ connectionId: 'live', ...LIVE, nodes: ['n1'], warnings: [] }),
      openSnapshot: () => Promise.resolve({ state: 'open', connectionId: 'file', ...SNAPSHOT, nodes: ['n1'], warnings: [], snapshot: SNAP, capture: null }),
      fetch: (req) => ((req as { connectionId: string }).connectionId === 'live'
        ? new Promise((r) => { finishLive = r; }) : Promise.resolve(view('from-file', 2))),
      close,
    });
    // Every state the user could see: never the live answer under the snapshot.
    const seen: string[] = [];
    const unsubscribe = useAppStore.subscribe((st) => { if (st.view) seen.push(`${st.connection?.id}:${st.view.nodes[0]?.node}`); });
    const live = useAppStore.getState().connectDemo();
    await vi.waitFor(() => expect(useAppStore.getState().inFlight).toBe(true));
    await useAppStore.getState().openSnapshot('/tmp/a.kvsnap');
    finishLive(view('from-live', 5));
    await live;
    await vi.waitFor(() => expect(useAppStore.getState().view?.nodes[0]?.node).toBe('from-file'));
    expect(useAppStore.getState().connection).toMatchObject({ id: 'file', kind: 'snapshot' });
    expect(close).toHaveBeenCalledWith({ connectionId: 'live' });
    unsubscribe();
    expect(seen).not.toContain('file:from-live');
  });

  test('two opens at once: the later one wins, the earlier one is closed, not leaked', async () => {
    let finishFirst: (v: unknown) => void = () => {};
    const close = vi.fn(() => Promise.resolve(null));
    let n = 0;
    window.keyviz = fakeBridge({
      openSnapshot: () => (++n === 1 ? new Promise((r) => { finishFirst = r; })
        : Promise.resolve({ state: 'open', connectionId: 'second', ...SNAPSHOT, nodes: ['n'], warnings: [], snapshot: { ...SNAP, label: 'b' }, capture: null })),
      fetch: () => Promise.resolve(view('x', 1)),
      close,
    });
    const first = useAppStore.getState().openSnapshot('/tmp/a.kvsnap');
    await useAppStore.getState().openSnapshot('/tmp/b.kvsnap');
    finishFirst({ state: 'open', connectionId: 'first', ...SNAPSHOT, nodes: ['n'], warnings: [], snapshot: SNAP, capture: null });
    await first;
    expect(useAppStore.getState().connection).toMatchObject({ id: 'second', label: 'b' });
    expect(close).toHaveBeenCalledWith({ connectionId: 'first' });
    expect(useAppStore.getState().connecting).toBe(false);
  });

  test('a comparison keeps the live view open, and "back" returns to it (the comparison is closed)', async () => {
    const close = vi.fn(() => Promise.resolve(null));
    window.keyviz = fakeBridge({
      openDemo: () => Promise.resolve({ connectionId: 'live', ...LIVE, nodes: ['n1'], warnings: [] }),
      openSnapshot: () => Promise.resolve({ state: 'open', connectionId: 'file', ...SNAPSHOT, nodes: ['n1'], warnings: [], snapshot: SNAP, capture: null }),
      compare: () => Promise.resolve({ connectionId: 'diff', ...COMPARISON, nodes: ['a', 'Demo cluster'], warnings: [] }),
      fetch: (req) => Promise.resolve(view((req as { connectionId: string }).connectionId, 1)),
      identify: () => Promise.resolve({ nodes: [{ node: 'n1', ok: true, error: null, nodeId: 'x1', groups: [] }], duplicates: [] }),
      close,
    });
    await useAppStore.getState().connectDemo();
    await vi.waitFor(() => expect(useAppStore.getState().identity).not.toBeNull());
    useAppStore.setState({ connectWarnings: ['n1: plain http:// to a non-loopback host'] });
    await useAppStore.getState().compareWithFile();
    expect(useAppStore.getState().connection).toMatchObject({ id: 'diff', kind: 'comparison' });
    expect(useAppStore.getState().behind).toMatchObject({ id: 'live' });
    expect(close.mock.calls.map((c) => (c as unknown as [{ connectionId: string }])[0].connectionId)).toEqual(['file']); // the temporary side only
    await useAppStore.getState().backFromCompare();
    expect(useAppStore.getState().connection).toMatchObject({ id: 'live', kind: 'live' });
    expect(useAppStore.getState().view?.nodes[0]?.node).toBe('live');
    expect(close).toHaveBeenLastCalledWith({ connectionId: 'diff' });
    // What the live view said besides its matrix comes back with it.
    expect(useAppStore.getState().identity).toEqual({ nodes: [{ node: 'n1', ok: true, error: null, nodeId: 'x1', groups: [] }], duplicates: [] });
    expect(useAppStore.getState().connectWarnings).toEqual(['n1: plain http:// to a non-loopback host']);
  });

  test('leaving a comparison for another view closes the view behind it too', async () => {
    const close = vi.fn(() => Promise.resolve(null));
    window.keyviz = fakeBridge({
      openDemo: () => Promise.resolve({ connectionId: 'live', ...LIVE, nodes: ['n1'], warnings: [] }),
      openSnapshot: () => Promise.resolve({ state: 'open', ...SNAPSHOT, connectionId: `file${close.mock.calls.length}`, nodes: ['n1'], warnings: [], snapshot: SNAP, capture: null }),
      compare: () => Promise.resolve({ connectionId: 'diff', ...COMPARISON, nodes: ['a', 'Demo cluster'], warnings: [] }),
      fetch: () => Promise.resolve(view('x', 1)),
      close,
    });
    await useAppStore.getState().connectDemo();
    await useAppStore.getState().compareWithFile();
    await useAppStore.getState().disconnect();
    const closed = close.mock.calls.map((c) => (c as unknown as [{ connectionId: string }])[0].connectionId);
    expect(closed).toEqual(expect.arrayContaining(['diff', 'live']));
    expect(useAppStore.getState().behind).toBeNull();
  });
});
