// "Served by" (issue 18, item 1): which node served a row or a group's rows over the columns on
// screen, as main answers it; asked again when the rows or the zoom change, never showing an answer
// for other rows. And the Balance panel follows the zoom the same way: it asks for the zoomed span.
import { act } from 'react';
import { describe, expect, test, vi } from 'vitest';
import { BalancePanel } from '../../../src/renderer/src/components/Balance';
import { ServedBy } from '../../../src/renderer/src/components/ServedBy';
import { useAppStore } from '../../../src/renderer/src/store';
import type { ServedAnswer } from '../../../src/shared/ipc';
import { LIVE } from '../../helpers/view-kinds';
import { mountPerTest } from '../support/dom';
import { fakeBridge } from '../support/fake-bridge';

const NODES = ['http://a:1', 'http://b:2'];
const COLUMNS = [1000, 2000, 3000, 4000];

const ui = mountPerTest(() => {
  const cells = 2 * COLUMNS.length;
  const matrixId = useAppStore.internals.matrices.put({ series: 'writes', generatedAt: null, columns: Float64Array.from(COLUMNS),
    rows: [0, 1].map((i) => ({ bucketId: `route:${i}`, label: '', start: null, end: null, aggregate: false, routeCount: 1, routeIds: null,
      routeIdsTruncated: false, conflict: false, group: 0 })),
    values: new Float64Array(cells), conflicts: new Uint8Array(cells),
    handovers: new Uint8Array(cells) });
  useAppStore.setState({
    connection: { id: 'c1', label: 'x', key: 'x', nodes: NODES, accessKey: null, profile: null, ...LIVE, snapshot: null, capture: null },
    view: { outcome: 'complete', nodes: [], fanout: { nodes: [], responded: 2, expected: 2 }, warnings: [], elapsedMs: 1, login: null,
      events: [], eventsOmitted: 0, missing: null, matrixId },
    identity: null,
  });
});

type Req = { buckets: string[]; span: { fromMs: number; toMs: number | null } | null };
const served = (_req: Req, totals: [number, number]): ServedAnswer => {
  const total = totals[0] + totals[1];
  return { state: 'served', total,
    nodes: NODES.map((node, i) => ({ node, nodeId: `n${i + 1}`, total: totals[i]!, share: total > 0 ? totals[i]! / total : 0 })) };
};
const flush = (): Promise<void> => act(async () => { await new Promise((r) => setTimeout(r, 0)); });
/** The line as read: each node's words apart. */
const words = (): string => {
  const el = ui.container.querySelector('.served-by');
  if (!el) return '';
  const parts = [el.querySelector('.served-title'), ...el.querySelectorAll('.served-node, .hint')].map((e) => e?.textContent ?? '');
  return parts.join(' ').replace(/\s+/g, ' ').trim();
};

