// Sizes as people read them, the same in the app and the command-line tool.
import { KIB, MIB } from './limits';

/** `12.3 MiB`, whatever the size (memory figures). */
export function formatMib(n: number): string {
  return `${(n / MIB).toFixed(1)} MiB`;
}

/** `0 B`, `512 B`, `1.5 KiB`, `12.3 MiB`. */
export function formatBytes(n: number): string {
  if (n >= MIB) return formatMib(n);
  if (n >= KIB) return `${(n / KIB).toFixed(1)} KiB`;
  return `${n} B`;
}

const UNITS: ReadonlyArray<[string, number]> = [['d', 86_400_000], ['h', 3_600_000], ['min', 60_000], ['s', 1000], ['ms', 1]];

/**
 * A duration in words: `500 ms`, `1 min`, `90 min`, `24 h`, `30 d`. The largest unit it is at
 * least one of (a day from two on: one day reads `24 h`), or the next smaller one when that is
 * whole and the larger is not (`90 min`, not `1.5 h`); else one decimal.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return `${ms} ms`;
  if (ms < 1) return `${Math.round(ms) || 0} ms`;
  const i = UNITS.findIndex(([u, size]) => ms >= (u === 'd' ? 2 : 1) * size);
  const [unit, size] = UNITS[i]!;
  const v = ms / size;
  if (Number.isInteger(v)) return `${v} ${unit}`;
  const smaller = UNITS[i + 1];
  if (smaller && Number.isInteger(ms / smaller[1]) && ms / smaller[1] < 1000) return `${ms / smaller[1]} ${smaller[0]}`;
  return `${Number(v.toFixed(1))} ${unit}`;
}
