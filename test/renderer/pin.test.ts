// A pin is a place (bucket_id, column time): it follows rows that re-order and columns that shift,
// and says why when its row or its column is gone.
import { describe, expect, test } from 'vitest';
import { columnAt, followPin, pinAt } from '../../src/renderer/src/pin';
import { pinLostText } from '../../src/renderer/src/pin-words';
import type { ViewMatrix } from '../../src/shared/ipc';

const STEP = 60_000;
function matrix(buckets: string[], columns: number[]): ViewMatrix {
  const cells = buckets.length * columns.length;
  return { series: 'writes', generatedAt: null, columns: Float64Array.from(columns),
    rows: buckets.map((bucketId) => ({ bucketId, label: '', start: null, end: null, aggregate: false, routeCount: 1, routeIds: null, routeIdsTruncated: false, conflict: false, group: 0 })),
    values: new Float64Array(cells), conflicts: new Uint8Array(cells), handovers: new Uint8Array(cells) };
}

describe('pins by place', () => {
  test('a pin follows its bucket and column time when rows re-order and columns shift by a step', () => {
    const before = matrix(['route:1', 'route:2', 'route:3'], [STEP, 2 * STEP, 3 * STEP]);
    const pin = pinAt(before, { row: 1, col: 2 })!;
    expect(pin).toEqual({ row: 1, col: 2, bucketId: 'route:2', columnMs: 3 * STEP });
    const after = matrix(['route:3', 'route:0', 'route:2'], [2 * STEP, 3 * STEP, 4 * STEP]);
    expect(followPin(pin, after)).toEqual({ pin: { row: 2, col: 1, bucketId: 'route:2', columnMs: 3 * STEP }, lost: null });
  });

  test('its row gone, or its column out of the window: let go, and why', () => {
    const pin = { row: 0, col: 0, bucketId: 'route:12', columnMs: STEP };
    expect(followPin(pin, matrix(['route:3'], [STEP]))).toEqual({ pin: null, lost: { bucketId: 'route:12', columnMs: STEP, why: 'row' } });
    expect(followPin(pin, matrix(['route:12'], [2 * STEP, 3 * STEP]))).toEqual({ pin: null, lost: { bucketId: 'route:12', columnMs: STEP, why: 'column' } });
    expect(pinLostText({ bucketId: 'route:12', columnMs: STEP, why: 'row' })).toBe("Unpinned: the pinned cell's row route:12 is no longer among the top rows.");
    expect(pinLostText({ bucketId: 'route:12', columnMs: STEP, why: 'column' })).toMatch(/^Unpinned: the pinned cell's column \(.+\) has left the window; its row was route:12\.$/);
  });

  test('a column is its exact time, else the nearest one within half a step; never one a step away', () => {
    const cols = [STEP, 2 * STEP, 3 * STEP];
    expect(columnAt(cols, 2 * STEP)).toBe(1);
    expect(columnAt(cols, 2 * STEP + 800)).toBe(1); // another node's flush time for that slot
    expect(columnAt(cols, 3 * STEP - 800)).toBe(2);
    expect(columnAt(cols, 0)).toBe(-1); // the slot before the window
    expect(columnAt(cols, 4 * STEP)).toBe(-1); // past the last column
    expect(columnAt(cols, 1.5 * STEP)).toBe(-1); // halfway: no slot of its own
    expect(columnAt([STEP], STEP)).toBe(0);
    expect(columnAt([STEP], STEP + 1)).toBe(-1); // a lone column has no step to judge by
    expect(columnAt([], STEP)).toBe(-1);
  });
});
