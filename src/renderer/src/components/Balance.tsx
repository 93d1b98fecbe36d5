// The Balance panel under the heatmap (docs/balance.md): which node carries the traffic of the view
// on screen. Collapsed, one line says the imbalance in words; open, each node's total and share (its
// colour as in the node strip), the groups it leads and what they carried, its share per time
// window (a canvas: a day is 1440 windows), and the best leadership moves as the estimates they are.
// Main weighs the round once; this asks again whenever the view on screen changes.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { BalanceView, TimeSpan } from '../../../shared/ipc';
import { binShares, drawShares, windowAt } from '../balance-chart';
import { amount, ESTIMATE, figure, imbalanceSentence, moveSentence, noMoveSentence, percent, seriesWords, spanWords, unavailableText } from '../balance-words';
import { nodeColorOf } from '../node-colors';
import { nodeName } from '../node-names';
import { spanKey, useShownSpan } from '../shown-span';
import { useAppStore } from '../store';

const minutes = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
const seconds = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
/** A window's time, to the second when the windows are shorter than a minute (else two would read alike). */
const timeOf = (b: BalanceView) => (ms: number): string => (!Number.isFinite(new Date(ms).getTime()) ? `${ms} ms`
  : (b.stepMs !== null && b.stepMs < 60_000 ? seconds : minutes).format(new Date(ms)));

/** How long a zoom rests before the balance is weighed for it. */
const ZOOM_SETTLE_MS = 80;

/** The chart's height in CSS px. */
const CHART_PX = 64;

function useNames(b: BalanceView | null): { name: (i: number) => string; color: (i: number) => string } {
  const { identity, nodes } = useAppStore(useShallow((s) => ({ identity: s.identity, nodes: s.connection?.nodes ?? [] })));
  return {
    name: (i) => (b ? nodeName(identity, b.nodes[i]!.node, b.nodes[i]!.nodeId) : ''),
    color: (i) => (b ? nodeColorOf(nodes, b.nodes[i]!.node, i) : 'transparent'),
  };
}

/** What the groups a node leads carried on it (the engine's figure, over every group), in words. */
function ledTraffic(b: BalanceView, i: number): string {
  const n = b.nodes[i]!;
  if (n.leads === null || n.ledTotal === null) return 'unknown (no /cluster)';
  if (n.leads.length === 0) return 'leads none';
  return `${amount(b.series, n.ledTotal)} (${percent(n.total > 0 ? n.ledTotal / n.total : 0)} of its own)`;
}

/** Each group the node counted, busiest first (the tooltip of its Leads cell). */
function groupsTitle(b: BalanceView, i: number): string {
  const n = b.nodes[i]!;
  const listed = n.groups.map((g) => `group ${g.groupId}: ${amount(b.series, g.total)}`);
  return [`${seriesWords(b.series)} it counted per group`, ...listed, ...(n.groupsOmitted > 0 ? [`and ${n.groupsOmitted} more groups`] : []),
    ...(n.ungrouped > 0 ? [`in no group: ${amount(b.series, n.ungrouped)}`] : [])].join('\n');
}

function SharesChart({ b, color, name }: { b: BalanceView; color: (i: number) => string; name: (i: number) => string }): React.JSX.Element {
  const ref = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(0);
  const [hover, setHover] = useState<number | null>(null);
  const n = b.nodes.length;
  const windows = b.windowMs.length;
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return undefined;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    setWidth(el.clientWidth);
    return () => observer.disconnect();
  }, []);
  useEffect(() => {
    const el = ref.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx || width === 0) return;
    const dpr = window.devicePixelRatio || 1;
    el.width = Math.max(1, Math.round(width * dpr));
    el.height = Math.round(CHART_PX * dpr);
    drawShares(ctx, binShares(b.windowTotals, windows, n, el.width), n, el.width, el.height, b.nodes.map((_, i) => color(i)));
    el.dataset.drawn = 'true';
  });
  const w = hover;
  const at = timeOf(b);
  const readout = w === null ? null : `${at(b.windowMs[w]!)}: ${b.nodes.map((_, k) => {
    const t = b.windowTotals[w * n + k]!;
    const sum = b.nodes.reduce((a, _x, j) => a + (Number.isNaN(b.windowTotals[w * n + j]!) ? 0 : b.windowTotals[w * n + j]!), 0);
    return `${name(k)} ${Number.isNaN(t) ? 'no column' : percent(sum > 0 ? t / sum : 0)}`;
  }).join(' · ')}${Number.isNaN(b.windowImbalance[w]!) ? '' : ` · imbalance ${figure(b.windowImbalance[w]!)}`}`;
  return (
    <figure className="balance-chart">
      <canvas ref={ref} style={{ height: CHART_PX }} role="img" data-windows={windows}
        aria-label={`Each node's share of the ${seriesWords(b.series)} per time window (${windows} windows), node ${name(0)} at the bottom; dashed lines mark the even split`}
        onMouseMove={(e) => setHover(windowAt(e.nativeEvent.offsetX, e.currentTarget.clientWidth, windows))}
        onMouseLeave={() => setHover(null)} />
      <figcaption>
        {windows === 0 ? 'no time windows to show' : readout ?? <>
          <span>{at(b.windowMs[0]!)}</span><span className="middle">each node&apos;s share per window{b.stepMs ? ` (${Math.round(b.stepMs / 1000)} s)` : ''}</span>
          <span>{at(b.windowMs[windows - 1]!)}</span></>}
      </figcaption>
    </figure>
  );
}

