// fast-check generators of node matrices as a node would send them (wire JSON).
import fc from 'fast-check';
import type { Series } from '../../../../src/shared/elastickv/wire';

export interface WireRowIn {
  bucket_id: string;
  start?: string | null;
  end?: string | null;
  values: number[];
  raft_group_ids?: number[];
  leader_terms?: number[];
}
export interface WireIn { column_unix_ms: number[]; rows: WireRowIn[]; series: Series }

const BUCKETS = ['route:1', 'route:2', 'route:3:redis', 'route:4#0', 'route:4#1', 'virtual:18446744073709551615'];

/** Small values, identities that collide often (so conflicts and fallbacks happen); rows parallel to the columns, as the contract (and the parser) requires. */
export function wireMatrix(series: Series, columnPool: number[]): fc.Arbitrary<WireIn> {
  return fc.uniqueArray(fc.constantFrom(...columnPool), { minLength: 0, maxLength: columnPool.length })
    .map((cols) => [...cols].sort((a, b) => a - b))
    .chain((cols) => fc.record({
      column_unix_ms: fc.constant(cols),
      series: fc.constant(series),
      rows: fc.uniqueArray(fc.record({
        bucket_id: fc.constantFrom(...BUCKETS),
        values: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 60 })), { minLength: cols.length, maxLength: cols.length }),
        identity: fc.oneof(
          fc.constant(null), // legacy node: no identity arrays
          fc.record({ g: fc.integer({ min: 0, max: 2 }), t: fc.integer({ min: 0, max: 3 }) }),
        ),
        ids: fc.array(fc.record({ g: fc.integer({ min: 0, max: 2 }), t: fc.integer({ min: 0, max: 3 }) }), { maxLength: cols.length }),
      }), { selector: (r) => r.bucket_id, maxLength: 5 }).map((rows) => rows.map((r): WireRowIn => {
        const row: WireRowIn = { bucket_id: r.bucket_id, values: r.values };
        if (r.identity !== null) {
          row.raft_group_ids = r.values.map((_, j) => r.ids[j]?.g ?? r.identity!.g);
          row.leader_terms = r.values.map((_, j) => r.ids[j]?.t ?? r.identity!.t);
        }
        return row;
      })),
    }));
}

export const SERIES_ARB = fc.constantFrom<Series>('reads', 'writes', 'read_bytes', 'write_bytes');
