// The Balance panel (issue 18): collapsed to one line by default, open with each node's figures and
// the what-if as an estimate; shown only where the view can weigh its nodes; asked again for each
// view on screen, and never showing an answer meant for another connection. The chart's binning
// and the panel's words are pure and tested here too.
import { act } from 'react';
import { describe, expect, test } from 'vitest';
import { BalancePanel } from '../../../src/renderer/src/components/Balance';
import { binShares, windowAt } from '../../../src/renderer/src/balance-chart';
import { imbalanceSentence, moveSentence, noMoveSentence, unavailableText } from '../../../src/renderer/src/balance-words';
import { useAppStore } from '../../../src/renderer/src/store';
import type { BalanceAnswer, BalanceView, ViewCan, ViewKind } from '../../../src/shared/ipc';
import { COMPARISON, LIVE, REPLAY } from '../../helpers/view-kinds';
import { mountPerTest } from '../support/dom';
import { fakeBridge } from '../support/fake-bridge';

const ui = mountPerTest();
const NODES = ['http://a:1', 'http://b:2', 'http://c:3'];

/** The recording's figures (docs/balance.md), two windows. */
const RECORDED: BalanceView = {
  series: 'writes', total: 36292, imbalance: (16054 * 3) / 36292, busiest: 2, stepMs: 1000,
  nodes: [
    { node: NODES[0]!, nodeId: 'n1', total: 15386, share: 15386 / 36292, leads: [3], ledTotal: 8082, groups: [{ groupId: 3, total: 8082 }, { groupId: 2, total: 7304 }], groupsOmitted: 0, ungrouped: 0 },
    { node: NODES[1]!, nodeId: 'n2', total: 4852, share: 4852 / 36292, leads: [1], ledTotal: 2230, groups: [{ groupId: 1, total: 2230 }, { groupId: 3, total: 2622 }], groupsOmitted: 0, ungrouped: 0 },
    { node: NODES[2]!, nodeId: 'n3', total: 16054, share: 16054 / 36292, leads: [2], ledTotal: 7568, groups: [{ groupId: 1, total: 8486 }, { groupId: 2, total: 7568 }], groupsOmitted: 0, ungrouped: 0 },
  ],
  windowMs: Float64Array.from([1000, 2000]), windowTotals: Float64Array.from([10, 0, 30, 5, NaN, 5]),
  windowImbalance: Float64Array.from([2.25, 1]), windowBusiest: Int32Array.from([2, 0]),
  whatIf: [{ groupId: 2, from: 2, to: 1, moved: 7568, imbalanceBefore: (16054 * 3) / 36292, imbalanceAfter: (15386 * 3) / 36292 }],
  membershipKnown: true, leftOut: [], failed: [], notes: [], span: null, definition: 'imbalance = …',
};

function show(view: { kind: ViewKind; can: ViewCan }, id = 'c1'): void {
  useAppStore.setState({
    connection: { id, label: 'x', key: 'x', nodes: NODES, accessKey: null, profile: null, ...view, snapshot: null, capture: null },
    view: { outcome: 'complete', nodes: [], fanout: { nodes: [], responded: 3, expected: 3 }, warnings: [], elapsedMs: 1, login: null,
      events: [], eventsOmitted: 0, missing: null, matrixId: 1 },
  });
}

const text = (sel: string): string[] => [...ui.container.querySelectorAll(sel)].map((e) => (e.textContent ?? '').trim());
const flush = (): Promise<void> => act(async () => { await new Promise((r) => setTimeout(r, 0)); });

describe('the Balance panel', () => {
  test('collapsed to one line by default; open: each node, the move as an estimate; the figures as main gave them', async () => {
    const asked: unknown[] = [];
    window.keyviz = fakeBridge({ balance: (req) => { asked.push(req); return Promise.resolve({ state: 'balance', balance: RECORDED }); } });
    show(LIVE);
    await ui.render(<BalancePanel />);
    await flush();
    expect(asked).toEqual([{ connectionId: 'c1', span: null }]);
    const panel = ui.container.querySelector('section.balance')!;
    expect(panel.getAttribute('data-open')).toBe('false');
    expect(text('.balance-summary')).toEqual(['busiest node n3 carries 1.33× its even share (44.2 % of 36,292 writes, where an even split gives each of the 3 nodes 33.3 %)']);
    expect(ui.container.querySelector('table')).toBeNull();
    await ui.click('▸ Balance');
    expect(panel.getAttribute('data-open')).toBe('true');
    expect(text('tbody tr').map((t) => t.replace(/\s+/g, ' '))).toEqual([
      'n115,38642.4 %group 38,082 (52.5 % of its own)', 'n24,85213.4 %group 12,230 (46.0 % of its own)', 'n316,05444.2 %group 27,568 (47.1 % of its own)']);
    expect([...ui.container.querySelectorAll('tbody tr')].map((r) => [r.getAttribute('data-total'), r.getAttribute('data-share')]))
      .toEqual(RECORDED.nodes.map((n) => [String(n.total), String(n.share)]));
    expect(text('li[data-group]')).toEqual(['Moving group 2\'s leadership from n3 to n2 would change the imbalance from 1.33 to 1.27 '
      + '(7,568 writes move with it) — an estimate from this window\'s traffic; the app never moves leadership.']);
    expect(ui.container.querySelector('canvas')!.getAttribute('data-windows')).toBe('2');
  });

  test('not where the view cannot weigh its nodes (B − A): no control, nothing asked', async () => {
    const asked: unknown[] = [];
    window.keyviz = fakeBridge({ balance: (req) => { asked.push(req); return Promise.resolve({ state: 'balance', balance: RECORDED }); } });
    show(COMPARISON);
    await ui.render(<BalancePanel />);
    await flush();
    expect(ui.container.querySelector('section.balance')).toBeNull();
    expect(asked).toEqual([]);
  });

  test('asked again for each view on screen; an answer meant for the connection just left is never shown', async () => {
    const pending: Array<(a: BalanceAnswer) => void> = [];
    window.keyviz = fakeBridge({ balance: () => new Promise((r) => pending.push(r as (a: unknown) => void)) });
    show(REPLAY, 'old');
    await ui.render(<BalancePanel />);
    await flush();
    expect(pending).toHaveLength(1);
    show(LIVE, 'new');
    await flush();
    expect(pending).toHaveLength(2);
    // The old connection's answer arrives last: it is not the new one's.
    await act(async () => { pending[1]!({ state: 'unavailable', why: { reason: 'nothing-on-screen' } }); });
    await act(async () => { pending[0]!({ state: 'balance', balance: RECORDED }); });
    expect(text('.balance-summary')).toEqual([unavailableText({ reason: 'nothing-on-screen' })]);
    // A refresh (a new view of the same connection) asks again.
    show(LIVE, 'new');
    await flush();
    expect(pending).toHaveLength(3);
    await act(async () => { pending[2]!({ state: 'balance', balance: RECORDED }); });
    expect(text('.balance-summary')[0]).toMatch(/^busiest node n3 carries 1\.33×/);
  });
});

