// Axis labels, thinned to fit: time in local time under the columns, decoded start keys beside
// the rows. Positions are fractions of the drawing (0..1), so they follow any scaling.
import type { Series } from '../../../shared/elastickv/wire';
import { keyPreview } from '../../../shared/keys';

export interface Tick { at: number; label: string }

/** What one cell counts, in words (legends, titles). */
export const SERIES_UNIT: Record<Series, string> = { reads: 'reads', writes: 'writes', read_bytes: 'bytes read', write_bytes: 'bytes written' };

/** Evenly spaced source indices, at least `minGapPx` apart on a `lengthPx` axis. */
function thin(count: number, lengthPx: number, minGapPx: number): number[] {
  if (count === 0 || lengthPx <= 0) return [];
  const slots = Math.max(1, Math.floor(lengthPx / minGapPx));
  const stride = Math.max(1, Math.ceil(count / slots));
  const out: number[] = [];
  for (let i = 0; i < count; i += stride) out.push(i);
  return out;
}

export function timeTicks(columns: ArrayLike<number>, lengthPx: number, minGapPx = 90): Tick[] {
  const n = columns.length;
  if (n === 0) return [];
  const span = columns[n - 1]! - columns[0]!;
  const fmt = new Intl.DateTimeFormat(undefined, span > 86_400_000
    ? { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }
    : { hour: '2-digit', minute: '2-digit', ...(span < 3_600_000 ? { second: '2-digit' } : {}) });
  return thin(n, lengthPx, minGapPx).map((i) => ({ at: (i + 0.5) / n, label: fmt.format(new Date(columns[i]!)) }));
}

export function keyTicks(starts: ReadonlyArray<string | null>, lengthPx: number, minGapPx = 16): Tick[] {
  const n = starts.length;
  return thin(n, lengthPx, minGapPx).map((i) => ({ at: (i + 0.5) / n, label: keyPreview(starts[i] ?? null) }));
}
