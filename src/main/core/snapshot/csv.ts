// The merged matrix as CSV for spreadsheets: one row per bucket, one column per time window
// (RFC 3339, UTC), keys decoded (printable text as is, anything else as full 0x-hex).
import type { MergedMatrix } from '../merge';
import { keyFull } from '../../../shared/keys';
import { rfc3339 } from '../../../shared/time';

const keyText = (b64: string | null, unbounded: string): string => (b64 === null ? unbounded : keyFull(b64));

/** RFC 4180 quoting; a leading = + - @ is prefixed so a spreadsheet never runs a key as a formula. */
function cell(s: string): string {
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function* csvChunks(m: MergedMatrix): Generator<string> {
  yield ['bucket_id', 'label', 'start', 'end', ...[...m.columns].map((c) => rfc3339(c))].map(cell).join(',') + '\r\n';
  for (const r of m.rows) {
    const values: string[] = new Array(m.columns.length);
    for (let i = 0; i < m.columns.length; i++) values[i] = String(r.values[i] ?? 0);
    yield [r.bucketId, r.label, keyText(r.start, ''), keyText(r.end, '(end)')].map(cell).join(',') + ',' + values.join(',') + '\r\n';
  }
}