describe('the Balance panel never shows figures that are not the answer', () => {
  test('a failure after an answer: the figures go, the failure is said', async () => {
    let fail = false;
    window.keyviz = fakeBridge({ balance: () => (fail ? Promise.reject(new Error('boom')) : Promise.resolve({ state: 'balance', balance: RECORDED })) });
    show(LIVE);
    await ui.render(<BalancePanel />);
    await flush();
    await ui.click('▸ Balance');
    expect(ui.container.querySelector('table')).not.toBeNull();
    fail = true;
    await act(async () => { show(LIVE); });
    await flush();
    expect(text('.balance-summary')[0]).toMatch(/^cannot say: /);
    expect(ui.container.querySelector('table')).toBeNull();
  });

  test('a new round: the last round\'s figures stay drawn but marked stale until its own answer lands', async () => {
    const pending: Array<(a: BalanceAnswer) => void> = [];
    window.keyviz = fakeBridge({ balance: () => new Promise((r) => pending.push(r as (a: unknown) => void)) });
    show(LIVE);
    await ui.render(<BalancePanel />);
    await flush();
    await act(async () => { pending[0]!({ state: 'balance', balance: RECORDED }); });
    await ui.click('▸ Balance');
    const panel = (): Element => ui.container.querySelector('section.balance')!;
    expect(panel().getAttribute('data-stale')).toBeNull();
    await act(async () => { useAppStore.setState({ view: { ...useAppStore.getState().view!, matrixId: 2 } }); });
    await flush();
    expect(pending).toHaveLength(2);
    expect(text('.balance-summary')).toEqual(['weighing…']);
    expect(panel().getAttribute('data-stale')).toBe('true');
    expect(panel().getAttribute('data-imbalance')).toBeNull();
    await act(async () => { pending[1]!({ state: 'balance', balance: RECORDED }); });
    expect(panel().getAttribute('data-stale')).toBeNull();
    expect(text('.balance-summary')[0]).toMatch(/^busiest node n3/);
  });
});

describe('the chart\'s binning and the panel\'s words', () => {
  test('windows binned into pixel columns: summed when there are more windows, spread when fewer; no column adds nothing', () => {
    // 4 windows × 2 nodes into 2 columns: windows 0-1 and 2-3 summed.
    expect([...binShares(Float64Array.from([1, 2, 3, NaN, 5, 6, 7, 8]), 4, 2, 2)]).toEqual([4, 2, 12, 14]);
    // 2 windows into 4 columns: each window over two.
    expect([...binShares(Float64Array.from([1, 2, 3, 4]), 2, 2, 4)]).toEqual([1, 2, 1, 2, 3, 4, 3, 4]);
    expect(windowAt(0, 100, 1440)).toBe(0);
    expect(windowAt(99.99, 100, 1440)).toBe(1439);
    expect(windowAt(100, 100, 1440)).toBeNull();
  });

  test('the sentences: no traffic, one node, no move, each reason', () => {
    const name = (i: number) => RECORDED.nodes[i]!.nodeId!;
    expect(imbalanceSentence({ ...RECORDED, imbalance: null, busiest: null }, name)).toBe('no writes counted in this window: nothing to weigh');
    expect(imbalanceSentence({ ...RECORDED, nodes: RECORDED.nodes.slice(0, 1), busiest: 0, imbalance: 1 }, name)).toMatch(/^only n1 answered: it carries all/);
    expect(moveSentence(RECORDED.whatIf[0]!, RECORDED, name)).toMatch(/^Moving group 2's leadership from n3 to n2 would change the imbalance from 1\.33 to 1\.27/);
    expect(noMoveSentence({ ...RECORDED, whatIf: [] })).toBe('No single leadership move would lower the imbalance.');
    expect(unavailableText({ reason: 'comparison' })).toMatch(/open either side to see its balance/);
    expect(unavailableText({ reason: 'refused', message: 'mixed series' })).toBe('The nodes\' answers cannot be weighed: mixed series');
  });
});
