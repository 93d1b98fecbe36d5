/** RFC 3339 in UTC with the fraction trimmed like Go's RFC3339Nano (millisecond precision). */
export function rfc3339(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2026-01-02T03:04:05.678Z
  const [head, frac = ''] = iso.slice(0, -1).split('.');
  const trimmed = frac.replace(/0+$/, '');
  return `${head}${trimmed ? `.${trimmed}` : ''}Z`;
}
