// The merged matrix in elastickv's wire shape: field order of its Go structs, optional fields
// omitted when empty or false (omitempty). Built as text straight from the typed arrays, so a
// large matrix is not first turned into millions of JS values.
import type { MergedMatrix, MergedRow } from './types';

function numbers(a: ArrayLike<number>): string {
  return `[${Array.prototype.join.call(a, ',')}]`;
}

function booleans(a: Uint8Array): string {
  let s = '[';
  for (let i = 0; i < a.length; i++) s += (i ? ',' : '') + (a[i] ? 'true' : 'false');
  return `${s}]`;
}

export function rowJson(r: MergedRow): string {
  let s = `{"bucket_id":${JSON.stringify(r.bucketId)}`;
  if (r.label) s += `,"label":${JSON.stringify(r.label)}`;
  s += `,"start":${r.start === null ? 'null' : JSON.stringify(r.start)}`;
  s += `,"end":${r.end === null ? 'null' : JSON.stringify(r.end)}`;
  s += `,"aggregate":${r.aggregate}`;
  if (r.routeIds && r.routeIds.length > 0) s += `,"route_ids":${numbers(r.routeIds)}`;
  if (r.routeIdsTruncated) s += ',"route_ids_truncated":true';
  s += `,"route_count":${r.routeCount}`;
  s += `,"values":${numbers(r.values)}`;
  if (r.conflicts) s += `,"conflict":true,"conflicts":${booleans(r.conflicts)}`;
  // Go's omitempty hides a nil or zero-length slice.
  if (r.groups && r.groups.length > 0) s += `,"raft_group_ids":${numbers(r.groups)}`;
  if (r.terms && r.terms.length > 0) s += `,"leader_terms":${numbers(r.terms)}`;
  return `${s}}`;
}

/**
 * `{"column_unix_ms","rows","series"[,"generated_at"]` followed by `extra` (already-encoded
 * `,"key":value` pairs, e.g. warnings and coverage) and the closing brace.
 */
export function matrixJson(m: MergedMatrix, extra = ''): string {
  const parts = [`{"column_unix_ms":${numbers(m.columns)},"rows":[`];
  m.rows.forEach((r, i) => parts.push((i ? ',' : '') + rowJson(r)));
  parts.push(`],"series":${JSON.stringify(m.series)}`);
  if (m.generatedAt !== null) parts.push(`,"generated_at":${JSON.stringify(m.generatedAt)}`);
  parts.push(extra, '}');
  return parts.join('');
}
