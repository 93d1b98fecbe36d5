// One merged cell and what each node said about it: the detail only a client holding every
// node's answer can give (who contributed what, who disagreed, who had no data).
import { isWriteSeries } from './canonical';
import type { MergeResult } from './index';
import { leaderOrder, reportersAt } from './leadership';
import type { CellDetail, NodeCell } from '../../../shared/ipc';

// The shapes are the IPC contract's (defined once, with their meaning there).
export type { CellDetail, NodeCell } from '../../../shared/ipc';

function leadershipChangeOf(r: MergeResult, nodes: readonly NodeCell[], slot: number, name: (source: string) => string): CellDetail['leadershipChange'] {
  const counted = nodes.map((n, i) => ({ n, i })).filter(({ n }) => n.present && n.value > 0 && n.group !== 0);
  for (const { n } of counted) {
    const same = counted.filter((c) => c.n.group === n.group);
    if (same.length < 2) continue;
    const order = r.activity ? leaderOrder(reportersAt(r.activity, n.group, slot, same.map((c) => c.i))).map((x) => x.input) : same.map((c) => c.i);
    if (order.length < 2) continue;
    const from = nodes[order[0]!]!;
    const to = nodes[order.at(-1)!]!;
    const terms = from.term === to.term ? `both still labelled term ${to.term}: the term is published on its own timer, so one label lagged`
      : `terms ${from.term} and ${to.term}`;
    return {
      group: n.group, from, to,
      text: `Leadership of Raft group ${n.group} moved from ${name(from.source)} to ${name(to.source)} in this time slot. Both counted writes here `
        + `(${from.value} + ${to.value}${same.length > 2 ? ' + …' : ''}), ${terms}. Each write is counted on one node only, so they are added.`,
    };
  }
  return null;
}

/** A configured node as its round saw it: its address, its node_id where known, why it gave no matrix (null: it answered). */
export interface RosterNode { source: string; nodeId: string | null; noAnswer: string | null }

/**
 * `roster`: every configured node of the round, in configured order. The detail then lists each
 * one, a node that did not answer as such (never silently left out), and names nodes by node_id.
 */
/**
 * Where column `col`'s window starts. elastickv stamps a column with its flush, which closes the
 * window opened by the flush before: the previous column's time; for the first column, one step
 * (the next column's distance) back; nothing to go by for a lone column.
 */
export function windowStart(columns: ArrayLike<number>, col: number): number | null {
  if (col > 0) return columns[col - 1]!;
  return columns.length > 1 ? 2 * columns[0]! - columns[1]! : null;
}

export function cellDetail(r: MergeResult, row: number, col: number, roster: readonly RosterNode[] = []): CellDetail | null {
  const m = r.matrix;
  const mr = m.rows[row];
  if (!mr || col < 0 || col >= m.columns.length) return null;
  const ts = m.columns[col]!;
  const known = new Map(roster.map((n) => [n.source, n]));
  const name = (source: string): string => known.get(source)?.nodeId ?? source;
  const nodes: NodeCell[] = r.inputs.map((input) => {
    const i = input.columns.indexOf(ts);
    const nr = input.rows.find((x) => x.bucketId === mr.bucketId);
    const present = i >= 0 && nr !== undefined && i < nr.values.length;
    return {
      source: input.source, present, disagreed: false,
      value: present ? nr!.values[i]! : 0,
      group: present && nr!.groups && i < nr!.groups.length ? nr!.groups[i]! : 0,
      term: present && nr!.terms && i < nr!.terms.length ? nr!.terms[i]! : 0,
      nodeId: known.get(input.source)?.nodeId ?? null, noAnswer: null,
    };
  });
  const conflict = mr.conflicts?.[col] === 1;
  let explanation: string | null = null;
  if (conflict && isWriteSeries(m.series)) {
    const nonZero = nodes.filter((n) => n.present && n.value > 0);
    if (nonZero.some((n) => n.group === 0 || n.term === 0)) {
      // Legacy fallback: a contributor without identity; every differing non-zero value disagrees.
      for (const n of nonZero) n.disagreed = true;
      explanation = 'A node reported this cell without a Raft group and term, so the nodes\' values cannot be told apart '
        + 'by leadership and they differ: elastickv keeps the largest (legacy max-merge).';
    } else {
      const byKey = new Map<string, NodeCell[]>();
      for (const n of nonZero) byKey.set(`${n.group}/${n.term}`, [...(byKey.get(`${n.group}/${n.term}`) ?? []), n]);
      const split = [...byKey.values()].filter((list) => new Set(list.map((n) => n.value)).size > 1);
      for (const list of split) for (const n of list) n.disagreed = true;
      const first = split[0]?.[0];
      explanation = first
        ? `Nodes reported different counts for Raft group ${first.group} under one leader term (${first.term}), which only one `
          + 'leader can have counted: usually the old and the new leader overlapping in the column of a leadership change. '
          + 'elastickv keeps the largest.'
        : 'The nodes disagreed on this cell.';
    }
  }
  return {
    bucketId: mr.bucketId, columnMs: ts, windowStartMs: windowStart(m.columns, col),
    value: mr.values[col] ?? 0, group: mr.groups?.[col] ?? 0, term: mr.terms?.[col] ?? 0,
    conflict, explanation, leadershipChange: mr.handovers?.[col] === 1 ? leadershipChangeOf(r, nodes, col, name) : null,
    nodes: inRosterOrder(nodes, roster),
  };
}

/** The answering nodes' cells among every configured node's, in configured order; silent ones say why. */
function inRosterOrder(answered: readonly NodeCell[], roster: readonly RosterNode[]): NodeCell[] {
  if (roster.length === 0) return [...answered];
  const bySource = new Map(answered.map((n) => [n.source, n]));
  const listed = roster.map((n): NodeCell => bySource.get(n.source) ?? {
    source: n.source, nodeId: n.nodeId, present: false, value: 0, group: 0, term: 0, disagreed: false, noAnswer: n.noAnswer ?? 'no matrix this round',
  });
  // An input the roster does not name (it should not happen) is still shown, never dropped.
  const named = new Set(roster.map((n) => n.source));
  return [...listed, ...answered.filter((n) => !named.has(n.source))];
}
