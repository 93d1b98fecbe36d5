/** RFC 3339 in UTC with the fraction trimmed like Go's RFC3339Nano (millisecond precision). */
export function rfc3339(ms: number): string {
  const d = new Date(ms);
  // A node's number past the dates JavaScript can hold: shown as the number it is.
  if (Number.isNaN(d.getTime())) return `${ms} ms`;
  const iso = d.toISOString(); // 2026-01-02T03:04:05.678Z
  const [head, frac = ''] = iso.slice(0, -1).split('.');
  const trimmed = frac.replace(/0+$/, '');
  return `${head}${trimmed ? `.${trimmed}` : ''}Z`;
}
