// Row budget and final order against the contract's single-node vectors (§6.4 L04, L06).
import { describe, expect, test } from 'vitest';
import { budgetAndOrder } from '../../src/demo-cluster/matrix';

const row = (id: string, start: string | null, total: number) =>
  ({ bucket: { bucketId: id, start: start === null ? null : Buffer.from(start) }, total });
const ids = (rows: Array<{ bucket: { bucketId: string } }>): string[] => rows.map((r) => r.bucket.bucketId);

describe('budgetAndOrder', () => {
  test('L04: top 2 by activity, then sorted by start', () => {
    const rows = [row('route:1', 'a', 1), row('route:2', 'b', 100), row('route:3', 'c', 5), row('route:4', 'd', 50)];
    expect(ids(budgetAndOrder(rows, 2))).toEqual(['route:2', 'route:4']);
  });

  test('L06: ties broken by bucket_id, stable over repeated polls', () => {
    const rows = [row('route:3', 'c', 10), row('route:1', 'a', 10), row('route:2', 'b', 10)];
    for (let poll = 0; poll < 3; poll++) expect(ids(budgetAndOrder(rows, 2))).toEqual(['route:1', 'route:2']);
  });

  test('under budget nothing is dropped; order is raw start bytes with null first, ties by bucket_id', () => {
    const rows = [row('route:9', 'b', 0), row('route:2', null, 0), row('route:7:redis', 'a', 0), row('route:7:dynamo', 'a', 0),
      { bucket: { bucketId: 'route:5', start: Buffer.from([0xff]) }, total: 3 }, { bucket: { bucketId: 'route:6', start: Buffer.from([0x00]) }, total: 3 }];
    expect(ids(budgetAndOrder(rows, 1024))).toEqual(['route:2', 'route:6', 'route:7:dynamo', 'route:7:redis', 'route:9', 'route:5']);
  });

  test('byte order, not string order: 0x7f sorts before 0x80 and after "~"', () => {
    const rows = [row('r3', '\u0080', 0), row('r1', '~', 0), { bucket: { bucketId: 'r2', start: Buffer.from([0x7f]) }, total: 0 },
      { bucket: { bucketId: 'r4', start: Buffer.from([0xc2, 0x80]) }, total: 0 }];
    // Buffer.from('\u0080') is UTF-8 c2 80; a compare on JS strings would put it elsewhere.
    expect(ids(budgetAndOrder(rows, 10))).toEqual(['r1', 'r2', 'r3', 'r4']);
  });
});
