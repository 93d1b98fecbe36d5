// The hot-keys panel without a browser: a notice where hot keys do not apply, the older-column
// question with its way out, and an answer with each node's count.
import { act } from 'react';
import { describe, expect, test, vi } from 'vitest';
import { HotKeysPanel } from '../../src/renderer/src/components/HotKeys';
import { useAppStore } from '../../src/renderer/src/store';
import { mountPerTest } from './support/dom';
import { fakeBridge } from './support/fake-bridge';
import { LIVE } from '../helpers/view-kinds';

const rows = ['route:1', 'route:2', 'route:7:redis'].map((bucketId) => ({ bucketId, label: '', start: null, end: null, aggregate: false, routeCount: 1,
  routeIds: null, routeIdsTruncated: false, conflict: false, group: 0 }));
const cells = rows.length * 6;
const ui = mountPerTest(() => {
  const matrixId = useAppStore.internals.matrices.put({ series: 'writes', generatedAt: null, columns: new Float64Array(6), rows, values: new Float64Array(cells), conflicts: new Uint8Array(cells), handovers: new Uint8Array(cells) });
  useAppStore.setState({ pinned: { row: 2, col: 5, bucketId: 'route:7:redis', columnMs: 0 }, view: { matrixId } as never,
    connection: { id: 'c1', label: 'x', key: 'x', nodes: ['http://a:1', 'http://b:2'], accessKey: null, profile: null, ...LIVE, snapshot: null, capture: null } });
});

const saved = {
  bucket_id: 'route:7:redis', asked_at: '2026-11-24T12:00:00Z', outcome: 'degraded',
  nodes: [{ node: 'http://a:1', ok: true, elapsed_ms: 3, bytes: 100, snapshot_at: '2026-11-24T11:59:00Z' },
    { node: 'http://b:2', ok: false, status_code: 503, error: 'hot keys are off on this node: start it with --keyvizHotKeysEnabled', elapsed_ms: 1, bytes: 10 }],
  merged: { route_id: 7, label: 'redis', series: 'writes', keys: [{ key_b64: btoa('user:42'), count: 160 }], approximate: true,
    sample_rate: 16, sampled_n: 10, dropped_samples: 2, skipped_long_keys: 0, degraded: true, error_bound: 2, snapshot_at: '2026-11-24T11:59:00Z' },
  split: [{ key_b64: btoa('user:42'), count: 160, nodes: [160, 0] }],
};

