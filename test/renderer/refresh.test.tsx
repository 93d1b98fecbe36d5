// What a refresh keeps: the pinned cell on its bucket and column time (its detail asked again at
// the new position, its hot keys kept), or let go with a word; the "as of" time of the view on
// screen; and every control that changes the question asks it at once.
import { act } from 'react';
import { describe, expect, test, vi } from 'vitest';
import { CellDetailPanel } from '../../src/renderer/src/components/CellDetail';
import { Toolbar } from '../../src/renderer/src/components/Controls';
import { NodeStrip } from '../../src/renderer/src/components/Status';
import { useAppStore } from '../../src/renderer/src/store';
import { mountPerTest } from './support/dom';
import { fakeBridge } from './support/fake-bridge';
import { LIVE, SNAPSHOT } from '../helpers/view-kinds';

const ui = mountPerTest();
const STEP = 60_000;
const T0 = Date.UTC(2026, 10, 24, 12, 0, 0);

interface Shape { series?: string; buckets: string[]; columns: number[]; generatedAt: string | null }
const matrixOf = ({ series = 'writes', buckets, columns, generatedAt }: Shape) => {
  const cells = buckets.length * columns.length;
  return { series, generatedAt, columns: Float64Array.from(columns),
    rows: buckets.map((bucketId) => ({ bucketId, label: '', start: null, end: null, aggregate: false, routeCount: 1, routeIds: null, routeIdsTruncated: false, conflict: false, group: 0 })),
    values: Float64Array.from({ length: cells }, (_, i) => i + 1),
    conflicts: new Uint8Array(cells), handovers: new Uint8Array(cells) };
};
const viewOf = (s: Shape) => ({ outcome: 'complete', nodes: [{ node: 'http://a:1', ok: true, elapsed_ms: 1, bytes: 1, warnings: [] }],
  fanout: { nodes: [{ node: 'http://a:1', ok: true }], responded: 1, expected: 1 }, warnings: [], matrix: matrixOf(s), elapsedMs: 1, login: null,
  events: [], eventsOmitted: 0, missing: null });

const saved = {
  bucket_id: 'route:2', asked_at: '2026-11-24T12:00:00Z', outcome: 'complete',
  nodes: [{ node: 'http://a:1', ok: true, elapsed_ms: 3, bytes: 100, snapshot_at: '2026-11-24T11:59:00Z' }],
  merged: { route_id: 2, label: '', series: 'writes', keys: [{ key_b64: btoa('user:42'), count: 160 }], approximate: true,
    sample_rate: 16, sampled_n: 10, dropped_samples: 0, skipped_long_keys: 0, degraded: false, error_bound: 2, snapshot_at: '2026-11-24T11:59:00Z' },
  split: [{ key_b64: btoa('user:42'), count: 160, nodes: [160] }],
};

/**
 * A main process stand-in: each fetch answers the next shape (as the nodes would), and a cell's
 * detail is read off the matrix main last answered, as main's views do.
 */
function cluster(shapes: Shape[]) {
  let shown: Shape | null = null;
  const fetch = vi.fn((req: unknown) => {
    void req;
    shown = shapes.shift() ?? shown;
    return Promise.resolve(viewOf(shown!));
  });
  const cell = vi.fn((req: unknown) => {
    const { row, col } = req as { row: number; col: number };
    return Promise.resolve({ bucketId: shown!.buckets[row], columnMs: shown!.columns[col], windowStartMs: shown!.columns[col - 1] ?? null,
      value: 7, group: 1, term: 1, conflict: false, explanation: null, leadershipChange: null, nodes: [] });
  });
  const hotKeys = vi.fn(() => Promise.resolve({ state: 'answer', saved, rowTotal: 320, fromFile: false }));
  window.keyviz = fakeBridge({
    openDemo: () => Promise.resolve({ connectionId: 'c1', ...LIVE, nodes: ['http://a:1'], warnings: [] }),
    fetch, cell, hotKeys,
  });
  return { fetch, cell, hotKeys };
}

const detail = () => ui.container.querySelector('[aria-label="Cell detail"]')!;
const asOf = () => ui.container.querySelector('.as-of time')?.getAttribute('datetime') ?? null;
const iso = (ms: number) => new Date(ms).toISOString();
const act$ = (fn: () => unknown) => act(async () => { await fn(); });

