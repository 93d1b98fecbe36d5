// The time axis: ticks at round clock times in one time zone (the screen's, unless told), the
// date under the first label and wherever the day changes, and the zone said once beside the axis.
// The exported picture uses the same ticks, zone and wording for its times.
import type { Tick } from './axes';

/** A label is its time, with the date under it on the first label and where the day changes. */
export interface TimeTick extends Tick {
  time: string;
  date: string | null;
}

export interface TimeOptions {
  /** An IANA zone; undefined = this computer's (what the screen shows). */
  timeZone?: string;
  /** Undefined = this computer's. */
  locale?: string;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Tick spacings, finest first; the finest whose labels do not overlap wins. */
const INTERVALS = [
  ...[1, 2, 5, 10, 15, 30].map((s) => s * SECOND),
  ...[1, 2, 5, 10, 15, 30].map((m) => m * MINUTE),
  ...[1, 2, 3, 6, 12].map((h) => h * HOUR),
  ...[1, 2, 7, 14, 28].map((d) => d * DAY),
];
/** Axis labels are 10 px monospace: about this wide per character, and at least this far apart. */
const CHAR_PX = 6.2;
const GAP_PX = 12;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string | undefined, o: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale ?? ''}|${JSON.stringify(o)}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, f = new Intl.DateTimeFormat(locale, o));
  return f;
}

/** The zone's wall-clock reading of `ms`, as milliseconds of a UTC date (so day arithmetic is plain). */
function wallClock(ms: number, timeZone: string | undefined): number {
  const parts = formatter('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
    hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(ms);
  const n = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour') % 24, n('minute'), n('second')) + (((ms % SECOND) + SECOND) % SECOND);
}

/** The zone's short name at `ms` (`UTC`, `GMT+9`, `PST`), as the node strip's "as of" says it. */
export function zoneName(ms: number, o: TimeOptions = {}): string {
  return formatter(o.locale, { timeZone: o.timeZone, timeZoneName: 'short' }).formatToParts(ms)
    .find((p) => p.type === 'timeZoneName')?.value ?? '';
}

/** An instant in words, with its date and zone: `Nov 24, 09:00:00 PM GMT+9`. */
export function instantText(ms: number, o: TimeOptions = {}): string {
  return formatter(o.locale, { timeZone: o.timeZone, month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit',
    second: '2-digit', timeZoneName: 'short' }).format(ms);
}

/** An ISO 8601 time (a file's, a poll's) in the same words, or as given when it does not parse. */
export function isoText(iso: string, o: TimeOptions = {}): string {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? instantText(ms, o) : iso;
}

/** The end of the last column's window (a column's time is where its window starts). */
function endOf(columns: ArrayLike<number>): number {
  const n = columns.length;
  return n > 1 ? columns[n - 1]! + (columns[n - 1]! - columns[n - 2]!) : columns[0]! + MINUTE;
}

/** The zone the axis is in, once: `GMT+9`, or `GMT+1 → GMT+2` when the window crosses a change. */
export function timeZoneText(columns: ArrayLike<number>, o: TimeOptions = {}): string {
  if (columns.length === 0) return '';
  const a = zoneName(columns[0]!, o);
  const b = zoneName(endOf(columns), o);
  return a === b ? a : `${a} → ${b}`;
}

/** Where instant `t` falls on the axis (0..1): columns are equal slices, each its own window. */
function positionOf(columns: ArrayLike<number>, end: number, t: number): number {
  const n = columns.length;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (columns[mid]! <= t) lo = mid; else hi = mid - 1;
  }
  const c = columns[lo]!;
  const next = lo + 1 < n ? columns[lo + 1]! : end;
  return (lo + (next > c ? (t - c) / (next - c) : 0)) / n;
}

/**
 * Labels for an axis `lengthPx` wide over `columns` (their start times): at the finest round
 * spacing whose labels fit side by side, each label inside the axis.
 */
export function timeTicks(columns: ArrayLike<number>, lengthPx: number, o: TimeOptions = {}): TimeTick[] {
  const n = columns.length;
  if (n === 0 || lengthPx <= 0) return [];
  const end = endOf(columns);
  const w0 = wallClock(columns[0]!, o.timeZone);
  const w1 = wallClock(end, o.timeZone);
  const offset0 = w0 - columns[0]!;
  const dateFmt = formatter(o.locale, { timeZone: 'UTC', month: 'short', day: 'numeric' });
  for (const interval of INTERVALS) {
    if ((w1 - w0) / interval > lengthPx / 20) continue; // far too many to label
    const timeFmt = formatter(o.locale, { timeZone: 'UTC', hour: '2-digit', minute: '2-digit', ...(interval < MINUTE ? { second: '2-digit' } : {}) });
    const placed: Array<{ at: number; wall: number }> = [];
    for (let w = Math.ceil(w0 / interval) * interval; w <= w1; w += interval) {
      // Back from wall clock to the instant, with the zone's offset there (it may change in the window).
      const guess = w - offset0;
      const t = w - (wallClock(guess, o.timeZone) - guess);
      if (t < columns[0]! || t >= end) continue;
      placed.push({ at: positionOf(columns, end, t), wall: w });
    }
    const ticks: TimeTick[] = [];
    let day = Number.NaN;
    for (const p of placed) {
      const d = Math.floor(p.wall / DAY);
      // Days apart: the date is the label.
      const time = interval >= DAY ? dateFmt.format(p.wall) : timeFmt.format(p.wall);
      const date = interval < DAY && d !== day ? dateFmt.format(p.wall) : null;
      const half = (widthOf({ time, date }) * CHAR_PX) / 2;
      if (p.at * lengthPx - half < 0 || p.at * lengthPx + half > lengthPx) continue; // would stick out of the axis
      ticks.push({ at: p.at, label: date ? `${date} ${time}` : time, time, date });
      day = d;
    }
    if (ticks.length > 0 && fits(ticks, lengthPx)) return ticks;
  }
  return [];
}

/** A label's width in characters: its longer line. */
const widthOf = (t: { time: string; date: string | null }): number => Math.max(t.time.length, t.date?.length ?? 0);

function fits(ticks: TimeTick[], lengthPx: number): boolean {
  for (let i = 1; i < ticks.length; i++) {
    const a = ticks[i - 1]!;
    const b = ticks[i]!;
    if ((b.at - a.at) * lengthPx < ((widthOf(a) + widthOf(b)) / 2) * CHAR_PX + GAP_PX) return false;
  }
  return true;
}
