// The heatmap component subscribes only to what it draws: pointing at cells (hover, the cell
// detail that follows) re-renders the detail panel, never the heatmap; the hover highlight follows
// the pointer without a render.
import { act, Profiler } from 'react';
import { describe, expect, test, vi } from 'vitest';
import { CellDetailPanel } from '../../../src/renderer/src/components/CellDetail';
import { Heatmap } from '../../../src/renderer/src/components/Heatmap';
import { useAppStore } from '../../../src/renderer/src/store';
import { mountPerTest } from '../support/dom';
import { fakeBridge } from '../support/fake-bridge';
import { LIVE } from '../../helpers/view-kinds';

const ROWS = 2;
const COLS = 3;
const NODE = { node: 'http://a:1', ok: true, elapsed_ms: 1, bytes: 1, warnings: [] };

const ui = mountPerTest(() => {
  const cells = ROWS * COLS;
  const matrixId = useAppStore.internals.matrices.put({ series: 'writes', generatedAt: null, columns: Float64Array.from([1000, 2000, 3000]),
    rows: Array.from({ length: ROWS }, (_, i) => ({ bucketId: `route:${i}`, label: '', start: null, end: null, aggregate: false, routeCount: 1,
      routeIds: null, routeIdsTruncated: false, conflict: false, group: 0 })),
    values: Float64Array.from([1, 2, 3, 4, 5, 6]), conflicts: new Uint8Array(cells),
    handovers: new Uint8Array(cells) });
  useAppStore.setState({
    connection: { id: 'c1', label: 'x', key: 'x', nodes: [NODE.node], accessKey: null, profile: null, ...LIVE, snapshot: null, capture: null },
    view: { outcome: 'complete', nodes: [NODE], fanout: { nodes: [{ node: NODE.node, ok: true }], responded: 1, expected: 1 }, warnings: [],
      elapsedMs: 1, login: null, events: [], eventsOmitted: 0, missing: null, matrixId },
  });
});

const detailOf = (req: unknown) => {
  const { row, col } = req as { row: number; col: number };
  return Promise.resolve({ bucketId: `route:${row}`, columnMs: 1000 * (col + 1), windowStartMs: null, value: row * COLS + col + 1, group: 1, term: 1,
    conflict: false, explanation: null, leadershipChange: null, nodes: [{ source: NODE.node, present: true, value: row * COLS + col + 1, group: 1, term: 1, disagreed: false, nodeId: null, noAnswer: null }] });
};

describe('heatmap renders', () => {
  test('hovering cells (and the detail that arrives) never re-renders the heatmap; what it draws does', async () => {
    window.keyviz = fakeBridge({ cell: detailOf });
    const renders = { heatmap: 0, detail: 0 };
    await ui.render(<>
      <Profiler id="heatmap" onRender={() => { renders.heatmap++; }}><Heatmap /></Profiler>
      <Profiler id="detail" onRender={() => { renders.detail++; }}><CellDetailPanel /></Profiler>
    </>);
    expect(ui.container.querySelector('[aria-label="Heatmap"]')).not.toBeNull();
    // The first picture's totals land a task later (their block sums are added up off the render): then it is settled.
    await vi.waitFor(() => expect(ui.container.querySelector<HTMLElement>('.row-totals')!.dataset.totals).not.toBe(''));
    const heatmapBefore = renders.heatmap;
    const detailBefore = renders.detail;

    const layer = ui.container.querySelector<HTMLElement>('.hover-mark')!;
    expect(layer.hidden).toBe(true);
    for (const cell of [{ row: 0, col: 1 }, { row: 1, col: 2 }, { row: 1, col: 0 }]) {
      await act(async () => { useAppStore.getState().hoverCell(cell); });
      await vi.waitFor(() => expect(useAppStore.getState().detail?.value).toBe(cell.row * COLS + cell.col + 1));
      // The hovered cell is highlighted: the crosshair through its middle.
      expect([layer.hidden, layer.dataset.row, layer.dataset.col]).toEqual([false, String(cell.row), String(cell.col)]);
      const [, across, down] = Array.from(layer.children) as HTMLElement[];
      expect(across!.style.top).toBe(`${((cell.row + 0.5) / ROWS) * 100}%`);
      expect(Number.parseFloat(down!.style.left)).toBeCloseTo(((cell.col + 0.5) / COLS) * 100, 6);
    }
    await act(async () => { useAppStore.getState().hoverCell(null); });
    expect(layer.hidden).toBe(true);
    // The detail panel followed the pointer (so the changes did reach React) …
    expect(renders.detail).toBeGreaterThan(detailBefore);
    // … and the heatmap was left alone.
    expect(renders.heatmap).toBe(heatmapBefore);

    // The counter does count: a change the heatmap draws re-renders it.
    await act(async () => { useAppStore.getState().set({ scale: 'linear' }); });
    expect(renders.heatmap).toBeGreaterThan(heatmapBefore);
  });
});
