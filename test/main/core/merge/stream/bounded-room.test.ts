// Hostile input gets bounded memory, not only bounded bytes: a small answer naming many columns
// and then sending empty lists must not make the decoder reserve a column-wide array per list.
import { describe, expect, test } from 'vitest';
import { createMatrixDecoder } from '../../../../../src/main/core/merge/stream';
import { MAX_HISTORY_COLUMNS } from '../../../../../src/shared/limits';

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

  test('a usual answer still gets each list in one allocation of the right size (no copies)', () => {
    const d = createMatrixDecoder('n1', 0, { rows: 8 });
    const cols = [1000, 2000, 3000];
    const rows = [1, 2].map((r) => `{"bucket_id":"route:${r}","values":[${r},0,${r}],"raft_group_ids":[1,1,1],"leader_terms":[2,2,2]}`);
    d.push(Buffer.from(`{"series":"writes","column_unix_ms":[${cols}],"rows":[${rows.join(',')}]}`));
    const m = d.end().matrix;
    expect(m.rows.map((r) => [Array.from(r.values), r.values.buffer.byteLength])).toEqual([[[1, 0, 1], 12], [[2, 0, 2], 12]]);
  });
});
