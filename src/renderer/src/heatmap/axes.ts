// Axis labels, thinned to fit: time in local time under the columns, each row's route (or decoded
// start key) beside the rows. Positions are fractions of the drawing (0..1), so they follow any scaling.
import type { Series } from '../../../shared/elastickv/wire';
import { describeKey } from '../../../shared/elastickv/internal-key';
import { rowGroup, rowTitle } from '../../../shared/elastickv/key-text';
import { parseBucketId } from '../../../shared/elastickv/wire';
import type { ViewMatrix } from '../../../shared/ipc';

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

/** Ticks for `count` rows; `labelOf(i)` is asked only for the rows that get a tick. */
export function keyTicks(count: number, labelOf: (i: number) => string, lengthPx: number, minGapPx = 16): Tick[] {
  return thin(count, lengthPx, minGapPx).map((i) => ({ at: (i + 0.5) / count, label: labelOf(i) }));
}

const labels = new WeakMap<ViewMatrix, Map<number, string>>();

/**
 * A row's label on the key axis: which route, Raft group and adapter it is (`route 3 · group 3 ·
 * redis`): a route's sub-bucket bounds are elastickv's internal bytes, meaningless as hex. Rows
 * that are not routes keep their decoded start key. Cached per matrix.
 */
export function rowLabel(m: ViewMatrix, row: number): string {
  let cache = labels.get(m);
  if (!cache) labels.set(m, cache = new Map());
  const hit = cache.get(row);
  if (hit !== undefined) return hit;
  const r = m.rows[row]!;
  const W = m.columns.length;
  const label = parseBucketId(r.bucketId)
    ? rowTitle(r, rowGroup(m.groups.subarray(row * W, (row + 1) * W), m.values.subarray(row * W, (row + 1) * W)))
    : describeKey(r.start).text;
  cache.set(row, label);
  return label;
}
