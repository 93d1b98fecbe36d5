// Incremental refresh: after any number of incremental rounds, the merged matrix equals a full
// refetch at the same moment, and each round moves only the new columns.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DEMO_ACCESS_KEY, DEMO_SECRET_KEY, startDemoCluster } from '../../../../src/demo-cluster';
import { ClusterClient, type MatrixQuery } from '../../../../src/main/core/fanout';
import { appendColumns, trimColumns } from '../../../../src/main/core/round';
import { matrixJson, parseNodeMatrix } from '../../../../src/main/core/merge';
import { TestClock } from '../../../helpers/http';

const STEP = 60_000;

describe('incremental refresh', () => {
  test('equals a full refetch after any sequence of rounds (all history, and a sliding window)', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }), fc.boolean(),
      async (steps, sliding) => {
        const clock = new TestClock(Date.UTC(2026, 10, 24, 10, 0, 0));
        const cluster = await startDemoCluster({ nodes: 3, history: 120, routes: 12, clock: clock.now, seed: 6 });
        const kept = new ClusterClient({ nodes: cluster.urls, accessKey: DEMO_ACCESS_KEY, secret: DEMO_SECRET_KEY });
        try {
          const query = (): MatrixQuery => ({ series: 'writes', rows: 1024, fromMs: sliding ? clock.ms - 90 * STEP : null, toMs: null });
          const first = await kept.fetch(query(), {}, undefined, true);
          const fullBytes = first.nodes.reduce((a, n) => a + n.status.bytes, 0);
          for (const k of steps) {
            clock.advance(k * STEP);
            const inc = await kept.fetch(query(), {}, undefined, true);
            const fresh = new ClusterClient({ nodes: cluster.urls, accessKey: DEMO_ACCESS_KEY, secret: DEMO_SECRET_KEY });
            try {
              const full = await fresh.fetch(query());
              expect(inc.nodes.every((n) => n.status.incremental === true)).toBe(true);
              expect(matrixJson(inc.merge!.matrix)).toBe(matrixJson(full.merge!.matrix));
              const incBytes = inc.nodes.reduce((a, n) => a + n.status.bytes, 0);
              expect(incBytes).toBeLessThan(fullBytes / 3); // row metadata dominates at 120 columns; the bench measures 1440
            } finally {
              await fresh.close();
            }
          }
        } finally {
          await kept.close();
          await cluster.stop();
        }
      }), { numRuns: 6 });
  }, 60_000);

  test('another query starts over with a full request', async () => {
    const cluster = await startDemoCluster({ nodes: 2, history: 30, routes: 12 });
    const c = new ClusterClient({ nodes: cluster.urls, accessKey: DEMO_ACCESS_KEY, secret: DEMO_SECRET_KEY });
    try {
      await c.fetch({ series: 'writes', rows: 1024, fromMs: null, toMs: null }, {}, undefined, true);
      const other = await c.fetch({ series: 'reads', rows: 1024, fromMs: null, toMs: null }, {}, undefined, true);
      expect(other.nodes.every((n) => !n.status.incremental)).toBe(true);
      expect(other.nodes.every((n) => n.raw !== null)).toBe(true);
    } finally {
      await c.close();
      await cluster.stop();
    }
  });

  test('appending and trimming: new rows get zeros before, rows with nothing left go', () => {
    const kept = parseNodeMatrix({ column_unix_ms: [1, 2], series: 'reads', rows: [
      { bucket_id: 'route:1', values: [5, 0], raft_group_ids: [3, 3], leader_terms: [1, 1] },
      { bucket_id: 'route:2', values: [7, 0] }] }, 'n').matrix;
    const next = parseNodeMatrix({ column_unix_ms: [3], series: 'reads', rows: [
      { bucket_id: 'route:1', values: [6], raft_group_ids: [3], leader_terms: [2] }, { bucket_id: 'route:3', values: [9] }] }, 'n').matrix;
    const both = appendColumns(kept, next);
    expect([...both.columns]).toEqual([1, 2, 3]);
    expect(both.rows.map((r) => [r.bucketId, [...r.values]])).toEqual([['route:1', [5, 0, 6]], ['route:2', [7, 0, 0]], ['route:3', [0, 0, 9]]]);
    expect([...both.rows[0]!.terms!]).toEqual([1, 1, 2]);
    const trimmed = trimColumns(both, 2, 10);
    expect([...trimmed.columns]).toEqual([2, 3]);
    expect(trimmed.rows.map((r) => r.bucketId)).toEqual(['route:1', 'route:3']); // route:2 had nothing left
    expect(trimColumns(both, null, 1).columns.length).toBe(1);
  });
});
