// Why a cell has no hot keys, in words: main says the reason (core/hotkeys/availability), the
// renderer how to put it.
import type { HotKeysUnavailable } from '../../shared/ipc';

export function hotKeysUnavailableText(why: HotKeysUnavailable): string {
  switch (why.reason) {
    case 'nothing-on-screen': return 'nothing is on screen yet';
    case 'comparison': return 'a comparison has no hot keys: open either side to see them';
    case 'gone': return 'this cell is no longer on screen';
    case 'aggregate': return `This row aggregates ${why.routeCount} cold route(s) into one bucket; elastickv samples hot keys per route, `
      + 'not for aggregates. A busier route gets a row of its own.';
    case 'not-a-route': return `${why.bucketId} is not a route row: there are no hot keys to ask for`;
    case 'series': return 'Hot keys are sampled for writes only (elastickv v1): switch the series to Writes to drill into this row.';
    case 'not-in-file': return 'This file holds no hot keys for this row: a snapshot keeps the hot keys that were opened before it was exported.';
    case 'capture': return 'A capture records matrices, not hot keys: there are none to show here.';
  }
}

export const OLDER_COLUMN_TEXT = 'Nodes keep hot keys only for their latest window (about one step): nobody can say which keys were hot in this older column.';

/**
 * What an incomplete sketch means for the list, only for what happened: dropped samples make the
 * counts low; a key too long for the sampler is missing from the list, its neighbours' counts are right.
 */
export function sketchGapsText(m: { dropped_samples: number; skipped_long_keys: number }): string | null {
  const parts = [
    m.dropped_samples > 0 ? `${m.dropped_samples.toLocaleString()} sample(s) dropped (the sampler fell behind): the counts below may be lower than the real ones` : '',
    m.skipped_long_keys > 0 ? `${m.skipped_long_keys.toLocaleString()} key(s) too long for the sampler are not listed` : '',
  ].filter(Boolean);
  return parts.length > 0 ? `Incomplete sketch: ${parts.join('; ')}.` : null;
}
