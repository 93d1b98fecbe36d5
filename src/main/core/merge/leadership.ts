// Who counted each Raft group's writes, and when: elastickv counts a write only on its group's
// leader, so the nodes' identity arrays (group, term per cell) tell leadership over the window.
// Used for leadership-change events, for the cell detail of a slot two leaders share, and to
// tell an expected missing row (a node that did not lead the route's group) from a suspect one.
// Everything here is linear in the counted cells (sparse: a node may send any group ids).
import type { MergedMatrix, NodeMatrix, NodeRow } from './types';

/** One input's activity for one group: the merged columns (ascending) it counted it in, its largest term there. */
export interface Activity { slots: number[]; terms: number[] }

/** Per input: group → its activity. */
export type GroupActivity = Array<Map<number, Activity>>;

/** Group × column cells an input may spend on dense per-group rows (8 bytes each); past it, sparse. */
const DENSE_CELLS = 8 << 20;

/** `inputs` as merged (after alignment): their columns are among the merged columns. */
export function groupActivity(inputs: readonly NodeMatrix[], merged: MergedMatrix): GroupActivity {
  const at = new Map<number, number>();
  merged.columns.forEach((c, j) => at.set(c, j));
  return inputs.map((m) => {
    const cols = Int32Array.from(m.columns, (c) => at.get(c) ?? -1);
    const own = known.get(m.rows);
    const mapped = own && own.columns === m.columns.length ? inMergedColumns(own, cols) : null;
    if (mapped) return mapped;
    const rows = m.rows.filter((r) => r.groups !== null);
    return denseActivity(rows, cols, merged.columns.length) ?? sparseActivity(rows, cols);
  });
}

/**
 * One input's activity over its own columns (slot = its column index), flat: worked out where the
 * answer was decoded (a parse worker, while other answers still arrive), so the merge only maps it.
 */
export interface OwnActivity {
  /** The input's column count when it was worked out (its rows and cells unchanged since). */
  columns: number;
  groups: Float64Array;
  /** Group k's entries are slots/terms[starts[k] … starts[k + 1]). */
  starts: Uint32Array;
  slots: Uint32Array;
  terms: Float64Array;
}

export function ownActivity(m: NodeMatrix): OwnActivity {
  const n = m.columns.length;
  const cols = new Int32Array(n);
  for (let i = 0; i < n; i++) cols[i] = i;
  const rows = m.rows.filter((r) => r.groups !== null);
  const map = denseActivity(rows, cols, n) ?? sparseActivity(rows, cols);
  let total = 0;
  for (const a of map.values()) total += a.slots.length;
  const out: OwnActivity = { columns: n, groups: new Float64Array(map.size), starts: new Uint32Array(map.size + 1),
    slots: new Uint32Array(total), terms: new Float64Array(total) };
  let k = 0;
  let at = 0;
  for (const [g, a] of map) {
    out.groups[k] = g;
    out.slots.set(a.slots, at);
    out.terms.set(a.terms, at);
    at += a.slots.length;
    out.starts[++k] = at;
  }
  return out;
}

/**
 * Activity worked out for these rows (by identity: rows are never changed in place, and every
 * derived matrix — a window kept, a budget cut, layers — has rows of its own). Alignment keeps
 * an input's rows and relabels its columns one for one, so the activity still holds.
 */
const known = new WeakMap<readonly NodeRow[], OwnActivity>();

export function rememberActivity(m: NodeMatrix, a: OwnActivity): void {
  if (a.columns === m.columns.length) known.set(m.rows, a);
}

/** `own` in merged columns (`cols`: its column → merged column); null when they do not ascend with its columns (worked out afresh). */
function inMergedColumns(own: OwnActivity, cols: Int32Array): Map<number, Activity> | null {
  const out = new Map<number, Activity>();
  for (let k = 0; k < own.groups.length; k++) {
    const a: Activity = { slots: [], terms: [] };
    for (let e = own.starts[k]!; e < own.starts[k + 1]!; e++) {
      const j = cols[own.slots[e]!]!;
      if (j < 0) continue;
      const t = own.terms[e]!;
      const last = a.slots.length - 1;
      if (last >= 0 && a.slots[last]! > j) return null;
      if (last >= 0 && a.slots[last] === j) { if (t > a.terms[last]!) a.terms[last] = t; } else { a.slots.push(j); a.terms.push(t); }
    }
    if (a.slots.length > 0) out.set(own.groups[k]!, a);
  }
  return out;
}

const NO_TERMS = new Float64Array(0);

