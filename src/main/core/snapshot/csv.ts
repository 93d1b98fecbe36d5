// The merged matrix as CSV for spreadsheets: one row per bucket, one column per time window
// (RFC 3339, UTC), keys decoded (printable text as is, anything else as full 0x-hex), and what
// each row is in words (route, Raft group, adapter) with its keys' user key and kind when they
// are in one of elastickv's internal layouts.
import type { MergedMatrix } from '../merge';
import { keyInfo, rowGroup, rowTitle } from '../../../shared/elastickv/key-text';
import { keyFull } from '../../../shared/keys';
import { rfc3339 } from '../../../shared/time';

const keyText = (b64: string | null, unbounded: string): string => (b64 === null ? unbounded : keyFull(b64));

/** RFC 4180 quoting; a leading = + - @ is prefixed so a spreadsheet never runs a key as a formula. */
function cell(s: string): string {
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The user key and kind of a boundary in an internal layout; empty for other keys. */
function decoded(b64: string | null): [string, string] {
  if (b64 === null) return ['', ''];
  const k = keyInfo(b64);
  return k.kind ? [k.user_key ?? '', k.kind_label ?? ''] : ['', ''];
}

export function* csvChunks(m: MergedMatrix): Generator<string> {
  yield ['bucket_id', 'label', 'start', 'end', 'row', 'start_user_key', 'start_kind', 'end_user_key', 'end_kind',
    ...[...m.columns].map((c) => rfc3339(c))].map(cell).join(',') + '\r\n';
  for (const r of m.rows) {
    const values: string[] = new Array(m.columns.length);
    for (let i = 0; i < m.columns.length; i++) values[i] = String(r.values[i] ?? 0);
    const title = rowTitle(r, r.groups ? rowGroup(r.groups, r.values) : 0);
    yield [r.bucketId, r.label, keyText(r.start, ''), keyText(r.end, '(end)'), title, ...decoded(r.start), ...decoded(r.end)].map(cell).join(',')
      + ',' + values.join(',') + '\r\n';
  }
}
