// The key axis as a hierarchy (heatmap/groups.ts): runs of neighbouring rows by adapter, then by
// the decoded user key's first segments; at least two rows, never a parent's rows again; a
// collapsed group is one row whose cells are the sums of its rows' (exact), the outermost collapsed
// group wins, and the zoom maps between the matrix's rows and the picture's both ways.
import { describe, expect, test } from 'vitest';
import type { ViewMatrix } from '../../../src/shared/ipc';
import { displayOf, groupLabel, keyGroups, keyPrefixes, rowAdapter, toDisplayRows, toSourceRows } from '../../../src/renderer/src/heatmap/groups';
import { rowLabel } from '../../../src/renderer/src/heatmap/axes';

const b64 = (s: string): string => btoa(s); // latin1 in, as the keys' bytes
const COLS = 3;

/** Rows as [bucket_id, start key]; row r's cells are r*10 + c + 1 (every cell distinct). */
function matrix(rows: Array<[string, string | null]>): ViewMatrix {
  const n = rows.length * COLS;
  const conflicts = new Uint8Array(n);
  conflicts[1 * COLS + 2] = 1;
  return {
    series: 'writes', generatedAt: null, columns: Float64Array.from([60_000, 120_000, 180_000]),
    rows: rows.map(([bucketId, start]) => ({ bucketId, label: '', start: start === null ? null : b64(start), end: null, aggregate: false,
      routeCount: 1, routeIds: null, routeIdsTruncated: false, conflict: false, group: 3 })),
    values: Float64Array.from({ length: n }, (_, i) => Math.floor(i / COLS) * 10 + (i % COLS) + 1),
    conflicts, handovers: new Uint8Array(n),
  };
}

// The Demo's layout (plain text keys under adapter labels) and elastickv's internal keys.
const ROWS: Array<[string, string | null]> = [
  ['route:1', null], // 0: no adapter, no key
  ['route:2', '!sys/txn/'], // 1
  ['route:3:dynamo', 'dynamo/orders/'], // 2
  ['route:4:dynamo', 'dynamo/orders/o:1'], // 3
  ['route:5:dynamo', 'dynamo/orders/o:2'], // 4
  ['route:6:dynamo', 'dynamo/users/'], // 5: alone under dynamo/users/
  ['route:7:redis', '!redis|str|user:1'], // 6: internal keys: user keys user:1, user:9, cart:4
  ['route:8:redis', '!redis|str|user:9'], // 7
  ['route:9:redis', '!redis|hash|cart:4'], // 8
  ['virtual:1', 'dynamo/zzz/'], // 9: an aggregate without a label: no adapter
];

describe('key groups', () => {
  test('adapter from the label, else from the decoded key; prefixes of the user key, two deep', () => {
    expect(rowAdapter({ bucketId: 'route:7:redis', start: null })).toBe('redis');
    expect(rowAdapter({ bucketId: 'virtual:3', start: b64('!redis|str|k') })).toBe('redis');
    expect(rowAdapter({ bucketId: 'virtual:3', start: b64('dynamo/x') })).toBe('');
    expect(keyPrefixes(b64('dynamo/orders/o:166666'))).toEqual(['dynamo/', 'dynamo/orders/']);
    expect(keyPrefixes(b64('!redis|str|user:1:profile'))).toEqual(['user:', 'user:1:']);
    expect(keyPrefixes(b64('plain'))).toEqual([]);
    expect(keyPrefixes(b64('\x00\xff/x'))).toEqual([]); // not text
    expect(keyPrefixes(null)).toEqual([]);
  });

  test('runs of neighbouring rows; a lone row is no group; a level that repeats its parent\'s rows is left out', () => {
    const g = keyGroups(matrix(ROWS)).map((x) => [x.level, x.name, x.start, x.end]);
    expect(g).toEqual([
      [0, '(no adapter)', 0, 2],
      // dynamo/ spans the same rows as the adapter: only the adapter's group.
      [0, 'dynamo', 2, 6],
      [2, 'dynamo/orders/', 2, 5],
      [0, 'redis', 6, 9],
      [1, 'user:', 6, 8],
    ]);
  });

  test('1024 rows of one adapter in 64 prefixes of 16: one adapter group, 64 prefix groups (the first segment repeats the adapter\'s rows); cached per matrix', () => {
    const many = matrix(Array.from({ length: 1024 }, (_, i) => [`route:${i + 1}:redis`, `redis/t${Math.floor(i / 16)}/k:${i}`]));
    const g = keyGroups(many);
    expect(g.filter((x) => x.level === 0)).toHaveLength(1);
    expect(g.filter((x) => x.level === 2)).toHaveLength(64);
    expect(keyGroups(many)).toBe(g);
  });
});

