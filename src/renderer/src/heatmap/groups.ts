// The key axis as a hierarchy (TiDB's and Google's key visualizers group it by key prefix): rows
// grouped by adapter (the row's label, else its decoded key's), then by the first segments of the
// decoded user key (`dynamo/`, `dynamo/orders/`). Groups are runs of neighbouring rows, so the
// picture keeps its key order; a group is at least two rows and never repeats its parent's rows.
// A collapsed group is drawn as one row holding the sum of its rows per column (exact: counts
// are whole). Everything here is linear in the rows (and in the cells for the summed rows).
import { decodeInternalKeyB64, printableText } from '../../../shared/elastickv/internal-key';
import { parseBucketId } from '../../../shared/elastickv/wire';
import { base64ToBytes } from '../../../shared/keys';
import type { ViewMatrix, ViewRow } from '../../../shared/ipc';
import { rowLabel } from './axes';

/** Key prefixes below the adapter: `a/` and `a/b/` (deeper levels cut the axis into slivers). */
export const PREFIX_DEPTH = 2;
/** What ends a key segment: the separators keys are usually built with. */
const SEGMENT = /[^/:|]*[/:|]/g;

export interface KeyGroup {
  /** Stable across refreshes (what stays collapsed): the adapter and the prefixes down to this level. */
  key: string;
  /** On the axis: the adapter, or the key prefix. */
  name: string;
  /** 0: adapter; 1..PREFIX_DEPTH: that many key segments. */
  level: number;
  /** Its rows of the matrix: [start, end). */
  start: number;
  end: number;
}

/** The adapter a row belongs to: its label (`route:3:redis`), else what its start key decodes as; '' if neither says. */
export function rowAdapter(row: Pick<ViewRow, 'bucketId' | 'start'>): string {
  const id = parseBucketId(row.bucketId);
  if (id?.kind === 'route' && id.label) return id.label;
  return decodeInternalKeyB64(row.start)?.adapter ?? '';
}

/** The user key's first `PREFIX_DEPTH` prefixes (`['dynamo/', 'dynamo/orders/']`); none for a key that is not text. */
export function keyPrefixes(startB64: string | null): string[] {
  if (startB64 === null) return [];
  const decoded = decodeInternalKeyB64(startB64);
  const bytes = decoded ? null : base64ToBytes(startB64);
  const text = decoded ? decoded.userKeyText : bytes ? printableText(bytes) : null;
  if (!text) return [];
  const out: string[] = [];
  let prefix = '';
  for (const m of text.matchAll(SEGMENT)) {
    if (out.length === PREFIX_DEPTH) break;
    prefix += m[0];
    out.push(prefix);
  }
  return out;
}

const ADAPTER_NONE = '(no adapter)';
const cache = new WeakMap<ViewMatrix, KeyGroup[]>();

/** The matrix's groups, outer before inner at the same first row, in row order. Cached per matrix. */
export function keyGroups(m: ViewMatrix): KeyGroup[] {
  const hit = cache.get(m);
  if (hit) return hit;
  const R = m.rows.length;
  // Per level, each row's key there (null: the row has no group at that level).
  const keys: Array<Array<string | null>> = Array.from({ length: PREFIX_DEPTH + 1 }, () => new Array<string | null>(R).fill(null));
  const names: Array<Array<string>> = Array.from({ length: PREFIX_DEPTH + 1 }, () => new Array<string>(R).fill(''));
  for (let r = 0; r < R; r++) {
    const row = m.rows[r]!;
    const adapter = rowAdapter(row);
    keys[0]![r] = adapter;
    names[0]![r] = adapter || ADAPTER_NONE;
    keyPrefixes(row.start).forEach((p, i) => {
      keys[i + 1]![r] = `${adapter}\u0000${p}`;
      names[i + 1]![r] = p;
    });
  }
  const out: KeyGroup[] = [];
  /** Ranges already grouped at an outer level: an inner run over the same rows adds nothing. */
  const taken = new Set<string>();
  for (let level = 0; level <= PREFIX_DEPTH; level++) {
    const k = keys[level]!;
    for (let r = 0; r < R;) {
      const key = k[r];
      let end = r + 1;
      if (key === null || key === undefined) { r = end; continue; }
      while (end < R && k[end] === key) end++;
      const range = `${r}:${end}`;
      if (end - r >= 2 && !taken.has(range)) {
        taken.add(range);
        out.push({ key: `${level}\u0000${key}`, name: names[level]![r]!, level, start: r, end });
      }
      r = end;
    }
  }
  out.sort((a, b) => a.start - b.start || a.level - b.level);
  cache.set(m, out);
  return out;
}

/** One row of the picture: a row of the matrix, or a collapsed group (its rows summed). */
export type DisplayRow = { kind: 'row'; row: number } | { kind: 'group'; group: KeyGroup };

export interface Display {
  /** What the engine draws: the matrix itself when nothing is collapsed, else one with summed rows. */
  matrix: ViewMatrix;
  /** The matrix it shows. */
  source: ViewMatrix;
  /** Per row of the picture, what it is. */
  rows: DisplayRow[];
  /** Per row of the source matrix, its row in the picture (a collapsed group's rows share one). */
  displayOf: Int32Array;
  groups: KeyGroup[];
  /** The groups on the key axis (none inside a collapsed one), with their rows in the picture [d0, d1). */
  shown: Array<{ group: KeyGroup; d0: number; d1: number; collapsed: boolean }>;
  /** Each picture row's label on the key axis. */
  label(d: number): string;
}