/**
 * Row by row into one dense row per group (fast: rows are read in order), then compacted; null
 * once the groups' dense rows would pass DENSE_CELLS (a node may send any number of groups).
 */
function denseActivity(rows: readonly NodeRow[], cols: Int32Array, width: number): Map<number, Activity> | null {
  const dense = new Map<number, Float64Array>();
  for (const row of rows) {
    const values = row.values;
    const gs = row.groups!;
    const terms = row.terms ?? NO_TERMS;
    const n = Math.min(values.length, gs.length, cols.length);
    let lastG = 0;
    let d: Float64Array = NO_TERMS;
    for (let i = 0; i < n; i++) {
      const g = gs[i]!;
      const j = cols[i]!;
      if (values[i] === 0 || g === 0 || j < 0) continue;
      if (g !== lastG) {
        let found = dense.get(g);
        if (!found) {
          if ((dense.size + 1) * width > DENSE_CELLS) return null;
          dense.set(g, found = new Float64Array(width).fill(-1));
        }
        d = found;
        lastG = g;
      }
      const t = i < terms.length ? terms[i]! : 0;
      if (t > d[j]!) d[j] = t;
    }
  }
  const out = new Map<number, Activity>();
  for (const [g, d] of dense) {
    const a: Activity = { slots: [], terms: [] };
    for (let j = 0; j < d.length; j++) if (d[j]! >= 0) { a.slots.push(j); a.terms.push(d[j]!); }
    out.set(g, a);
  }
  return out;
}