describe('served by', () => {
  test('each node\'s share and count of the row, in words and as data; over the whole window until zoomed, then the zoomed columns', async () => {
    const asked: unknown[] = [];
    window.keyviz = fakeBridge({ served: (req) => { asked.push(req); return Promise.resolve(served(req as Req, [300, 100])); } });
    await ui.render(<ServedBy rowStart={1} rowEnd={2} what="this row" />);
    await flush();
    expect(asked).toEqual([{ connectionId: 'c1', buckets: ['route:1'], span: null }]);
    expect(words()).toBe('Served by (this row, over the whole window): n1 75.0 % (300) n2 25.0 % (100)');
    expect([...ui.container.querySelectorAll('.served-node')].map((e) => [e.getAttribute('data-node'), e.getAttribute('data-total')]))
      .toEqual([[NODES[0], '300'], [NODES[1], '100']]);
    // Zoomed to columns 1..2 (2000 and 3000): the span runs to the next column's time.
    await act(async () => { useAppStore.setState({ zoom: { r0: 0, r1: 2, c0: 1, c1: 3 } }); });
    await flush();
    expect(asked.at(-1)).toEqual({ connectionId: 'c1', buckets: ['route:1'], span: { fromMs: 2000, toMs: 4000 } });
    expect(words()).toMatch(/^Served by \(this row, over the zoomed columns\): n1/);
    // To the last column: open-ended.
    await act(async () => { useAppStore.setState({ zoom: { r0: 0, r1: 2, c0: 2.4, c1: 4 } }); });
    await flush();
    expect(asked.at(-1)).toMatchObject({ span: { fromMs: 3000, toMs: null } });
  });

  test('an answer for rows no longer shown gives way: only the current rows\' answer lands', async () => {
    const pending: Array<{ req: Req; answer: (a: ServedAnswer) => void }> = [];
    window.keyviz = fakeBridge({ served: (req) => new Promise((r) => pending.push({ req: req as Req, answer: r as (a: ServedAnswer) => void })) });
    await ui.render(<ServedBy rowStart={0} rowEnd={1} what="this row" />);
    await flush();
    await ui.render(<ServedBy rowStart={1} rowEnd={2} what="this row" />);
    await flush();
    expect(pending).toHaveLength(2);
    await act(async () => { pending[0]!.answer(served(pending[0]!.req, [1, 0])); });
    expect(words()).toMatch(/asking…/);
    await act(async () => { pending[1]!.answer(served(pending[1]!.req, [0, 5])); });
    expect(words()).toMatch(/n2 100\.0 % \(5\)/);
  });

  test('a group\'s rows are asked by their bucket ids; nothing counted there is said so', async () => {
    const asked: unknown[] = [];
    window.keyviz = fakeBridge({ served: (req) => { asked.push(req); return Promise.resolve(served(req as Req, [0, 0])); } });
    await ui.render(<ServedBy rowStart={0} rowEnd={2} what="these 2 rows" />);
    await flush();
    expect(asked).toEqual([{ connectionId: 'c1', buckets: ['route:0', 'route:1'], span: null }]);
    expect(words()).toBe('Served by (these 2 rows, over the whole window): no writes counted here');
  });
});

describe('the Balance panel follows the zoom', () => {
  test('opened zoomed it asks for the span at once; a later zoom is asked once it settles; the summary names the zoomed columns', async () => {
    const asked: Array<{ span: unknown }> = [];
    window.keyviz = fakeBridge({
      balance: (req) => {
        asked.push(req as never);
        const span = (req as { span: { fromMs: number; toMs: number | null } | null }).span;
        return Promise.resolve({ state: 'balance', balance: {
          series: 'writes', span, total: 4, imbalance: 1, busiest: 0, stepMs: 1000,
          nodes: NODES.map((node, i) => ({ node, nodeId: `n${i + 1}`, total: 2, share: 0.5, leads: [], ledTotal: 0, groups: [], groupsOmitted: 0, ungrouped: 0 })),
          windowMs: Float64Array.from([2000, 3000]), windowTotals: Float64Array.from([1, 1, 1, 1]), windowImbalance: Float64Array.from([1, 1]),
          windowBusiest: Int32Array.from([0, 0]), whatIf: [], membershipKnown: true, leftOut: [], failed: [], notes: [], definition: 'd' } });
      },
    });
    useAppStore.setState({ zoom: { r0: 0, r1: 2, c0: 1, c1: 3 } });
    await ui.render(<BalancePanel />);
    await flush();
    expect(asked.map((a) => a.span)).toEqual([{ fromMs: 2000, toMs: 4000 }]);
    expect(ui.container.querySelector('.balance-summary')!.textContent).toMatch(/^In the zoomed columns \(.+ – .+\): busiest node n1/);
    await act(async () => { useAppStore.setState({ zoom: null }); });
    await vi.waitFor(() => expect(asked).toHaveLength(2));
    expect(asked[1]!.span).toBeNull();
  });
});