describe('a refresh and the pinned cell', () => {
  test('the pin stays on its bucket and column time as rows re-order and columns shift; its detail is asked again there, its hot keys kept', async () => {
    const api = cluster([
      { buckets: ['route:1', 'route:2', 'route:3'], columns: [T0 - 2 * STEP, T0 - STEP, T0], generatedAt: iso(T0) },
      // A tick later: a new column, the oldest gone, a new row sorted in before route:2.
      { buckets: ['route:0', 'route:1', 'route:2', 'route:3'], columns: [T0 - STEP, T0, T0 + STEP], generatedAt: iso(T0 + STEP) },
    ]);
    await ui.render(<><NodeStrip /><CellDetailPanel /></>);
    await act$(() => useAppStore.getState().connectDemo());
    expect(asOf()).toBe(iso(T0));
    await act$(() => useAppStore.getState().pinCell({ row: 1, col: 2 }));
    expect(detail().querySelector('header strong')!.textContent).toBe('route:2');
    expect(ui.container.querySelector('[aria-label="Hot keys per node"]')).not.toBeNull();
    expect(api.hotKeys).toHaveBeenCalledTimes(1);

    await act$(() => useAppStore.getState().refresh(true)); // an auto-refresh tick
    expect(useAppStore.getState().pinned).toEqual({ row: 2, col: 1, bucketId: 'route:2', columnMs: T0 });
    expect(api.cell).toHaveBeenLastCalledWith({ connectionId: 'c1', row: 2, col: 1 });
    expect(detail().classList.contains('pinned')).toBe(true);
    expect(detail().querySelector('header strong')!.textContent).toBe('route:2');
    expect(useAppStore.getState().detail).toMatchObject({ bucketId: 'route:2', columnMs: T0 });
    // The hot keys shown stay (not asked again: the same bucket is pinned).
    expect(ui.container.querySelector('[aria-label="Hot keys per node"]')).not.toBeNull();
    expect(api.hotKeys).toHaveBeenCalledTimes(1);
    // The "as of" time is the new view's.
    expect(asOf()).toBe(iso(T0 + STEP));
    expect(ui.container.querySelector('.as-of')!.textContent).toMatch(/^as of /);
  });

  test('a pin whose row leaves the top rows is let go, with a word; a new pin takes the word away', async () => {
    cluster([
      { buckets: ['route:1', 'route:12', 'route:3'], columns: [T0 - STEP, T0], generatedAt: iso(T0) },
      { buckets: ['route:1', 'route:3'], columns: [T0 - STEP, T0], generatedAt: iso(T0) },
    ]);
    await ui.render(<CellDetailPanel />);
    await act$(() => useAppStore.getState().connectDemo());
    await act$(() => useAppStore.getState().pinCell({ row: 1, col: 1 }));
    expect(detail().querySelector('header strong')!.textContent).toBe('route:12');
    await act$(() => useAppStore.getState().refresh());
    expect(useAppStore.getState().pinned).toBeNull();
    expect(detail().classList.contains('pinned')).toBe(false);
    expect(ui.container.querySelector('[aria-label="Pin let go"]')!.textContent)
      .toContain("Unpinned: the pinned cell's row route:12 is no longer among the top rows.");
    await act$(() => useAppStore.getState().pinCell({ row: 0, col: 0 }));
    expect(ui.container.querySelector('[aria-label="Pin let go"]')).toBeNull();
  });

  test('a pin whose column has left the window is let go, with a word', async () => {
    cluster([
      { buckets: ['route:1'], columns: [T0 - STEP, T0], generatedAt: iso(T0) },
      { buckets: ['route:1'], columns: [T0, T0 + STEP], generatedAt: iso(T0 + STEP) },
    ]);
    await ui.render(<CellDetailPanel />);
    await act$(() => useAppStore.getState().connectDemo());
    await act$(() => useAppStore.getState().pinCell({ row: 0, col: 0 }));
    await act$(() => useAppStore.getState().refresh(true));
    expect(useAppStore.getState().pinned).toBeNull();
    expect(ui.container.querySelector('[aria-label="Pin let go"]')!.textContent).toMatch(/column \(.+\) has left the window; its row was route:1\./);
  });

  test('another series keeps the pin and asks its hot keys again (they are per series)', async () => {
    const api = cluster([
      { buckets: ['route:2'], columns: [T0], generatedAt: iso(T0) },
      { series: 'reads', buckets: ['route:2'], columns: [T0], generatedAt: iso(T0) },
    ]);
    await ui.render(<CellDetailPanel />);
    await act$(() => useAppStore.getState().connectDemo());
    await act$(() => useAppStore.getState().pinCell({ row: 0, col: 0 }));
    expect(api.hotKeys).toHaveBeenCalledTimes(1);
    await act$(() => useAppStore.getState().setQuery({ series: 'reads' }));
    expect(useAppStore.getState().pinned).toMatchObject({ bucketId: 'route:2', columnMs: T0 });
    expect(api.hotKeys).toHaveBeenCalledTimes(2);
  });

  test('a file view says as of when its view was generated (or, without that, when the file was written)', async () => {
    useAppStore.setState({ connection: { id: 'f', label: 'f', key: 'f', nodes: ['http://a:1'], accessKey: null, profile: null, ...SNAPSHOT,
      snapshot: { path: '/f.kvsnap', label: 'f', createdAt: '2026-11-24T03:00:00Z', appVersion: 't', series: 'writes', redacted: false }, capture: null } });
    const matrixId = useAppStore.internals.matrices.put(matrixOf({ buckets: ['route:1'], columns: [T0], generatedAt: iso(T0) }) as never);
    const { matrix: _m, ...meta } = viewOf({ buckets: [], columns: [], generatedAt: null });
    await act$(() => useAppStore.setState({ view: { ...meta, matrixId } as never }));
    await ui.render(<NodeStrip />);
    expect(asOf()).toBe(iso(T0));
    const older = useAppStore.internals.matrices.put(matrixOf({ buckets: ['route:1'], columns: [T0], generatedAt: null }) as never);
    await act$(() => useAppStore.setState({ view: { ...meta, matrixId: older } as never }));
    expect(asOf()).toBe('2026-11-24T03:00:00Z');
  });
});