function Figures({ b }: { b: BalanceView }): React.JSX.Element {
  const { name, color } = useNames(b);
  const noMove = noMoveSentence(b);
  return (
    <div className="balance-body" id="balance-body">
      <table className="balance-nodes" aria-label="Load per node">
        <thead><tr><th>Node</th><th>{seriesWords(b.series)}</th><th>Share</th><th>Leads</th><th>Its led groups carried</th></tr></thead>
        <tbody>
          {b.nodes.map((x, i) => (
            <tr key={x.node} data-node={x.node} data-total={x.total} data-share={x.share} data-busiest={b.busiest === i ? 'true' : undefined}>
              <th scope="row" title={x.node}><span className="swatch" style={{ background: color(i) }} aria-hidden="true" />{name(i)}</th>
              <td className="num">{amount(b.series, x.total)}</td>
              <td className="num">{percent(x.share)}</td>
              <td title={groupsTitle(b, i)}>{x.leads === null ? 'unknown' : x.leads.length === 0 ? 'none' : `group${x.leads.length > 1 ? 's' : ''} ${x.leads.join(', ')}`}</td>
              <td>{ledTraffic(b, i)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <SharesChart b={b} color={color} name={name} />
      <div className="balance-moves" aria-label="What-if for leadership">
        {b.whatIf.length > 0 ? (
          <ul>{b.whatIf.map((m) => <li key={`${m.groupId}:${m.from}:${m.to}`} data-group={m.groupId} data-after={m.imbalanceAfter}>
            {moveSentence(m, b, name)} — {ESTIMATE}.</li>)}</ul>
        ) : noMove && <p>{noMove}</p>}
      </div>
      {(b.failed.length > 0 || b.leftOut.length > 0 || b.notes.length > 0) && (
        <ul className="balance-notes">
          {b.failed.length > 0 && <li>Over the {b.nodes.length} node(s) that answered: {b.failed.map((f) => f.node).join(', ')} gave nothing.</li>}
          {b.leftOut.map((l) => <li key={l.node}>{l.node} is the same node as {l.duplicateOf}: counted once.</li>)}
          {b.notes.map((t) => <li key={t}>{t}</li>)}
        </ul>
      )}
    </div>
  );
}

export function BalancePanel(): React.JSX.Element | null {
  const { connection, view, balance, error, open, loadBalance, setOpen } = useAppStore(useShallow((s) => ({ connection: s.connection, view: s.view,
    balance: s.balance, error: s.balanceError, open: s.balanceOpen, loadBalance: s.loadBalance, setOpen: s.setBalanceOpen })));
  const can = connection?.can.balance === true;
  const span = useShownSpan();
  // Each view on screen (a refresh, a frame, another file) and each zoom is weighed again by main,
  // once; a zoom gesture's steps are let settle first (each weighing is linear in the cells).
  const asked = useRef<{ view: unknown; span: TimeSpan | null } | null>(null);
  useEffect(() => {
    if (!can || !view) return undefined;
    const ask = (): void => { asked.current = { view, span }; void loadBalance(span); };
    if (asked.current?.view !== view) { ask(); return undefined; }
    const t = setTimeout(ask, ZOOM_SETTLE_MS);
    return () => clearTimeout(t);
  }, [can, view, span, loadBalance]);
  // The answer for what is on screen now (this connection, this round, this zoom); one for an
  // earlier round or zoom of this connection stays drawn, dimmed and marked, until it comes (the
  // panel keeps its height, so the heatmap does not jump while a zoom is weighed).
  const ours = balance && balance.connectionId === connection?.id ? balance : null;
  const current = ours !== null && ours.matrixId === (view?.matrixId ?? null) && ours.span === spanKey(span);
  const mine = current ? ours.answer : null;
  const b = ours?.answer.state === 'balance' ? ours.answer.balance : null;
  const { name } = useNames(b);
  if (!connection || !can) return null;
  const failure = error?.connectionId === connection.id ? error.text : null;
  const summary = failure ? `cannot say: ${failure}` : !mine ? 'weighing…'
    : mine.state === 'unavailable' ? unavailableText(mine.why) : `${spanWords(mine.balance, timeOf(mine.balance))}${imbalanceSentence(mine.balance, name)}`;
  return (
    <section className="balance" aria-label="Balance" data-open={open} data-imbalance={current ? b?.imbalance ?? undefined : undefined}
      data-span={current && b?.span ? spanKey(b.span) : undefined} data-stale={b && !current ? 'true' : undefined}>
      <div className="balance-bar">
        <button type="button" aria-expanded={open} aria-controls="balance-body" onClick={() => setOpen(!open)}
          title={b ? b.definition : 'which node carries the traffic'}>{open ? '▾' : '▸'} Balance</button>
        <span className="balance-summary" role="status" title={b?.definition}>{summary}</span>
      </div>
      {open && b && !failure && <Figures b={b} />}
    </section>
  );
}
