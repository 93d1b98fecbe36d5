// Who counted each Raft group's writes, and when: elastickv counts a write only on its group's
// leader, so the nodes' identity arrays (group, term per cell) tell leadership over the window.
// Used for leadership-change events, for the cell detail of a slot two leaders share, and to
// tell an expected missing row (a node that did not lead the route's group) from a suspect one.
import type { MergedMatrix, NodeMatrix } from './types';

/** Per input: group → the merged columns (ascending) where it counted that group, and its largest term there. */
export type GroupActivity = Array<Map<number, { slots: number[]; terms: number[] }>>;

/** `inputs` as merged (after alignment): their columns are among the merged columns. */
export function groupActivity(inputs: readonly NodeMatrix[], merged: MergedMatrix): GroupActivity {
  const at = new Map<number, number>();
  merged.columns.forEach((c, j) => at.set(c, j));
  return inputs.map((m) => {
    const cols = Int32Array.from(m.columns, (c) => at.get(c) ?? -1);
    // Dense per group first (a row per group over the merged columns), then compacted.
    const dense = new Map<number, Float64Array>();
    for (const row of m.rows) {
      if (!row.groups) continue;
      const n = Math.min(row.values.length, row.groups.length, cols.length);
      for (let i = 0; i < n; i++) {
        const g = row.groups[i]!;
        if (row.values[i] === 0 || g === 0 || cols[i]! < 0) continue;
        let d = dense.get(g);
        if (!d) dense.set(g, d = new Float64Array(merged.columns.length).fill(-1));
        d[cols[i]!] = Math.max(d[cols[i]!]!, row.terms && i < row.terms.length ? row.terms[i]! : 0);
      }
    }
    const out = new Map<number, { slots: number[]; terms: number[] }>();
    for (const [g, d] of dense) {
      const slots: number[] = [];
      const terms: number[] = [];
      d.forEach((t, j) => { if (t >= 0) { slots.push(j); terms.push(t); } });
      out.set(g, { slots, terms });
    }
    return out;
  });
}

export interface LeadershipEvent {
  group: number;
  /** Merged column (slot) where the new leader's counts begin. */
  column: number;
  /** Inputs by position (only nodes that answered can be named). */
  from: number;
  to: number;
  fromTerm: number;
  toTerm: number;
  /** Rows where both counted writes in that slot, with each one's count. */
  cells: Array<{ bucketId: string; fromCount: number; toCount: number }>;
}

/** Order of leaders in one slot: who led first (earlier first count), then who goes on longer. */
export function leaderOrder(activity: GroupActivity, group: number, nodes: readonly number[]): number[] {
  const span = (n: number): [number, number] => {
    const s = activity[n]?.get(group)?.slots;
    return s && s.length > 0 ? [s[0]!, s.at(-1)!] : [Infinity, -Infinity];
  };
  return [...nodes].sort((a, b) => span(a)[0] - span(b)[0] || span(a)[1] - span(b)[1] || a - b);
}

/** Leadership changes kept (the latest): a hostile or pathological window could hold one per cell. */
export const MAX_EVENTS = 1000;
/** Rows named per change (where both leaders counted in its slot). */
export const MAX_EVENT_CELLS = 32;

/**
 * Every change of a group's leader (or of its term) in the window, from the nodes' own counts
 * (the latest MAX_EVENTS; `omitted` says how many earlier ones were left out). The leader of a
 * slot is the node with the highest term there, ties to the one that goes on counting longer
 * (the old leader's lagging label and the new leader's share a slot).
 */
export function leadershipEvents(inputs: readonly NodeMatrix[], merged: MergedMatrix, activity: GroupActivity):
  { events: LeadershipEvent[]; omitted: number } {
  const groups = new Set<number>();
  for (const a of activity) for (const g of a.keys()) groups.add(g);
  // Found once: each input's row by bucket and its column for each slot, and the rows two leaders share per slot.
  const at = new Map<number, number>();
  merged.columns.forEach((c, j) => at.set(c, j));
  const colOf = inputs.map((m) => {
    const inv = new Int32Array(merged.columns.length).fill(-1);
    m.columns.forEach((c, i) => { const j = at.get(c); if (j !== undefined && inv[j] === -1) inv[j] = i; });
    return inv;
  });
  const rowOf = inputs.map((m) => new Map(m.rows.map((r) => [r.bucketId, r])));
  // slot × group → rows two leaders share there (by the cell's group)
  const shared = new Map<number, string[]>();
  const W = merged.columns.length;
  for (const row of merged.rows) {
    if (!row.handovers) continue;
    row.handovers.forEach((h, j) => {
      if (!h) return;
      const key = (row.groups?.[j] ?? 0) * W + j;
      (shared.get(key) ?? shared.set(key, []).get(key)!).push(row.bucketId);
    });
  }
  const countAt = (input: number, bucketId: string, j: number): number => {
    const i = colOf[input]![j]!;
    const row = rowOf[input]!.get(bucketId);
    return i < 0 || !row || i >= row.values.length ? 0 : row.values[i]!;
  };

  const events: LeadershipEvent[] = [];
  const mask = new Uint32Array(W); // bit k: input k counted the group in that slot (inputs ≤ 32 here)
  const top = new Float64Array(W);
  for (const g of [...groups].sort((a, b) => a - b)) {
    mask.fill(0);
    top.fill(0);
    // Who led first, then who goes on longer: [first slot, last slot] of each input's counts.
    const spans = activity.map((a) => {
      const s = a.get(g)?.slots;
      return s && s.length > 0 ? [s[0]!, s.at(-1)!] as const : null;
    });
    activity.forEach((a, input) => {
      const act = a.get(g);
      if (!act || input >= 32) return;
      act.slots.forEach((j, k) => { mask[j]! |= 1 << input; top[j] = Math.max(top[j]!, act.terms[k]!); });
    });
    let current: [number, number] | null = null;
    for (let j = 0; j < W; j++) {
      const here = mask[j]!;
      if (here === 0) continue;
      let lead = -1;
      for (let k = 0; k < activity.length && k < 32; k++) {
        if (!(here & (1 << k))) continue;
        const a = spans[k]!;
        const b = lead < 0 ? null : spans[lead]!;
        if (!b || a[0] > b[0] || (a[0] === b[0] && a[1] >= b[1])) lead = k;
      }
      const term = top[j]!;
      if (current && (current[0] !== lead || current[1] < term)) {
        const from: number = current[0];
        const cells: LeadershipEvent['cells'] = [];
        if (from !== lead && (here & (1 << from))) {
          for (const bucketId of shared.get(g * W + j) ?? []) {
            const fromCount = countAt(from, bucketId, j);
            const toCount = countAt(lead, bucketId, j);
            if (fromCount > 0 && toCount > 0) cells.push({ bucketId, fromCount, toCount });
            if (cells.length >= MAX_EVENT_CELLS) break;
          }
        }
        events.push({ group: g, column: j, from, to: lead, fromTerm: current[1], toTerm: term, cells });
      }
      if (!current || current[0] !== lead || current[1] < term) current = [lead, term];
    }
  }
  events.sort((a, b) => a.column - b.column || a.group - b.group);
  const omitted = Math.max(0, events.length - MAX_EVENTS);
  return { events: omitted > 0 ? events.slice(omitted) : events, omitted };
}