/** Column by column (the input's columns ascend), so each group's slots come out in order: memory linear in the counts. */
function sparseActivity(rows: readonly NodeRow[], cols: Int32Array): Map<number, Activity> {
  const out = new Map<number, Activity>();
  for (let i = 0; i < cols.length; i++) {
    const j = cols[i]!;
    if (j < 0) continue;
    for (const row of rows) {
      if (i >= row.values.length || i >= row.groups!.length || row.values[i] === 0) continue;
      const g = row.groups![i]!;
      if (g === 0) continue;
      const t = row.terms && i < row.terms.length ? row.terms[i]! : 0;
      let a = out.get(g);
      if (!a) out.set(g, a = { slots: [], terms: [] });
      const last = a.slots.length - 1;
      if (last >= 0 && a.slots[last] === j) { if (t > a.terms[last]!) a.terms[last] = t; } else { a.slots.push(j); a.terms.push(t); }
    }
  }
  return out;
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

/** Leadership changes kept (the latest): a hostile or pathological window could hold one per cell. */
export const MAX_EVENTS = 1000;
/** Rows named per change (where both leaders counted in its slot). */
export const MAX_EVENT_CELLS = 32;
/** Slots a term label can trail a hand-over by (the publisher runs once a step). */
const TERM_LAG_SLOTS = 2;

/** A node counting a group in one slot: its term there, and whether it counted it before and after. */
export interface SlotReporter { input: number; term: number; before: boolean; after: boolean }

/**
 * Old to new: the new leader goes on counting afterwards (labels lag or lead by a term, so the
 * term alone can point the wrong way); then the higher term; then the one that had not counted
 * before.
 */
export function leaderOrder(reporters: readonly SlotReporter[]): SlotReporter[] {
  // Compared field by field, nothing allocated: a window can hold thousands of such slots.
  return [...reporters].sort((a, b) => (a.after ? 1 : 0) - (b.after ? 1 : 0) || a.term - b.term
    || (a.before ? 0 : 1) - (b.before ? 0 : 1) || a.input - b.input);
}

/** The reporters of `group` at slot `j` among `inputs` (from the activity), for leaderOrder. */
export function reportersAt(activity: GroupActivity, group: number, j: number, inputs: readonly number[]): SlotReporter[] {
  return inputs.flatMap((input) => {
    const a = activity[input]?.get(group);
    if (!a) return [];
    const k = a.slots.indexOf(j);
    return k < 0 ? [] : [{ input, term: a.terms[k]!, before: k > 0, after: k < a.slots.length - 1 }];
  });
}

/**
 * Every change of a group's leader (or of its term) in the window, from the nodes' own counts
 * (the latest MAX_EVENTS; `omitted` says how many earlier ones were left out). A slot's leader is
 * the newest by leaderOrder; a term-only change within a couple of slots of a hand-over (a label
 * that lagged or led) is folded into it.
 */
export function leadershipEvents(inputs: readonly NodeMatrix[], merged: MergedMatrix, activity: GroupActivity):
  { events: LeadershipEvent[]; omitted: number } {
  const groups = new Set<number>();
  for (const a of activity) for (const g of a.keys()) groups.add(g);
  const at = new Map<number, number>();
  merged.columns.forEach((c, j) => at.set(c, j));
  const colOf = inputs.map((m) => {
    const inv = new Map<number, number>();
    m.columns.forEach((c, i) => { const j = at.get(c); if (j !== undefined && !inv.has(j)) inv.set(j, i); });
    return inv;
  });
  const rowOf = inputs.map((m) => new Map(m.rows.map((r) => [r.bucketId, r])));
  // group → slot → rows two leaders share there (by the cell's group)
  const shared = new Map<number, Map<number, string[]>>();
  for (const row of merged.rows) {
    const h = row.handovers;
    if (!h) continue;
    for (let j = 0; j < h.length; j++) {
      if (!h[j]) continue;
      const g = row.groups?.[j] ?? 0;
      let bySlot = shared.get(g);
      if (!bySlot) shared.set(g, bySlot = new Map());
      const list = bySlot.get(j);
      if (list) list.push(row.bucketId); else bySlot.set(j, [row.bucketId]);
    }
  }
  const countAt = (input: number, bucketId: string, j: number): number => {
    const i = colOf[input]!.get(j);
    const row = rowOf[input]!.get(bucketId);
    return i === undefined || !row || i >= row.values.length ? 0 : row.values[i]!;
  };

  const events: LeadershipEvent[] = [];
  for (const g of [...groups].sort((a, b) => a - b)) {
    const holders = activity.flatMap((a, input) => { const act = a.get(g); return act ? [{ input, act }] : []; });
    const pos = holders.map(() => 0);
    let current: { input: number; term: number } | null = null;
    let last: LeadershipEvent | null = null; // this group's latest event
    for (;;) {
      // The next slot any node counted the group in (each node's slots ascend: a k-way merge).
      let j = Infinity;
      for (let k = 0; k < holders.length; k++) {
        const slots = holders[k]!.act.slots;
        if (pos[k]! < slots.length && slots[pos[k]!]! < j) j = slots[pos[k]!]!;
      }
      if (j === Infinity) break;
      const here: SlotReporter[] = [];
      for (let k = 0; k < holders.length; k++) {
        const { input, act } = holders[k]!;
        const p = pos[k]!;
        if (p >= act.slots.length || act.slots[p] !== j) continue;
        here.push({ input, term: act.terms[p]!, before: p > 0, after: p < act.slots.length - 1 });
        pos[k] = p + 1;
      }
      // One node counting it here, the same one as before, no newer term: nothing changed (the common case).
      if (here.length === 1 && current && current.input === here[0]!.input && here[0]!.term <= current.term) continue;
      const order = leaderOrder(here);
      const lead = order.at(-1)!;
      // A hand-over in the window's first slot: the old leader is the oldest one there.
      if (!current) current = { input: order[0]!.input, term: order[0]!.term };
      if (current.input === lead.input && lead.term <= current.term) continue;
      const from: number = current.input;
      const cells: LeadershipEvent['cells'] = [];
      if (from !== lead.input && here.some((r) => r.input === from)) {
        for (const bucketId of shared.get(g)?.get(j) ?? []) {
          const fromCount = countAt(from, bucketId, j);
          const toCount = countAt(lead.input, bucketId, j);
          if (fromCount > 0 && toCount > 0) cells.push({ bucketId, fromCount, toCount });
          if (cells.length >= MAX_EVENT_CELLS) break;
        }
      }
      const event: LeadershipEvent = { group: g, column: j, from, to: lead.input, fromTerm: current.term, toTerm: lead.term, cells };
      // A term label that lags or leads around a hand-over makes a term-only change next to it:
      // one change, from the first one's leader and term to the last one's, at the hand-over.
      if (last && last.to === from && j - last.column <= TERM_LAG_SLOTS && (last.from === last.to || from === lead.input)) {
        const handover = last.from !== last.to ? last : event;
        last.column = handover.column;
        last.cells = handover.cells;
        last.to = event.to;
        last.toTerm = event.toTerm;
      } else {
        events.push(event);
        last = event;
      }
      current = { input: lead.input, term: lead.term };
    }
  }
  events.sort((a, b) => a.column - b.column || a.group - b.group);
  const omitted = Math.max(0, events.length - MAX_EVENTS);
  return { events: omitted > 0 ? events.slice(omitted) : events, omitted };
}
