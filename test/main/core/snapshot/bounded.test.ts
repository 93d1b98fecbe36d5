// Issue 15 in files: an older snapshot's kept matrix (more rows than asked) is cut, not refused;
// a capture counts a twin address as answered; a comparison is bounded like a merge.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { ClusterClient } from '../../../../src/main/core/fanout';
import { Segments } from '../../../../src/main/core/capture/segments';
import { DiffError, diffMatrices, parseNodeMatrix } from '../../../../src/main/core/merge';
import { openSnapshot, writeSnapshotFile } from '../../../../src/main/core/snapshot';
import { fakeElastickv, type FakeNode } from '../../../helpers/fake-node';

const T0 = 1_700_000_000_000;
let dir: string;
const nodes: FakeNode[] = [];
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'kv-bounded-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => { await Promise.all(nodes.splice(0).map((n) => n.stop())); });

const row = (id: string, v: number) => ({ bucket_id: id, start: null, end: null, aggregate: false, route_count: 1, values: [v] });

describe('snapshots', () => {
  test('a kept matrix with more rows than asked (written before they were cut) opens cut to the busiest, with a warning', async () => {
    const n = fakeElastickv(() => ({ body: JSON.stringify({ column_unix_ms: [T0], series: 'reads', rows: [row('route:1', 5), row('route:2', 9)] }) }));
    nodes.push(n);
    const client = new ClusterClient({ nodes: [await n.start()], accessKey: 'k', secret: 's' });
    const query = { series: 'reads' as const, rows: 2, fromMs: null, toMs: null };
    const result = await client.fetch(query);
    await client.close();
    const path = join(dir, 'old.json');
    await writeSnapshotFile(path, { result, request: { ...query, compat: false }, appVersion: 't' });
    const doc = JSON.parse(readFileSync(path, 'utf8'));
    doc.nodes[0].matrix.rows.push(row('route:3', 1), row('route:4', 20));
    writeFileSync(path, JSON.stringify(doc));
    const opened = await openSnapshot(path);
    expect(opened.result.nodes[0]!.matrix!.rows.map((r) => r.bucketId).sort()).toEqual(['route:2', 'route:4']);
    expect(opened.result.warnings.join('\n')).toContain('4 rows kept, cut to the 2 busiest as asked');
  });
});

describe('captures', () => {
  test('a twin address is not a failing node: its segment stays completed', () => {
    const s = new Segments(['a', 'b']);
    s.add([{ node: 'a', ok: true, elapsed_ms: 1, bytes: 10, warnings: [] },
      { node: 'b', ok: false, duplicate_of: 'a', error: 'not asked: the same node as a', elapsed_ms: 0, bytes: 0, warnings: [] }]);
    expect(s.final(false).map((x) => [x.node, x.status, x.ok, x.failed])).toEqual([['a', 'completed', 1, 0], ['b', 'completed', 1, 0]]);
  });
});

describe('comparisons', () => {
  test('two views whose union would be too large are refused with the sizes, not built', () => {
    const wide = (off: number) => {
      const cols = Array.from({ length: 40_000 }, (_, i) => T0 + i * 1000 + off);
      const m = parseNodeMatrix({ column_unix_ms: cols, series: 'reads', rows: [] }, 'x').matrix;
      // Rows built directly: 1000 rows × 40 000 columns on each side, at different times.
      const rows = Array.from({ length: 1000 }, (_, r) => ({ ...parseNodeMatrix({ column_unix_ms: [T0], series: 'reads', rows: [row(`route:${r}`, 1)] }, 'x').matrix.rows[0]!,
        values: new Uint32Array(40_000), conflicts: null }));
      return { columns: m.columns, rows, series: 'reads' as const, generatedAt: null };
    };
    expect(() => diffMatrices(wide(0), wide(500), { a: 'A', b: 'B' })).toThrow(DiffError);
    expect(() => diffMatrices(wide(0), wide(500), { a: 'A', b: 'B' })).toThrow(/the comparison of A and B would be too large: 1000 rows × 80000 columns/);
  });
});
