// How a comparison names its sides: which is live, which is a file, and when each was taken.
import { describe, expect, test } from 'vitest';
import { sideLabels, type ViewSide } from '../../../../src/main/app/views';

// Local times, whatever this machine's zone: the labels are the operator's clock.
const at = (d: number, h: number, m: number, s: number): number => new Date(2026, 10, d, h, m, s).getTime();
const live = (atMs: number | null): ViewSide => ({ what: 'live', file: null, atMs });
const snapshot = (file: string, atMs: number): ViewSide => ({ what: 'snapshot', file, atMs });

describe('sideLabels', () => {
  test('live (time) against snapshot (file, time), 24-hour', () => {
    expect(sideLabels(snapshot('prod-writes-2026-11-24.kvsnap', at(24, 13, 58, 0)), live(at(24, 14, 3, 20))))
      .toEqual({ a: 'snapshot (prod-writes-2026-11-24.kvsnap, 13:58:00)', b: 'live (14:03:20)' });
    expect(sideLabels(snapshot('a.kvsnap', at(24, 9, 5, 7)), snapshot('b.kvsnap', at(24, 23, 59, 59))))
      .toEqual({ a: 'snapshot (a.kvsnap, 09:05:07)', b: 'snapshot (b.kvsnap, 23:59:59)' });
  });

  test('taken on different days: both carry their date', () => {
    expect(sideLabels(snapshot('old.kvsnap', at(23, 13, 58, 0)), live(at(24, 14, 3, 20))))
      .toEqual({ a: 'snapshot (old.kvsnap, 2026-11-23 13:58:00)', b: 'live (2026-11-24 14:03:20)' });
  });

  test('a capture is named with its file and poll; a view without a time by its kind alone', () => {
    expect(sideLabels({ what: 'capture', file: 'c.kvcap', atMs: at(24, 1, 2, 3) }, { what: 'comparison', file: null, atMs: null }))
      .toEqual({ a: 'capture (c.kvcap, 01:02:03)', b: 'comparison' });
    expect(sideLabels(live(null), live(Number.NaN))).toEqual({ a: 'live', b: 'live' });
  });
});
