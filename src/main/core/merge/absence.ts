// Rows a node did not send. In a healthy elastickv cluster every node lacks some: a node lists
// only the routes it counted something for, and writes (and Redis reads) are counted on the
// group's leader only. So an absence is warned only when that does not explain it: the node's
// row budget was full, a route row's counts carry no Raft identity to tell who counted them
// (aggregates never do, by design), or the node led one of the row's groups before the newest
// column (GET /cluster, an earlier round) and sent no row of that group while other nodes counted
// it in the newest column.
import { MAX_ROWS } from '../../../shared/limits';
import type { Coverage } from './coverage';
import type { GroupActivity } from './leadership';
import type { MergedMatrix, MergeWarning, NodeMatrix } from './types';


export interface AbsenceContext {
  /** The rows each node was asked for; a node that sent that many may have left rows out. */
  rowBudget?: number;
  /** Per input: the Raft groups it led (GET /cluster) and when it said so, when known. */
  leads?: ReadonlyArray<{ groups: ReadonlySet<number>; atMs: number } | null>;
  /** Writes (and write bytes) are counted on the leader only. */
  writes: boolean;
}

interface RowIdentity {
  groups: Set<number>;
  /** Some non-zero count of the row carries no group: who counted it cannot be told. */
  anonymous: boolean;
}

const NO_GROUPS = new Float64Array(0);

function rowIdentities(inputs: readonly NodeMatrix[]): Map<string, RowIdentity> {
  const out = new Map<string, RowIdentity>();
  for (const m of inputs) {
    for (const row of m.rows) {
      let id = out.get(row.bucketId);
      if (!id) out.set(row.bucketId, id = { groups: new Set(), anonymous: false });
      const values = row.values;
      const groups = row.groups ?? NO_GROUPS;
      const n = Math.min(values.length, m.columns.length);
      let last = 0; // a row's cells mostly repeat one group: skip the set for them
      for (let i = 0; i < n; i++) {
        if (values[i] === 0) continue;
        const g = i < groups.length ? groups[i]! : 0;
        if (g === 0) id.anonymous = true;
        else if (g !== last) { id.groups.add(g); last = g; }
      }
    }
  }
  return out;
}

const examples = (ids: readonly string[]): string => ids.slice(0, 3).join(', ') + (ids.length > 3 ? ', …' : '');

export function absentRowWarnings(inputs: readonly NodeMatrix[], merged: MergedMatrix, c: Coverage, activity: GroupActivity,
  ctx: AbsenceContext): MergeWarning[] {
  const budget = ctx.rowBudget ?? MAX_ROWS;
  let known: Map<string, RowIdentity> | null = null;
  const ids = (): Map<string, RowIdentity> => (known ??= rowIdentities(inputs)); // only when a row is missing for a reason to tell
  const newest = merged.columns.length - 1;
  const out: MergeWarning[] = [];
  c.sources.forEach((source, input) => {
    const bit = 2 ** input;
    const missing = merged.rows.map((r, i) => ({ r, i })).filter(({ i }) => !(c.rows[i]! & bit));
    if (missing.length === 0) return;
    const of = `of ${merged.rows.length} merged rows absent`;
    if (inputs[input]!.rows.length >= budget) {
      out.push({ kind: 'missing_rows', inputs: [input], message: `${source}: sent ${inputs[input]!.rows.length} rows, its whole row budget `
        + `(${budget}), so it may have left out less active ones: ${missing.length} ${of} (${examples(missing.map(({ r }) => r.bucketId))}); `
        + 'elastickv counts them as zero. Ask for fewer rows per node or narrow the time range.' });
      return;
    }
    // Aggregates stamp no identity by design (their member routes lie in several groups): whoever
    // led those groups counted them, so a node without the row is expected.
    const anonymous = missing.filter(({ r }) => !r.aggregate && ids().get(r.bucketId)?.anonymous);
    if (anonymous.length > 0) {
      out.push({ kind: 'missing_rows', inputs: [input], message: `${source}: ${anonymous.length} ${of} `
        + `(${examples(anonymous.map(({ r }) => r.bucketId))}) whose counts carry no Raft group (a node older than identity arrays?), `
        + 'so whether this node should have counted them cannot be told; elastickv counts them as zero.' });
    }
    const leads = ctx.writes ? ctx.leads?.[input] : null;
    // Only a leadership known before the newest column was flushed: one that began since (a
    // transfer in the last step) has not had a column to show in.
    if (!leads || newest < 0 || !(leads.atMs < merged.columns[newest]!)) return;
    const own = activity[input]!;
    for (const g of [...leads.groups].sort((a, b) => a - b)) {
      if (own.has(g)) continue; // it sent rows of the group
      const others = activity.some((a, k) => k !== input && (a.get(g)?.slots.at(-1) ?? -1) === newest);
      const rows = missing.filter(({ r }) => ids().get(r.bucketId)?.groups.has(g)).map(({ r }) => r.bucketId);
      if (!others || rows.length === 0) continue;
      out.push({ kind: 'missing_rows', inputs: [input], message: `${source}: led Raft group ${g} (GET /cluster) before the newest column but sent no row of it, `
        + `while other nodes counted its writes in the newest column: ${rows.length} ${of} (${examples(rows)}). Its own counts may be `
        + 'missing: check that node (its sampler, its row budget) or refresh after a leadership change settles.' });
    }
  });
  return out;
}
