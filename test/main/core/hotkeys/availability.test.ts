// The hot-keys rule as a pure function: which cells can have hot keys, from where, and why not.
import { describe, expect, test } from 'vitest';
import { hotKeysAvailability, type HotKeysCell } from '../../../../src/main/core/hotkeys/availability';
import type { MergedMatrix, MergedRow } from '../../../../src/main/core/merge';
import type { SavedHotKeys } from '../../../../src/shared/snapshot';

const row = (bucketId: string, values: number[], extra: Partial<MergedRow> = {}): MergedRow => ({
  bucketId, label: '', start: null, end: null, aggregate: false, routeCount: 1, routeIds: null, routeIdsTruncated: false,
  values: Float64Array.from(values), groups: null, terms: null, conflicts: null, ...extra,
} as MergedRow);

const matrix = (series: MergedMatrix['series'] = 'writes'): MergedMatrix => ({
  series, generatedAt: null, columns: Float64Array.from([0, 60_000, 120_000]),
  rows: [
    row('route:7', [1, 2, 30]),
    row('route:8:redis#0', [0, 0, 5]),
    row('route:8:redis#1', [0, 0, 7]),
    row('virtual:3', [9, 9, 9], { aggregate: true, routeCount: 4 }),
    row('something-else', [1, 1, 1]),
  ],
});

const cell = (c: Partial<HotKeysCell> = {}): HotKeysCell => {
  const m = c.matrix ?? matrix();
  const r = c.row ?? 0;
  return { matrix: m, row: r, col: 2, bucketId: m.rows[r]?.bucketId ?? 'x', latest: false, source: 'ask', pastWindow: false, saved: undefined, ...c };
};

const saved = (whole = false): SavedHotKeys => ({ bucket_id: 'route:8:redis#0', asked_at: '2026-11-24T12:00:00Z', outcome: 'complete', nodes: [],
  merged: null, split: [], ...(whole ? { whole_route: true } : {}) });

describe('hot-keys availability', () => {
  test('the latest column of a route: ask the nodes, with the route and what a share is of', () => {
    const a = hotKeysAvailability(cell());
    if (a.state !== 'ask') throw new Error(a.state);
    expect(a.route).toEqual({ routeId: '7', label: '', subBucket: null });
    expect(a.rowTotal(false)).toBe(30);
  });

  test('a sub-bucket\'s keys are a share of its row; the whole route\'s of all the route\'s rows', () => {
    const a = hotKeysAvailability(cell({ row: 1 }));
    if (a.state !== 'ask') throw new Error(a.state);
    expect(a.route).toEqual({ routeId: '8', label: 'redis', subBucket: 0 });
    expect([a.rowTotal(false), a.rowTotal(true)]).toEqual([5, 12]);
  });

  test('older columns and past windows: the user may ask for the latest window instead', () => {
    expect(hotKeysAvailability(cell({ col: 1 }))).toEqual({ state: 'older-column' });
    expect(hotKeysAvailability(cell({ pastWindow: true }))).toEqual({ state: 'older-column' });
    expect(hotKeysAvailability(cell({ col: 1, latest: true })).state).toBe('ask');
  });

  test('the reasons, each for its row or view', () => {
    expect(hotKeysAvailability(cell({ row: 3 }))).toEqual({ state: 'unavailable', why: { reason: 'aggregate', routeCount: 4 } });
    expect(hotKeysAvailability(cell({ row: 4 }))).toEqual({ state: 'unavailable', why: { reason: 'not-a-route', bucketId: 'something-else' } });
    expect(hotKeysAvailability(cell({ matrix: matrix('reads') }))).toEqual({ state: 'unavailable', why: { reason: 'series' } });
    expect(hotKeysAvailability(cell({ bucketId: 'route:9' }))).toEqual({ state: 'unavailable', why: { reason: 'gone' } });
    expect(hotKeysAvailability(cell({ col: 3 }))).toEqual({ state: 'unavailable', why: { reason: 'gone' } });
    expect(hotKeysAvailability(cell({ row: 9 }))).toEqual({ state: 'unavailable', why: { reason: 'gone' } });
    expect(hotKeysAvailability(cell({ source: 'file' }))).toEqual({ state: 'unavailable', why: { reason: 'not-in-file' } });
    expect(hotKeysAvailability(cell({ source: 'capture' }))).toEqual({ state: 'unavailable', why: { reason: 'capture' } });
  });

  test('files answer with what they saved, in any column, a share of the row or the whole route', () => {
    expect(hotKeysAvailability(cell({ row: 1, col: 0, source: 'file', saved: saved() }))).toEqual({ state: 'saved', saved: saved(), rowTotal: 5 });
    expect(hotKeysAvailability(cell({ row: 1, source: 'file', saved: saved(true) }))).toEqual({ state: 'saved', saved: saved(true), rowTotal: 12 });
    // Live views ask again even when keys were opened before.
    expect(hotKeysAvailability(cell({ row: 1, saved: saved() })).state).toBe('ask');
  });
});
