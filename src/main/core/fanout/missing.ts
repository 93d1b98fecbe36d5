// Which Raft groups' counts a degraded round lacks. A node that did not answer takes with it the
// writes (and Redis reads) of the groups it led; the answering nodes show which those were:
// GET /cluster names the leaders (and, by elimination, a silent node's node_id), and their
// identity arrays show when each group was counted. A stretch of the window in which no answering
// node counted a group, while others were counted, was led by a node that did not answer: at the
// window's start, in the middle when the term moved by two or more across it (a leader in
// between) or the group is busy otherwise, or at the end when GET /cluster names a silent node as
// its leader.
import { groupActivity, type MergeResult } from '../merge';
import type { MatrixQuery } from './node-fetch';
import type { NodeIdentity } from './identity';
import type { MissingTraffic } from '../../../shared/missing';

/** Columns without a group's counts that are a gap, not sparse traffic. */
const LATE_SLOTS = 2;
/** A busy group misses at most this share of the columns between its long gaps… */
const QUIET_SHARE = 0.1;
/** … and has at most this many long gaps (more: bursty traffic, where a gap tells nothing)… */
const MAX_GAPS = 3;
/** … and this many counted columns per stretch, on average (fewer: sporadic writes). */
const MIN_STRETCH = 5;
/** Missing stretches named (the rest counted). */
const MAX_SPANS = 24;

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
  let firstTraffic = Infinity;
  let lastTraffic = -Infinity;
  for (const a of activity) {
    for (const { slots } of a.values()) {
      if (slots.length === 0) continue;
      firstTraffic = Math.min(firstTraffic, slots[0]!);
      lastTraffic = Math.max(lastTraffic, slots.at(-1)!);
    }
  }

  // Something was counted in slots [from, to) (in a group's own gap, that is another group): the
  // cluster was busy then, not idle. Prefix sums over the slots any group was counted in.
  const any = new Uint8Array(columns.length);
  for (const a of activity) for (const { slots } of a.values()) for (const j of slots) any[j] = 1;
  const before = new Uint32Array(columns.length + 1);
  for (let j = 0; j < columns.length; j++) before[j + 1] = before[j]! + any[j]!;
  const countedIn = (from: number, to: number): boolean => before[to]! - before[from]! > 0;
  const groups = new Set<number>([...leaderOf.keys()]);
  for (const a of activity) for (const g of a.keys()) groups.add(g);
  for (const i of failed) for (const g of known[i]?.groups ?? []) if (g.isLeader) groups.add(g.groupId);
  const out: MissingTraffic['groups'] = [];
  let more = 0;
  const add = (span: MissingTraffic['groups'][number]): void => { if (out.length < MAX_SPANS) out.push(span); else more++; };
  for (const g of [...groups].sort((a, b) => a - b)) {
    const leader = leaderOf.get(g) ?? null;
    // This round's GET /cluster wins over a silent node's older word about itself.
    const ledBySilentNow = leader !== null ? silent.has(leader)
      : failed.some((i) => known[i]?.groups?.some((x) => x.groupId === g && x.isLeader));
    // Every slot an answering node counted the group in, with the largest term there (a k-way merge).
    const seen = new Map<number, number>();
    for (const a of activity) {
      const act = a.get(g);
      act?.slots.forEach((j, k) => seen.set(j, Math.max(seen.get(j) ?? 0, act.terms[k]!)));
    }
    const slots = [...seen.keys()].sort((a, b) => a - b);
    if (slots.length === 0) {
      if (ledBySilentNow) add({ group: g, fromMs: null, untilMs: null, leader, term: null });
      continue;
    }
    let small = 0;
    let big = 0;
    for (let k = 1; k < slots.length; k++) {
      const gap = slots[k]! - slots[k - 1]! - 1;
      if (gap >= LATE_SLOTS) big++;
      else small += gap;
    }
    // Busy: counted in nearly every column of a few long stretches (not sporadic, not bursty,
    // not quiet): a long gap in it is a leader that did not answer, not a pause in its traffic.
    const busy = small / (slots.length + small) <= QUIET_SHARE && big <= MAX_GAPS && slots.length / (big + 1) >= MIN_STRETCH;
    // Before its first count, while other groups were counted: led then by a node that did not answer.
    if (slots[0]! - firstTraffic >= LATE_SLOTS && busy) add({ group: g, fromMs: null, untilMs: columns[slots[0]!]!, leader, term: seen.get(slots[0]!)! });
    // A stretch nobody answering counted, while other groups were: a leader in between, when the
    // term moved by two or more across it, or when the group is busy (term labels can lag or lead
    // by one around a hand-over, so a busy group's gap alone tells it).
    for (let k = 1; k < slots.length; k++) {
      const a = slots[k - 1]!;
      const b = slots[k]!;
      if (b - a - 1 >= LATE_SLOTS && (busy || seen.get(b)! - seen.get(a)! >= 2) && countedIn(a + 1, b)) {
        add({ group: g, fromMs: columns[a + 1]!, untilMs: columns[b]!, leader: null, term: seen.get(b)! });
      }
    }
    // After its last count, led now by a silent node.
    if (ledBySilentNow && lastTraffic - slots.at(-1)! >= 1) add({ group: g, fromMs: columns[slots.at(-1)! + 1]!, untilMs: null, leader, term: null });
  }
  return { series, nodes, groups: out, more };
}