describe('controls that change the question refetch at once', () => {
  const select = (label: RegExp) => [...ui.container.querySelectorAll('label')].find((l) => label.test(l.textContent ?? ''))!.querySelector('select')!;
  const lastAsked = (fetch: ReturnType<typeof vi.fn>) => fetch.mock.calls.at(-1)![0] as { series: string; rows: number };

  test('Series: the fetch asks the new series, and the view shown is its answer', async () => {
    const api = cluster([
      { buckets: ['route:1'], columns: [T0], generatedAt: iso(T0) },
      { series: 'reads', buckets: ['route:1'], columns: [T0], generatedAt: iso(T0) },
    ]);
    await act$(() => useAppStore.getState().connectDemo());
    await ui.render(<Toolbar />);
    await act$(() => { const s = select(/^Series/); s.value = 'reads'; s.dispatchEvent(new Event('change', { bubbles: true })); });
    expect(api.fetch).toHaveBeenCalledTimes(2);
    expect(lastAsked(api.fetch)).toMatchObject({ series: 'reads' });
    expect(useAppStore.internals.matrices.get(useAppStore.getState().view!.matrixId)!.series).toBe('reads');
  });

  test('Rows: a new row budget refetches (Enter or leaving the field); the same one does not', async () => {
    const api = cluster([{ buckets: ['route:1'], columns: [T0], generatedAt: iso(T0) }]);
    await act$(() => useAppStore.getState().connectDemo());
    await ui.render(<Toolbar />);
    const rows = ui.field(/^Rows/);
    await ui.type(rows, '5');
    await act$(() => rows.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })));
    expect(api.fetch).toHaveBeenCalledTimes(2);
    expect(lastAsked(api.fetch)).toMatchObject({ rows: 5 });
    await act$(() => rows.dispatchEvent(new FocusEvent('focusout', { bubbles: true })));
    expect(api.fetch).toHaveBeenCalledTimes(2);
    await ui.type(rows, '7');
    await act$(() => rows.dispatchEvent(new FocusEvent('focusout', { bubbles: true })));
    expect(lastAsked(api.fetch)).toMatchObject({ rows: 7 });
  });

  test('a question changed while a round is out: that answer is not shown, the new question is asked when it ends', async () => {
    const pending: Array<(v: unknown) => void> = [];
    const fetch = vi.fn((_req: unknown) => new Promise((r) => { pending.push(r); }));
    window.keyviz = fakeBridge({ openDemo: () => Promise.resolve({ connectionId: 'c1', ...LIVE, nodes: ['http://a:1'], warnings: [] }), fetch });
    const open = useAppStore.getState().connectDemo();
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(1));
    useAppStore.getState().setQuery({ series: 'reads' });
    expect(fetch).toHaveBeenCalledTimes(1); // one round at a time
    await act$(() => pending[0]!(viewOf({ buckets: ['route:1'], columns: [T0], generatedAt: iso(T0) })));
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(2));
    expect(useAppStore.getState().view).toBeNull(); // the writes answer never showed under "Reads"
    expect(fetch.mock.calls[1]![0]).toMatchObject({ series: 'reads' });
    await act$(() => pending[1]!(viewOf({ series: 'reads', buckets: ['route:1'], columns: [T0], generatedAt: iso(T0) })));
    await open;
    expect(useAppStore.internals.matrices.get(useAppStore.getState().view!.matrixId)!.series).toBe('reads');
  });
});
