// Select & zoom refetches: zoomed into some columns, the heatmap offers to ask the nodes for exactly
// that window (the fetch carries its from/to), shows it whole, and Back (the button or what
// Backspace does) asks the previous question again and puts its zoom back once it has arrived.
import { act } from 'react';
import { describe, expect, test, vi } from 'vitest';
import { Heatmap } from '../../src/renderer/src/components/Heatmap';
import { useAppStore } from '../../src/renderer/src/store';
import { mountPerTest } from './support/dom';
import { fakeBridge } from './support/fake-bridge';
import { LIVE, SNAPSHOT } from '../helpers/view-kinds';

const ui = mountPerTest();
const STEP = 60_000;
const T0 = Date.UTC(2026, 10, 24, 12, 0, 0);
const COLUMNS = Array.from({ length: 10 }, (_, i) => T0 - (9 - i) * STEP + 17);
const BUCKETS = ['route:1', 'route:2', 'route:3'];

const viewOf = (columns: number[]) => {
  const cells = BUCKETS.length * columns.length;
  return { outcome: 'complete', nodes: [{ node: 'http://a:1', ok: true, elapsed_ms: 1, bytes: 1, warnings: [] }],
    fanout: { nodes: [{ node: 'http://a:1', ok: true }], responded: 1, expected: 1 }, warnings: [], elapsedMs: 1, login: null, events: [],
    eventsOmitted: 0, missing: null,
    matrix: { series: 'writes', generatedAt: null, columns: Float64Array.from(columns),
      rows: BUCKETS.map((bucketId) => ({ bucketId, label: '', start: null, end: null, aggregate: false, routeCount: 1, routeIds: null,
        routeIdsTruncated: false, conflict: false, group: 0 })),
      values: Float64Array.from({ length: cells }, (_, i) => i + 1),
      conflicts: new Uint8Array(cells), handovers: new Uint8Array(cells) } };
};

/** Nodes that answer a window with the columns inside it (elastickv's from ≤ t < to), and everything otherwise. */
function cluster() {
  const fetch = vi.fn((req: unknown) => {
    const { fromMs, toMs } = req as { fromMs: number | null; toMs: number | null };
    return Promise.resolve(viewOf(COLUMNS.filter((t) => (fromMs === null || fromMs <= t) && (toMs === null || t < toMs))));
  });
  window.keyviz = fakeBridge({ openDemo: () => Promise.resolve({ connectionId: 'c1', ...LIVE, nodes: ['http://a:1'], warnings: [] }), fetch });
  return fetch;
}

const act$ = (fn: () => unknown) => act(async () => { await fn(); });
const button = (name: string): HTMLButtonElement | undefined => [...ui.container.querySelectorAll('button')]
  .find((b) => b.textContent === name || b.getAttribute('aria-label') === name);
const columnsShown = (): number => Number(/× (\d+) columns/.exec(ui.container.querySelector('.summary')!.textContent ?? '')![1]);

describe('ask the nodes for the zoomed window', () => {
  test('the offer asks exactly the zoomed columns\' window; the answer is shown whole; Back asks the question before and restores its zoom', async () => {
    const fetch = cluster();
    await act$(() => useAppStore.getState().connectDemo());
    await ui.render(<Heatmap />);
    expect(fetch).toHaveBeenLastCalledWith(expect.objectContaining({ fromMs: null, toMs: null }));
    expect(button('Ask the nodes for this window')).toBeUndefined(); // nothing zoomed
    await act$(() => useAppStore.getState().zoomTo({ r0: 0, r1: 3, c0: 0, c1: 10 }));
    expect(button('Ask the nodes for this window')).toBeUndefined(); // zoomed, but every column
    const zoom = { r0: 1, r1: 3, c0: 3, c1: 6 };
    await act$(() => useAppStore.getState().zoomTo(zoom));

    await act$(() => button('Ask the nodes for this window')!.click());
    expect(fetch).toHaveBeenLastCalledWith(expect.objectContaining({ fromMs: COLUMNS[3], toMs: COLUMNS[6] }));
    expect(columnsShown()).toBe(3);
    expect(useAppStore.getState()).toMatchObject({ zoom: null, zoomHistory: [], range: { kind: 'window', fromMs: COLUMNS[3], toMs: COLUMNS[6] } });

    // Back (as Backspace does with no zoom left): the question before, its zoom and the way back from it.
    expect(button('Back to the previous query')).toBeDefined();
    await act$(() => useAppStore.getState().zoomBack());
    expect(fetch).toHaveBeenLastCalledWith(expect.objectContaining({ fromMs: null, toMs: null }));
    expect(columnsShown()).toBe(10);
    expect(useAppStore.getState()).toMatchObject({ zoom, range: { kind: 'last', ms: null }, queryBack: [], pendingZoom: null });
    expect(useAppStore.getState().zoomHistory).toEqual([null, { r0: 0, r1: 3, c0: 0, c1: 10 }]);
    expect(button('Back to the previous query')).toBeUndefined();
  });

  test('the last columns: to is half a step past the last one; a range chosen anew leaves nothing to go back to', async () => {
    const fetch = cluster();
    await act$(() => useAppStore.getState().connectDemo());
    await ui.render(<Heatmap />);
    await act$(() => useAppStore.getState().zoomTo({ r0: 0, r1: 3, c0: 7, c1: 10 }));
    await act$(() => button('Ask the nodes for this window')!.click());
    expect(fetch).toHaveBeenLastCalledWith(expect.objectContaining({ fromMs: COLUMNS[7], toMs: COLUMNS[9]! + STEP / 2 }));
    expect(columnsShown()).toBe(3);
    await act$(() => useAppStore.getState().setQuery({ range: { kind: 'last', ms: 3_600_000 } }));
    expect(useAppStore.getState().queryBack).toEqual([]);
    const calls = fetch.mock.calls.length;
    await act$(() => useAppStore.getState().zoomBack());
    expect(fetch.mock.calls.length).toBe(calls);
  });

  test('offered where the view asks nodes (live), not where it cannot (a snapshot\'s can)', async () => {
    cluster();
    await act$(() => useAppStore.getState().connectDemo());
    await ui.render(<Heatmap />);
    await act$(() => useAppStore.getState().zoomTo({ r0: 0, r1: 3, c0: 3, c1: 6 }));
    expect(button('Ask the nodes for this window')).toBeDefined();
    await act$(() => useAppStore.setState({ connection: { ...useAppStore.getState().connection!, ...SNAPSHOT } }));
    expect(ui.container.querySelector('.zoom-note')).not.toBeNull();
    expect(button('Ask the nodes for this window')).toBeUndefined();
  });
});