/** A collapsed group's label on the key axis. */
export const groupLabel = (g: KeyGroup): string => `▸ ${g.name} · ${g.end - g.start} rows`;

/** Sum the rows [start, end) of `m` into one row of `out` (values added; conflicts and handovers: any of them). */
function sumRows(m: ViewMatrix, start: number, end: number, out: Pick<ViewMatrix, 'values' | 'conflicts' | 'handovers'>, at: number): void {
  const C = m.columns.length;
  const o = at * C;
  for (let r = start; r < end; r++) {
    const base = r * C;
    for (let c = 0; c < C; c++) {
      out.values[o + c]! += m.values[base + c]!;
      if (m.conflicts[base + c]) out.conflicts[o + c] = 1;
      if (m.handovers[base + c]) out.handovers[o + c] = 1;
    }
  }
}

const displays = new WeakMap<ViewMatrix, { key: string; display: Display }>();

/** The picture of `m` with the groups keyed in `collapsed` collapsed (the outermost wins). Cached per matrix and set. */
export function displayOf(m: ViewMatrix, collapsed: readonly string[]): Display {
  const groups = keyGroups(m);
  const wanted = new Set(collapsed);
  const closed = groups.filter((g) => wanted.has(g.key));
  const cacheKey = closed.map((g) => g.key).join('\u0001');
  const hit = displays.get(m);
  if (hit?.key === cacheKey) return hit.display;
  const R = m.rows.length;
  // Which collapsed group each row is folded into: the outermost (groups come outer first).
  const foldedInto = new Int32Array(R).fill(-1);
  closed.forEach((g, i) => { if (foldedInto[g.start] === -1) foldedInto.fill(i, g.start, g.end); });
  const rows: DisplayRow[] = [];
  const displayRows = new Int32Array(R);
  for (let r = 0; r < R;) {
    const i = foldedInto[r]!;
    if (i === -1) { displayRows[r] = rows.length; rows.push({ kind: 'row', row: r }); r++; continue; }
    const g = closed[i]!;
    displayRows.fill(rows.length, g.start, g.end);
    rows.push({ kind: 'group', group: g });
    r = g.end;
  }
  const matrix = closed.length === 0 ? m : summed(m, rows);
  // A group folded into an outer collapsed one is not on the axis; one holding a collapsed inner group is.
  const inside = (g: KeyGroup): boolean => { const f = closed[foldedInto[g.start]!]; return f !== undefined && f !== g && f.end >= g.end; };
  const shown = groups.filter((g) => !inside(g))
    .map((g) => ({ group: g, d0: displayRows[g.start]!, d1: displayRows[g.end - 1]! + 1, collapsed: wanted.has(g.key) }));
  const display: Display = {
    matrix, source: m, rows, displayOf: displayRows, groups, shown,
    label: (d) => { const x = rows[d]; return !x ? '' : x.kind === 'row' ? rowLabel(m, x.row) : groupLabel(x.group); },
  };
  displays.set(m, { key: cacheKey, display });
  return display;
}

/** The matrix of the picture: a collapsed group's row sums its rows; other rows are copied as they are. */
function summed(m: ViewMatrix, rows: DisplayRow[]): ViewMatrix {
  const C = m.columns.length;
  const n = rows.length * C;
  const out = { values: new Float64Array(n), conflicts: new Uint8Array(n), handovers: new Uint8Array(n) };
  const viewRows = rows.map((x, d): ViewRow => {
    if (x.kind === 'row') {
      const s = x.row * C;
      for (const k of ['values', 'conflicts', 'handovers'] as const) out[k].set(m[k].subarray(s, s + C), d * C);
      return m.rows[x.row]!;
    }
    const g = x.group;
    sumRows(m, g.start, g.end, out, d);
    const members = m.rows.slice(g.start, g.end);
    // A summed row has no one Raft group; it is no route of its own.
    return { bucketId: `group:${g.key}`, label: rowAdapter(members[0]!), start: members[0]!.start, end: members.at(-1)!.end, aggregate: true,
      routeCount: members.reduce((n, r) => n + r.routeCount, 0), routeIds: null, routeIdsTruncated: false, conflict: members.some((r) => r.conflict),
      group: 0 };
  });
  return { ...m, rows: viewRows, ...out };
}

/** A viewport of the source matrix's rows as rows of the picture, and back (zoom is kept in the source's rows). */
export function toDisplayRows(d: Display, r0: number, r1: number): [number, number] {
  if (d.rows.length === 0 || r1 <= r0) return [0, 0];
  return [d.displayOf[Math.min(r0, d.displayOf.length - 1)]!, d.displayOf[Math.min(r1, d.displayOf.length) - 1]! + 1];
}

export function toSourceRows(d: Display, d0: number, d1: number): [number, number] {
  const first = d.rows[d0];
  const last = d.rows[d1 - 1];
  if (!first || !last) return [0, d.source.rows.length];
  return [first.kind === 'row' ? first.row : first.group.start, last.kind === 'row' ? last.row + 1 : last.group.end];
}