describe('collapsed groups', () => {
  const m = matrix(ROWS);
  const groups = keyGroups(m);
  const key = (name: string): string => groups.find((g) => g.name === name)!.key;

  test('nothing collapsed: the matrix itself, row for row', () => {
    const d = displayOf(m, []);
    expect(d.matrix).toBe(m);
    expect(d.rows).toHaveLength(ROWS.length);
    expect(Array.from(d.displayOf)).toEqual(ROWS.map((_, i) => i));
    expect(d.shown.every((s) => !s.collapsed)).toBe(true);
    expect(d.label(6)).toBe(rowLabel(m, 6));
  });

  test('a collapsed group is one row: per column the sum of its rows (exact), marks of any of them; the rows after it move up', () => {
    const d = displayOf(m, [key('dynamo/orders/')]);
    expect(d.rows).toHaveLength(ROWS.length - 2);
    expect(d.rows[2]).toMatchObject({ kind: 'group', group: { name: 'dynamo/orders/', start: 2, end: 5 } });
    for (let c = 0; c < COLS; c++) {
      const sum = [2, 3, 4].reduce((s, r) => s + m.values[r * COLS + c]!, 0);
      expect(d.matrix.values[2 * COLS + c]).toBe(sum);
    }
    // Row 5 of the matrix is row 3 of the picture, its cells as they were.
    expect(Array.from(d.matrix.values.subarray(3 * COLS, 4 * COLS))).toEqual(Array.from(m.values.subarray(5 * COLS, 6 * COLS)));
    expect(d.matrix.rows[3]!.group).toBe(3);
    expect(d.matrix.rows[2]!.group).toBe(0); // a sum has no one Raft group
    expect(d.matrix.conflicts[1 * COLS + 2]).toBe(1); // row 1 is not in the group: as it was
    expect(Array.from(d.displayOf)).toEqual([0, 1, 2, 2, 2, 3, 4, 5, 6, 7]);
    expect(d.label(2)).toBe(groupLabel(d.rows[2]!.kind === 'group' ? d.rows[2]!.group : groups[0]!));
    expect(d.label(2)).toBe('▸ dynamo/orders/ · 3 rows');
    expect(d.matrix.rows[2]).toMatchObject({ aggregate: true, routeCount: 3, label: 'dynamo' });
    // The adapter's group around it is still on the axis, now three rows of the picture.
    expect(d.shown.find((s) => s.group.name === 'dynamo')).toMatchObject({ d0: 2, d1: 4, collapsed: false });
  });

  test('the outermost collapsed group wins; the groups inside it leave the axis', () => {
    const d = displayOf(m, [key('user:'), key('redis')]);
    expect(d.rows.map((r) => (r.kind === 'row' ? r.row : r.group.name))).toEqual([0, 1, 2, 3, 4, 5, 'redis', 9]);
    for (let c = 0; c < COLS; c++) expect(d.matrix.values[6 * COLS + c]).toBe([6, 7, 8].reduce((s, r) => s + m.values[r * COLS + c]!, 0));
    expect(d.shown.map((s) => s.group.name)).not.toContain('user:');
    expect(d.shown.find((s) => s.group.name === 'redis')).toMatchObject({ d0: 6, d1: 7, collapsed: true });
  });

  test('a collapsed group\'s conflict marks: any of its rows\'', () => {
    const d = displayOf(m, [key('(no adapter)')]);
    expect(Array.from(d.matrix.conflicts.subarray(0, COLS))).toEqual([0, 0, 1]);
  });

  test('the zoom in the matrix\'s rows, as the picture\'s rows and back', () => {
    const d = displayOf(m, [key('dynamo/orders/')]);
    expect(toDisplayRows(d, 0, ROWS.length)).toEqual([0, ROWS.length - 2]);
    expect(toDisplayRows(d, 3, 6)).toEqual([2, 4]); // a row inside the group: the group's row
    expect(toSourceRows(d, 2, 4)).toEqual([2, 6]);
    expect(toSourceRows(d, 0, 2)).toEqual([0, 2]);
    for (let a = 0; a < d.rows.length; a++) {
      for (let b = a + 1; b <= d.rows.length; b++) expect(toDisplayRows(d, ...toSourceRows(d, a, b))).toEqual([a, b]);
    }
  });
});