describe('hot-keys panel', () => {
  test('an older column: says why, and asks the latest window only when told to', async () => {
    const hotKeys = vi.fn((req: unknown) => Promise.resolve((req as { latest?: boolean }).latest
      ? { state: 'answer', saved, rowTotal: 320, fromFile: false }
      : { state: 'older-column' }));
    window.keyviz = fakeBridge({ hotKeys });
    await ui.render(<HotKeysPanel />);
    expect(ui.container.textContent).toContain('Nodes keep hot keys only for their latest window (about one step)');
    const button = [...ui.container.querySelectorAll('button')].find((b) => b.textContent === "Show the latest window's hot keys")!;
    await act(async () => { button.click(); });
    expect(hotKeys).toHaveBeenLastCalledWith({ connectionId: 'c1', row: 2, col: 5, bucketId: 'route:7:redis', top: 20, latest: true });
    const table = ui.container.querySelector('[aria-label="Hot keys per node"]')!;
    expect([...table.querySelectorAll('tbody td')].map((td) => td.textContent)).toEqual(['user:42 copy', '160', '50 %', '160', '×']); // × = that node did not answer
    // Only what happened is named: samples were dropped (counts low), no key was too long.
    expect(ui.container.querySelector('.warning[role="note"]')!.textContent)
      .toBe('Incomplete sketch: 2 sample(s) dropped (the sampler fell behind): the counts below may be lower than the real ones.');
    expect(ui.container.querySelector('[aria-label="Nodes without hot keys"]')!.textContent).toContain('http://b:2 — hot keys are off on this node');
    // The user's top: asked again with it.
    const select = ui.container.querySelector('select[aria-label="How many keys"]') as HTMLSelectElement;
    await act(async () => { select.value = '50'; select.dispatchEvent(new Event('change', { bubbles: true })); });
    expect(hotKeys).toHaveBeenLastCalledWith({ connectionId: 'c1', row: 2, col: 5, bucketId: 'route:7:redis', top: 50, latest: true });
  });

  test('where hot keys do not apply, the reason instead of a table', async () => {
    window.keyviz = fakeBridge({ hotKeys: () => Promise.resolve({ state: 'unavailable', why: { reason: 'series' } }) });
    await ui.render(<HotKeysPanel />);
    expect(ui.container.querySelector('[role=note]')!.textContent).toBe('Hot keys are sampled for writes only (elastickv v1): switch the series to Writes to drill into this row.');
    expect(ui.container.querySelector('table')).toBeNull();
  });

  test('internal keys read as the user\'s (the raw bytes one click away); nodes without samples are not failures', async () => {
    const str = btoa('!redis|str|hot:4');
    const ttl = btoa('!redis|ttl|hot:4');
    const bad = btoa('!redis|str'); // a malformed layout: shown raw
    const answer = { ...saved, outcome: 'complete',
      nodes: [saved.nodes[0], { node: 'http://b:2', ok: true, status_code: 404, no_samples: true, elapsed_ms: 1, bytes: 10 }],
      merged: { ...saved.merged, keys: [{ key_b64: str, count: 24 }, { key_b64: ttl, count: 20 }, { key_b64: bad, count: 4 }] },
      split: [{ key_b64: str, count: 24, nodes: [24, 0] }, { key_b64: ttl, count: 20, nodes: [20, 0] }, { key_b64: bad, count: 4, nodes: [4, 0] }] };
    window.keyviz = fakeBridge({ hotKeys: () => Promise.resolve({ state: 'answer', saved: answer, rowTotal: 48, fromFile: false }) });
    await ui.render(<HotKeysPanel />);
    const firsts = () => [...ui.container.querySelectorAll('[aria-label="Hot keys per node"] tbody tr td:first-child')];
    expect(firsts().map((td) => td.querySelector('code')!.textContent)).toEqual(['hot:4', 'hot:4', '!redis|str']);
    expect(firsts().map((td) => td.querySelector('.kind')?.textContent ?? null)).toEqual(['Redis string', 'Redis TTL', null]);
    const raw = [...firsts()[0]!.querySelectorAll('button')].find((b) => b.textContent === 'raw')!;
    await act(async () => { raw.click(); });
    expect(firsts()[0]!.querySelector('code')!.textContent).toBe('!redis|str|hot:4');
    expect(ui.container.querySelector('[aria-label="Nodes without hot keys"]')).toBeNull();
    expect(ui.container.querySelector('[aria-label="Nodes without samples"]')!.textContent).toMatch(/^No samples on b:2/);
  });

  test('a file\'s hot keys: nodes named by the node_ids the cell detail knows (no identity is asked of a file), else host:port', async () => {
    const node = (source: string, nodeId: string | null) => ({ source, nodeId, present: true, value: 1, group: 1, term: 1, disagreed: false, noAnswer: null });
    useAppStore.setState({ identity: null, detail: { bucketId: 'route:7:redis', columnMs: 0, windowStartMs: null, value: 1, group: 1, term: 1, conflict: false,
      explanation: null, leadershipChange: null, nodes: [node('http://a:1', 'n1'), node('http://b:2', null)] } });
    window.keyviz = fakeBridge({ hotKeys: () => Promise.resolve({ state: 'answer', saved, rowTotal: 320, fromFile: true }) });
    await ui.render(<HotKeysPanel />);
    const table = ui.container.querySelector('[aria-label="Hot keys per node"]')!;
    expect([...table.querySelectorAll('thead th')].map((th) => th.textContent)).toEqual(['key', 'count', 'share', 'n1', 'b:2']);
  });
});
