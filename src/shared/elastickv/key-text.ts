// Keys and rows in the operator's words, for every place that shows one (key axis, cell detail,
// hot keys, CSV, CLI): the user key and its kind behind elastickv's internal layout, and which
// route, Raft group and adapter a row is. Unknown layouts are shown as before.
import { printableText, decodeInternalKeyB64 } from './internal-key';
import { base64ToBytes } from '../keys';
import { parseBucketId } from './wire';

/** A key as the CLI's JSON and the CSV carry it, beside its raw base64. */
export interface KeyInfo {
  /** The user key as text; null when it is not printable text. */
  user_key: string | null;
  /** The layout's stable id (e.g. `redis_string`), null for an unknown layout. */
  kind: string | null;
  /** The same in words (e.g. `Redis string`). */
  kind_label: string | null;
}

export function keyInfo(b64: string): KeyInfo {
  const d = decodeInternalKeyB64(b64);
  if (d) return { user_key: d.userKeyText, kind: d.kind, kind_label: d.kindLabel };
  const raw = base64ToBytes(b64);
  return { user_key: raw ? printableText(raw) : null, kind: null, kind_label: null };
}

/** The Raft group most of a row's counted cells carry (0 when none carries one; ties: the lower id). */
export function rowGroup(groups: ArrayLike<number>, values?: ArrayLike<number>): number {
  // A row's cells mostly repeat one group: counted in runs, the map sees a run, not a cell.
  const seen = new Map<number, number>();
  let run = 0;
  let count = 0;
  const flush = (): void => { if (count > 0) seen.set(run, (seen.get(run) ?? 0) + count); };
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i]!;
    if (g === 0 || (values && values[i] === 0)) continue;
    if (g !== run) { flush(); run = g; count = 0; }
    count++;
  }
  flush();
  let best = 0;
  let most = 0;
  for (const [g, n] of seen) if (n > most || (n === most && g < best)) { best = g; most = n; }
  return best;
}

/** `route 3 · group 3 · redis`, `route 1#1 · group 1 · redis`, `12 cold routes (aggregate)`; the id itself otherwise. */
export function rowTitle(row: { bucketId: string; routeCount: number; aggregate: boolean }, group: number): string {
  const id = parseBucketId(row.bucketId);
  if (!id) return row.bucketId;
  const g = group > 0 ? ` · group ${group}` : '';
  if (id.kind === 'virtual' || row.aggregate) return `${row.routeCount} cold routes (aggregate)${g}`;
  return `route ${id.routeId}${id.subBucket !== null ? `#${id.subBucket}` : ''}${g}${id.label ? ` · ${id.label}` : ''}`;
}
