// What a comparison calls each of its two sides, so the operator sees which one is live:
// `live (14:03:20)`, `snapshot (prod-writes-….kvsnap, 13:58:00)`. Main names them, as it holds the
// views (their kind, file and time); the renderer shows these names as they are.

/** One view as a side of a comparison. */
export interface ViewSide {
  what: 'live' | 'snapshot' | 'capture' | 'comparison';
  /** The file's name, for a view opened from one. */
  file: string | null;
  /** When its data was taken (ms since the epoch); null when it has no one time (a comparison). */
  atMs: number | null;
}

const pad = (n: number): string => String(n).padStart(2, '0');
/** Local time of day, 24-hour (the operator's clock). */
const clock = (ms: number): string => { const d = new Date(ms); return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`; };
const day = (ms: number): string => { const d = new Date(ms); return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`; };

function label(s: ViewSide, withDate: boolean): string {
  const when = s.atMs === null || !Number.isFinite(s.atMs) ? null : withDate ? `${day(s.atMs)} ${clock(s.atMs)}` : clock(s.atMs);
  const parts = [s.file, when].filter((p): p is string => p !== null);
  return parts.length > 0 ? `${s.what} (${parts.join(', ')})` : s.what;
}

/** Both sides' names; each carries its date too when the two were taken on different days. */
export function sideLabels(a: ViewSide, b: ViewSide): { a: string; b: string } {
  const known = (s: ViewSide): s is ViewSide & { atMs: number } => s.atMs !== null && Number.isFinite(s.atMs);
  const withDate = known(a) && known(b) && day(a.atMs) !== day(b.atMs);
  return { a: label(a, withDate), b: label(b, withDate) };
}
