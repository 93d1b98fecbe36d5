// The balance as JSON (the CLI's answer): snake_case like the wire, nodes by name, each figure a
// finite number (a number JSON cannot read back is refused, never written). Written in pieces: the
// per-window table can be long.
import { jsonNumber } from '../merge/serialize';
import { IMBALANCE_DEFINITION } from './imbalance';
import type { Balance, Move, NodeBalance, WindowBalance } from './types';

export const WHAT_IF_NOTE = 'an estimate from this window\'s counts: what "from" counted of the group (it leads the group now, when '
  + 'its /cluster is known) is taken to land on "to" (a leader counts its group\'s writes, and for Redis its reads); follower '
  + 'reads and any change in the traffic itself are not modelled. Nothing is moved: the tool is read-only';

const num = (v: number | null): string => (v === null ? 'null' : jsonNumber(v));
const str = (s: string): string => JSON.stringify(s);
/** Windows per piece handed to the sink. */
const WINDOWS_PER_PIECE = 4096;

function nodeJson(n: NodeBalance): string {
  return `{"node":${str(n.node)}${n.nodeId !== null ? `,"node_id":${str(n.nodeId)}` : ''},"total":${num(n.total)},"share":${num(n.share)}`
    + `,"leads":${n.leads === null ? 'null' : `[${n.leads.map(num).join(',')}]`},"led_total":${num(n.ledTotal)}`
    + `,"groups":[${n.groups.map((g) => `{"group_id":${num(g.groupId)},"total":${num(g.total)}}`).join(',')}]`
    + `${n.groupsOmitted > 0 ? `,"groups_omitted":${n.groupsOmitted}` : ''},"ungrouped":${num(n.ungrouped)}}`;
}

function moveJson(m: Move, names: readonly string[]): string {
  return `{"group_id":${num(m.groupId)},"from":${str(names[m.from]!)},"to":${str(names[m.to]!)},"moved":${num(m.moved)}`
    + `,"imbalance_before":${num(m.imbalanceBefore)},"imbalance_after":${num(m.imbalanceAfter)}}`;
}

function windowJson(w: WindowBalance, names: readonly string[]): string {
  return `{"column_unix_ms":${num(w.columnMs)},"totals":[${w.totals.map(num).join(',')}],"imbalance":${num(w.imbalance)}`
    + `,"busiest":${w.busiest === null ? 'null' : str(names[w.busiest]!)}}`;
}

/** What a round adds: its outcome and the nodes that did not answer (the figures are over the others). */
export interface RoundFacts { outcome: string; failed: Array<{ node: string; error: string }> }

export function balanceJson(b: Balance, sink: (text: string) => void, round?: RoundFacts): void {
  const names = b.nodes.map((n) => n.node);
  sink(`{"series":${str(b.series)},${round ? `"outcome":${str(round.outcome)},` : ''}"imbalance":${num(b.imbalance)},"busiest":${b.busiest === null ? 'null' : str(names[b.busiest]!)}`
    + `,"imbalance_definition":${str(IMBALANCE_DEFINITION)},"total":${num(b.total)}`
    + `,"nodes":[${b.nodes.map(nodeJson).join(',')}]`
    + `,"what_if":[${b.whatIf.map((m) => moveJson(m, names)).join(',')}],"what_if_note":${str(WHAT_IF_NOTE)}`
    + `,"membership_known":${b.membershipKnown},"step_ms":${num(b.stepMs)},"windows":[`);
  for (let i = 0; i < b.windows.length; i += WINDOWS_PER_PIECE) {
    sink(`${i > 0 ? ',' : ''}${b.windows.slice(i, i + WINDOWS_PER_PIECE).map((w) => windowJson(w, names)).join(',')}`);
  }
  sink(`],"left_out":${JSON.stringify(b.leftOut.map((l) => ({ node: l.node, duplicate_of: l.duplicateOf })))}`
    + `${round ? `,"failed":${JSON.stringify(round.failed)}` : ''},"notes":${JSON.stringify(b.notes)}}`);
}
