// Which Raft groups' counts a degraded round lacks. A node that did not answer takes with it the
// writes (and Redis reads) of the groups it led; the answering nodes show which those were:
// GET /cluster names the leaders (and, by elimination, a silent node's node_id), and their
// identity arrays show when each group's counts begin. A group no answering node counted in the
// first part of the window, while others were counted, was led then by a node that did not answer.
import { groupActivity, type MergeResult } from '../merge';
import type { MatrixQuery } from './node-fetch';
import type { NodeIdentity } from './identity';
import type { MissingTraffic } from '../../../shared/missing';

/** Columns a group may start after the others before its start counts as a gap (sparse traffic). */
const LATE_SLOTS = 2;

export function missingTraffic(series: MatrixQuery['series'], answered: readonly boolean[], nodeNames: readonly string[],
  merge: MergeResult | null, current: ReadonlyArray<NodeIdentity | undefined>, known: ReadonlyArray<NodeIdentity | undefined>):
  MissingTraffic | null {
  const failed = answered.flatMap((ok, i) => (ok ? [] : [i]));
  if (failed.length === 0) return null;
  const okNodes = answered.flatMap((ok, i) => (ok ? [i] : []));
  const okIds = new Set(okNodes.map((i) => (current[i] ?? known[i])?.nodeId).filter((x): x is string => !!x));
  const nodes = failed.map((i) => ({ node: nodeNames[i]!, nodeId: known[i]?.nodeId ?? current[i]?.nodeId ?? null }));
  // One silent node without a known id: the one member no answering node is.
  const members = new Set<string>();
  for (const i of okNodes) for (const g of current[i]?.groups ?? []) for (const m of g.members) members.add(m);
  const unnamed = nodes.filter((n) => n.nodeId === null);
  const candidates = [...members].filter((m) => !okIds.has(m) && !nodes.some((n) => n.nodeId === m));
  if (unnamed.length === 1 && candidates.length === 1) unnamed[0]!.nodeId = candidates[0]!;
  const silent = new Set(nodes.map((n) => n.nodeId).filter((x): x is string => !!x));

  const leaderOf = new Map<number, string>();
  for (const i of okNodes) for (const g of current[i]?.groups ?? []) if (g.leaderId && !leaderOf.has(g.groupId)) leaderOf.set(g.groupId, g.leaderId);
  const activity = merge ? merge.activity ?? groupActivity(merge.inputs, merge.matrix) : [];
  const columns = merge?.matrix.columns ?? new Float64Array(0);
  const okInputNode = okNodes; // merge.inputs are the answering nodes, in configured order
  let firstTraffic = Infinity;
  for (const a of activity) for (const { slots } of a.values()) if (slots.length > 0) firstTraffic = Math.min(firstTraffic, slots[0]!);

  const groups = new Set<number>([...leaderOf.keys()]);
  for (const a of activity) for (const g of a.keys()) groups.add(g);
  for (const i of failed) for (const g of known[i]?.groups ?? []) if (g.isLeader) groups.add(g.groupId);
  const out: MissingTraffic['groups'] = [];
  for (const g of [...groups].sort((a, b) => a - b)) {
    const leader = leaderOf.get(g) ?? null;
    let earliest = Infinity;
    let by = -1;
    activity.forEach((a, k) => {
      const s = a.get(g)?.slots[0];
      if (s !== undefined && s < earliest) { earliest = s; by = k; }
    });
    const ledBySilent = (leader !== null && silent.has(leader))
      || failed.some((i) => known[i]?.groups?.some((x) => x.groupId === g && x.isLeader));
    if (earliest === Infinity) {
      if (ledBySilent) out.push({ group: g, untilMs: null, leader, term: null });
      continue;
    }
    if (leader !== null && silent.has(leader)) {
      out.push({ group: g, untilMs: null, leader, term: null });
    } else if (earliest - firstTraffic >= LATE_SLOTS) {
      const act = activity[by]!.get(g)!;
      const nodeIndex = okInputNode[by]!;
      out.push({ group: g, untilMs: columns[earliest]!, leader: leader ?? (current[nodeIndex] ?? known[nodeIndex])?.nodeId ?? nodeNames[nodeIndex]!,
        term: act.terms[0] ?? null });
    }
  }
  return { series, nodes, groups: out };
}
