// Snapshot files: written atomically (gzip by name), read by magic bytes, and every way a file
// can be wrong says so.
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DemoCluster, DEMO_ACCESS_KEY, DEMO_SECRET_KEY, startDemoCluster } from '../../../../src/demo-cluster';
import { ClusterClient, type FanoutResult } from '../../../../src/main/core/fanout';
import { writeFileAtomic } from '../../../../src/main/core/files/atomic';
import { readSnapshotFile, type SnapshotInput, writeSnapshotFile } from '../../../../src/main/core/snapshot';

const dir = mkdtempSync(join(tmpdir(), 'keyviz-snap-'));
let cluster: DemoCluster;
let input: SnapshotInput;

beforeAll(async () => {
  cluster = await startDemoCluster({ nodes: 3, history: 30, routes: 12, faults: [{ node: 2, fault: 'status:503' }] });
  const client = new ClusterClient({ nodes: cluster.urls, accessKey: DEMO_ACCESS_KEY, secret: DEMO_SECRET_KEY });
  let result: FanoutResult;
  try {
    result = await client.fetch({ series: 'writes', rows: 1024, fromMs: null, toMs: null });
  } finally {
    await client.close();
  }
  input = { result, request: { series: 'writes', rows: 1024, fromMs: null, toMs: null, compat: false }, appVersion: '9.9.9', createdAtMs: Date.UTC(2026, 10, 24, 3, 0, 0) };
});
afterAll(async () => {
  await cluster.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('snapshot files', () => {
  test('round trip: the merged view, the fanout block, every node with its raw matrix or its reason', async () => {
    const path = join(dir, 'a.json');
    await writeSnapshotFile(path, input);
    expect(readFileSync(path, 'utf8').startsWith('{"format":"keyviz-inspector/snapshot","version":1,')).toBe(true);
    const s = await readSnapshotFile(path);
    expect(s.created_at).toBe('2026-11-24T03:00:00Z');
    expect(s.app_version).toBe('9.9.9');
    expect(s.request).toEqual({ series: 'writes', rows: 1024, from_unix_ms: null, to_unix_ms: null, compat: false });
    expect(s.matrix.fanout).toEqual({ nodes: [{ node: cluster.urls[0], ok: true }, { node: cluster.urls[1], ok: true },
      { node: cluster.urls[2], ok: false, error: input.result.nodes[2]!.status.error }], responded: 2, expected: 3 });
    expect(s.nodes.map((n) => [n.ok, n.matrix !== undefined])).toEqual([[true, true], [true, true], [false, false]]);
    expect(s.nodes[2]!.error).toMatch(/^KeyViz is disabled on this node/);
    expect(s.nodes[0]!.matrix!.rows.length).toBeGreaterThan(0);
    expect(s.coverage!.inputs).toEqual(cluster.urls.slice(0, 2));
    expect(s.matrix.rows.length).toBe(input.result.merge!.matrix.rows.length);
  });

  test('.kvsnap and .gz are gzip; reading goes by the magic bytes, whatever the name', async () => {
    const path = join(dir, 'b.kvsnap');
    await writeSnapshotFile(path, input);
    const bytes = readFileSync(path);
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
    const renamed = join(dir, 'b-renamed.json');
    renameSync(path, renamed);
    expect((await readSnapshotFile(renamed)).version).toBe(1);
    await writeSnapshotFile(join(dir, 'c.json.gz'), input);
    expect(readFileSync(join(dir, 'c.json.gz'))[0]).toBe(0x1f);
  });

  test('never a secret or a cookie inside', async () => {
    const path = join(dir, 'd.kvsnap');
    await writeSnapshotFile(path, input);
    const text = gunzipSync(readFileSync(path)).toString('utf8');
    expect(text).not.toContain(DEMO_SECRET_KEY);
    expect(text).not.toContain('admin_session');
    expect(text).not.toContain('admin_csrf');
  });

  test.each([
    ['truncated gzip', () => gzipSync(Buffer.from('{"format":"keyviz-inspector/snapshot"')).subarray(0, 20), /damaged or truncated gzip data/],
    ['truncated JSON', () => Buffer.from('{"format":"keyviz-inspector/snapshot","version":1,"created'), /damaged or truncated: not valid JSON/],
    ['another JSON file', () => Buffer.from('{"name":"package"}'), /not a KeyViz Inspector snapshot/],
    ['a newer version', () => Buffer.from('{"format":"keyviz-inspector/snapshot","version":7}'), /newer KeyViz Inspector \(snapshot format version 7; this one reads up to version 1\)/],
    ['a damaged field', () => Buffer.from(JSON.stringify({ format: 'keyviz-inspector/snapshot', version: 1, created_at: 'yesterday' })), /damaged snapshot: created_at:/],
  ])('%s gets a clear message', async (_name, bytes, message) => {
    const path = join(dir, `bad-${Math.random().toString(36).slice(2)}.kvsnap`);
    writeFileSync(path, bytes());
    await expect(readSnapshotFile(path)).rejects.toThrow(message);
  });

  test('too large, on disk or once decompressed, is refused before it is read whole', async () => {
    const path = join(dir, 'e.json');
    await writeSnapshotFile(path, input);
    await expect(readSnapshotFile(path, 1000)).rejects.toThrow(/too large to open \(.* MiB; the limit is 0\.0 MiB\)/);
    const bomb = join(dir, 'bomb.kvsnap');
    writeFileSync(bomb, gzipSync(Buffer.alloc(5 * 1024 * 1024, 0x20)));
    await expect(readSnapshotFile(bomb, 1024 * 1024)).rejects.toThrow(/decompresses to more than 1\.0 MiB/);
    await expect(readSnapshotFile(join(dir, 'nope.kvsnap'))).rejects.toThrow(/cannot open it \(ENOENT\)/);
  });
});

describe('atomic writes', () => {
  test('a write that fails half-way leaves the old file and no temporary file', async () => {
    const path = join(dir, 'keep.json');
    writeFileSync(path, 'the old content');
    function* failing(): Generator<Buffer> {
      yield Buffer.from('{"half":');
      throw new Error('disk on fire');
    }
    await expect(writeFileAtomic(path, failing())).rejects.toThrow('disk on fire');
    expect(readFileSync(path, 'utf8')).toBe('the old content');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    await writeFileAtomic(path, [Buffer.from('new')]);
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(existsSync(path)).toBe(true);
  });
});
