// The key axis: each row's route (or decoded start key) beside the rows, as many as fit (the time
// axis is time-axis.ts). Positions are fractions of the drawing (0..1), so they follow any scaling.
import type { Series } from '../../../shared/elastickv/wire';
import { describeKey } from '../../../shared/elastickv/internal-key';
import { rowTitle } from '../../../shared/elastickv/key-text';
import { parseBucketId } from '../../../shared/elastickv/wire';
import type { ViewMatrix } from '../../../shared/ipc';

export interface Tick { at: number; label: string }

/** What one cell counts, in words (legends, titles). */
export const SERIES_UNIT: Record<Series, string> = { reads: 'reads', writes: 'writes', read_bytes: 'bytes read', write_bytes: 'bytes written' };

/** A key-axis label's height in px (styles.css gives `.key-axis li` this line height). */
export const KEY_LABEL_PX = 11;

export interface KeyTick extends Tick {
  /** The first row it names, and how many rows in a row share its label (rows sharing a start key). */
  row: number;
  rows: number;
}

/**
 * Labels for `count` rows on an axis `lengthPx` tall: neighbouring rows with the same label are
 * one run, labelled once at its middle; then as many runs as fit without overlapping, each label
 * kept inside the axis (the first and last are not cut off).
 */
export function keyTicks(count: number, labelOf: (i: number) => string, lengthPx: number, labelPx = KEY_LABEL_PX): KeyTick[] {
  if (count === 0 || lengthPx < labelPx) return [];
  const runs: Array<{ row: number; end: number; label: string }> = [];
  for (let i = 0; i < count; i++) {
    const label = labelOf(i);
    const last = runs.at(-1);
    if (last?.label === label) last.end = i + 1;
    else runs.push({ row: i, end: i + 1, label });
  }
  const rowPx = lengthPx / count;
  const out: KeyTick[] = [];
  let lastY = Number.NEGATIVE_INFINITY;
  for (const r of runs) {
    const y = Math.min(lengthPx - labelPx / 2, Math.max(labelPx / 2, ((r.row + r.end) / 2) * rowPx));
    if (y - lastY < labelPx - 1e-6) continue;
    out.push({ at: y / lengthPx, label: r.label, row: r.row, rows: r.end - r.row });
    lastY = y;
  }
  return out;
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
  const label = parseBucketId(r.bucketId) ? rowTitle(r, r.group) : describeKey(r.start).text;
  cache.set(row, label);
  return label;
}
