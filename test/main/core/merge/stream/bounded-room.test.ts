// Hostile input gets bounded memory, not only bounded bytes: a small answer naming many columns
// and then sending empty lists must not make the decoder reserve a column-wide array per list.
import { describe, expect, test } from 'vitest';
import { createMatrixDecoder } from '../../../../../src/main/core/merge/stream';
import { MAX_HISTORY_COLUMNS } from '../../../../../src/shared/limits';
import { Slab } from '../../../../../src/main/core/merge/stream/builders';

const MIB = 1 << 20;

describe('the decoder reserves room from what it read', () => {
  test(`${MAX_HISTORY_COLUMNS} columns, then 1000 rows of empty lists (under 1 MB): a few MiB of arrays, not GiBs`, () => {
    const cols = Array.from({ length: MAX_HISTORY_COLUMNS }, (_, j) => 1_000_000 + j).join(',');
    const row = '{"bucket_id":"route:1","values":[],"raft_group_ids":[],"leader_terms":[]}';
    const head = Buffer.from(`{"series":"writes","column_unix_ms":[${cols}],"rows":[`);
    const rows = Buffer.from(Array.from({ length: 1000 }, () => row).join(','));
    const d = createMatrixDecoder('hostile', 0, { rows: 1024 });
    d.push(head);
    const before = process.memoryUsage().arrayBuffers;
    d.push(rows);
    const grew = process.memoryUsage().arrayBuffers - before;
    // Each empty list used to get room for every column: 3000 × 400 KB = 1.2 GB held at once.
    expect(grew).toBeLessThan(16 * MIB);
    expect(rows.length).toBeLessThan(MIB);
  });

  test('a usual answer gets each list once, of the right size (no copies), all of them carved out of one block', () => {
    const d = createMatrixDecoder('n1', 0, { rows: 8 });
    const cols = [1000, 2000, 3000];
    const rows = [1, 2].map((r) => `{"bucket_id":"route:${r}","values":[${r},0,${r}],"raft_group_ids":[1,1,1],"leader_terms":[2,2,2]}`);
    d.push(Buffer.from(`{"series":"writes","column_unix_ms":[${cols}],"rows":[${rows.join(',')}]}`));
    const m = d.end().matrix;
    expect(m.rows.map((r) => Array.from(r.values))).toEqual([[1, 0, 1], [2, 0, 2]]);
    const lists = m.rows.flatMap((r) => [r.values, r.groups!, r.terms!]);
    expect(lists.every((l) => l.length === 3)).toBe(true);
    // One ArrayBuffer for all six lists: an allocation (and a transfer from a worker) per block, not per list.
    expect(new Set(lists.map((l) => l.buffer)).size).toBe(1);
    // Laid out one after another (4-byte counters; each list at an 8-byte boundary).
    expect(lists.map((l) => l.byteOffset)).toEqual([0, 16, 32, 48, 64, 80].map((x) => x + lists[0]!.byteOffset));
  });

  test('a slab: lists side by side in doubling blocks, doubles 8-byte aligned after an odd count, a huge list on its own', () => {
    const slab = new Slab();
    const a = slab.uint32(3);
    const b = slab.float64(2);
    expect(b.buffer).toBe(a.buffer);
    expect(b.byteOffset).toBe(16); // 12 bytes used, the doubles start at the next 8-byte boundary
    const big = slab.uint32(20_000); // 80 KB: more than the first 64 KiB block has left
    expect(big.buffer).not.toBe(a.buffer);
    expect(big.buffer.byteLength).toBe(128 * 1024); // the next block, twice the first
    const huge = slab.float64(1 << 20); // 8 MiB: a buffer of its own, exactly its size
    expect(huge.buffer.byteLength).toBe(8 * MIB);
    expect(slab.uint32(1).buffer).toBe(big.buffer); // the current block goes on being used
    b[1] = 1.5;
    expect([...a, ...b]).toEqual([0, 0, 0, 0, 1.5]);
  });
});
