// The simulator's stand-in for elastickv's server-side aggregator (`mergeKeyVizMatrices`,
// contract §5.4), on wire JSON, rule for rule. It lets a simulated node answer like one started
// with --keyvizFanoutNodes; the app's own merge is separate code checked against the same vectors.
import type { MatrixRow } from '../shared/elastickv/wire';

export interface LooseRow {
  bucket_id?: string;
  label?: string;
  start?: string | null;
  end?: string | null;
  aggregate?: boolean;
  route_ids?: number[];
  route_ids_truncated?: boolean;
  route_count?: number;
  values?: number[];
  raft_group_ids?: number[];
  leader_terms?: number[];
}

export interface LooseMatrix {
  column_unix_ms?: number[];
  rows?: LooseRow[];
  series?: string;
  generated_at?: string;
}

export interface MergedMatrix {
  column_unix_ms: number[];
  rows: Array<MatrixRow | LooseRow>;
  series: string;
}

interface CellAcc {
  sum: number;
  lastGroup: number;
  lastTerm: number;
  fbMax: number;
  fbFirst: number;
  fbDistinct: boolean;
  unknown: boolean;
  byTerm: Map<string, { group: number; term: number; value: number }> | null;
  termConflict: boolean;
}

interface BucketAcc {
  meta: LooseRow;
  cells: CellAcc[];
}

const newCell = (): CellAcc => ({
  sum: 0, lastGroup: 0, lastTerm: 0, fbMax: 0, fbFirst: 0, fbDistinct: false, unknown: false, byTerm: null, termConflict: false,
});

function addRead(c: CellAcc, v: number, g: number, t: number): void {
  c.sum += v;
  if (v > 0) { c.lastGroup = g; c.lastTerm = t; } // last non-zero contributor wins
}

function addWrite(c: CellAcc, v: number, g: number, t: number): void {
  if (v === 0) return; // zeros are ignored entirely
  if (v >= c.fbMax) { c.fbMax = v; c.lastGroup = g; c.lastTerm = t; } // ties → later source
  if (c.fbFirst === 0) c.fbFirst = v;
  else if (c.fbFirst !== v) c.fbDistinct = true; // compared with the first non-zero only
  if (g === 0 || t === 0) { c.unknown = true; return; }
  const key = `${g}/${t}`;
  c.byTerm ??= new Map();
  const seen = c.byTerm.get(key);
  if (!seen) c.byTerm.set(key, { group: g, term: t, value: v });
  else if (seen.value !== v) { c.termConflict = true; seen.value = Math.max(seen.value, v); }
}

function resolveWrite(c: CellAcc): [number, number, number] {
  if (c.unknown) return [c.fbMax, c.lastGroup, c.lastTerm];
  let sum = 0;
  let best: { group: number; term: number; value: number } | null = null;
  for (const e of c.byTerm?.values() ?? []) {
    sum += e.value;
    // elastickv's tie here follows Go map order (non-deterministic); first-inserted is our rule.
    if (!best || e.value > best.value) best = e;
  }
  return [sum, best?.group ?? 0, best?.term ?? 0];
}

function hasConflict(c: CellAcc): boolean {
  return c.unknown ? c.fbDistinct : c.termConflict;
}

/** A row as Go's encoder writes the decoded KeyVizRow struct back out. */
function goEncoded(r: LooseRow): MatrixRow {
  const out = { bucket_id: r.bucket_id ?? '' } as MatrixRow;
  if (r.label) out.label = r.label;
  out.start = r.start ?? null;
  out.end = r.end ?? null;
  out.aggregate = r.aggregate ?? false;
  if (r.route_ids && r.route_ids.length > 0) out.route_ids = r.route_ids;
  if (r.route_ids_truncated) out.route_ids_truncated = true;
  out.route_count = r.route_count ?? 0;
  out.values = r.values ?? [];
  if (r.raft_group_ids && r.raft_group_ids.length > 0) out.raft_group_ids = r.raft_group_ids;
  if (r.leader_terms && r.leader_terms.length > 0) out.leader_terms = r.leader_terms;
  return out;
}

export function mergeKeyVizMatrices(matrices: LooseMatrix[], series: string): MergedMatrix {
  if (matrices.length === 0) return { column_unix_ms: [], rows: [], series };
  if (matrices.length === 1) {
    // Single survivor: passed through untouched (no re-resolution, never gains conflicts), but
    // like Go it was decoded into structs: re-encoding writes every non-omitempty field.
    const only = matrices[0]!;
    return { column_unix_ms: only.column_unix_ms ?? [], rows: (only.rows ?? []).map(goEncoded), series: only.series ?? series };
  }
  const columns = [...new Set(matrices.flatMap((m) => m.column_unix_ms ?? []))].sort((a, b) => a - b);
  const colIndex = new Map(columns.map((c, j) => [c, j]));
  const isWrite = series === 'writes' || series === 'write_bytes';
  const buckets = new Map<string, BucketAcc>(); // insertion order = first-seen order

  for (const m of matrices) {
    const cols = m.column_unix_ms ?? [];
    for (const row of m.rows ?? []) {
      const id = row.bucket_id ?? '';
      let acc = buckets.get(id);
      if (!acc) {
        acc = { meta: row, cells: columns.map(newCell) };
        buckets.set(id, acc);
      }
      const values = row.values ?? [];
      cols.forEach((ts, j) => {
        if (j >= values.length) return;
        const g = row.raft_group_ids?.[j] ?? 0;
        const t = row.leader_terms?.[j] ?? 0;
        const cell = acc.cells[colIndex.get(ts)!]!;
        if (isWrite) addWrite(cell, values[j]!, g, t);
        else addRead(cell, values[j]!, g, t);
      });
      // Incoming conflict / conflicts are ignored, as elastickv does.
    }
  }

  const rows = [...buckets.entries()].map(([id, acc]) => {
    const w = columns.length;
    const out = { bucket_id: id } as MatrixRow;
    if (acc.meta.label) out.label = acc.meta.label;
    out.start = acc.meta.start ?? null;
    out.end = acc.meta.end ?? null;
    out.aggregate = acc.meta.aggregate ?? false;
    if (acc.meta.route_ids && acc.meta.route_ids.length > 0) out.route_ids = acc.meta.route_ids;
    if (acc.meta.route_ids_truncated) out.route_ids_truncated = true;
    out.route_count = acc.meta.route_count ?? 0;
    const values = new Array<number>(w).fill(0);
    const groups = new Array<number>(w).fill(0);
    const terms = new Array<number>(w).fill(0);
    let conflicts: boolean[] | undefined;
    acc.cells.forEach((c, j) => {
      if (isWrite) {
        [values[j], groups[j], terms[j]] = resolveWrite(c);
        if (hasConflict(c)) (conflicts ??= new Array<boolean>(w).fill(false))[j] = true;
      } else {
        values[j] = c.sum;
        groups[j] = c.lastGroup;
        terms[j] = c.lastTerm;
      }
    });
    out.values = values;
    if (conflicts) { out.conflict = true; out.conflicts = conflicts; }
    if (w > 0) { // omitempty: a zero-length slice is left out
      out.raft_group_ids = groups;
      out.leader_terms = terms;
    }
    return out;
  });
  return { column_unix_ms: columns, rows, series };
}
