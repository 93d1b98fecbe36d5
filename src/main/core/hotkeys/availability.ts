// Whether a cell's hot keys can be shown, and from where: a product rule kept apart from the views
// and from the words (the renderer says them). elastickv samples hot keys per route, for writes only,
// and each node keeps only its latest window.
import { parseBucketId } from '../../../shared/elastickv/wire';
import type { HotKeysUnavailable } from '../../../shared/ipc';
import type { SavedHotKeys } from '../../../shared/snapshot';
import type { MergedMatrix } from '../merge';

/** Where a view's hot keys come from: the nodes now, or its file (a capture holds none). */
export type HotKeysSource = 'ask' | 'file' | 'capture';

export interface HotKeysCell {
  matrix: MergedMatrix;
  row: number;
  col: number;
  /** The bucket the renderer saw at (row, col): a refresh may have moved the rows since. */
  bucketId: string;
  /** The user asked for the latest window's keys although the cell is older. */
  latest: boolean;
  source: HotKeysSource;
  /** The view is of a past window: even its last column is older than any node's sketch. */
  pastWindow: boolean;
  /** Hot keys opened (or saved in the file) for this bucket. */
  saved: SavedHotKeys | undefined;
}

export interface HotKeysRoute { routeId: string; label: string; subBucket: number | null }

export type HotKeysAvailability =
  | { state: 'unavailable'; why: HotKeysUnavailable }
  | { state: 'older-column' }
  | { state: 'saved'; saved: SavedHotKeys; rowTotal: number }
  /** Ask the nodes for this route; `rowTotal(wholeRoute)` is what each key's share is of. */
  | { state: 'ask'; route: HotKeysRoute; rowTotal: (wholeRoute: boolean) => number };

/** A route's writes in one column over all its rows (its sub-buckets). */
export function routeTotal(m: MergedMatrix, routeId: string, label: string, col: number): number {
  let total = 0;
  for (const r of m.rows) {
    const b = parseBucketId(r.bucketId);
    if (b?.kind === 'route' && b.routeId === routeId && b.label === label) total += r.values[col] ?? 0;
  }
  return total;
}

export function hotKeysAvailability(c: HotKeysCell): HotKeysAvailability {
  const m = c.matrix;
  const row = m.rows[c.row];
  if (!row || c.col >= m.columns.length || row.bucketId !== c.bucketId) return { state: 'unavailable', why: { reason: 'gone' } };
  const id = parseBucketId(row.bucketId);
  if (id?.kind === 'virtual' || row.aggregate) return { state: 'unavailable', why: { reason: 'aggregate', routeCount: row.routeCount } };
  if (!id) return { state: 'unavailable', why: { reason: 'not-a-route', bucketId: row.bucketId } };
  if (m.series !== 'writes') return { state: 'unavailable', why: { reason: 'series' } };
  const last = m.columns.length - 1;
  const rowTotal = row.values[last] ?? 0;
  // The whole route's keys: their share is of the route's writes (all its rows), not of this sub-bucket's.
  const shareOf = (wholeRoute: boolean): number => (wholeRoute ? routeTotal(m, id.routeId, id.label, last) : rowTotal);
  if (c.source !== 'ask') {
    if (c.saved) return { state: 'saved', saved: c.saved, rowTotal: shareOf(c.saved.whole_route === true) };
    return { state: 'unavailable', why: { reason: c.source === 'capture' ? 'capture' : 'not-in-file' } };
  }
  if ((c.col !== last || c.pastWindow) && !c.latest) return { state: 'older-column' };
  return { state: 'ask', route: { routeId: id.routeId, label: id.label, subBucket: id.subBucket }, rowTotal: shareOf };
}
