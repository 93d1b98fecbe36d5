// Opening a snapshot or a capture decodes the nodes' matrices from their bytes with the
// streaming decoder (the rest is JSON.parsed): the same view as reading the file whole, and where
// that fails in any way the file is read whole, for the same words and the same leniency.
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { DEMO_ACCESS_KEY, DEMO_SECRET_KEY, type DemoCluster, startDemoCluster } from '../../../../src/demo-cluster';
import { type CaptureClock, readCapture, runCapture } from '../../../../src/main/core/capture';
import { ClusterClient, type FanoutResult } from '../../../../src/main/core/fanout';
import { parseNodeMatrix } from '../../../../src/main/core/merge';
import { savedAnswerLimits } from '../../../../src/main/core/merge/parse';
import * as stream from '../../../../src/main/core/merge/stream';
import { openSnapshot, snapshotFromJson, writeSnapshotFile } from '../../../../src/main/core/snapshot';

// Counts the streaming decoder's calls (the real one runs).
vi.mock('../../../../src/main/core/merge/stream', async (original) => {
  const real = await original<typeof stream>();
  return { ...real, decodeMatrixBytes: vi.fn(real.decodeMatrixBytes) };
});
const decoded = vi.mocked(stream.decodeMatrixBytes);

const dir = mkdtempSync(join(tmpdir(), 'keyviz-embedded-'));
let cluster: DemoCluster;
let result: FanoutResult;
const Q = { series: 'writes' as const, rows: 1024, fromMs: null, toMs: null };

beforeAll(async () => {
  cluster = await startDemoCluster({ nodes: 3, history: 40, routes: 12, seed: 5, faults: [{ node: 2, fault: 'status:503' }] });
  const client = new ClusterClient({ nodes: cluster.urls, accessKey: DEMO_ACCESS_KEY, secret: DEMO_SECRET_KEY });
  try {
    result = await client.fetch(Q);
  } finally {
    await client.close();
  }
});
afterAll(async () => {
  await cluster.stop();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => { decoded.mockClear(); });

async function snapshotFile(name: string): Promise<string> {
  const path = join(dir, name);
  await writeSnapshotFile(path, { result, request: { ...Q, compat: false }, appVersion: 't', createdAtMs: Date.UTC(2026, 10, 24) });
  return path;
}
const whole = (path: string) => snapshotFromJson(JSON.parse(readFileSync(path, 'utf8')), path);

describe('openSnapshot', () => {
  test('the nodes\' matrices go to the streaming decoder; the view equals the file read whole', async () => {
    const path = await snapshotFile('a.json');
    const opened = await openSnapshot(path);
    expect(decoded).toHaveBeenCalledTimes(2); // the two nodes that answered
    expect(opened).toEqual(whole(path));
    expect(opened.result.nodes.map((n) => n.matrix?.rows.length ?? null)).toEqual(result.nodes.map((n) => n.matrix?.rows.length ?? null));
  });

  test('a gzip snapshot the same way', async () => {
    const path = await snapshotFile('a.kvsnap');
    const opened = await openSnapshot(path);
    expect(decoded).toHaveBeenCalledTimes(2);
    expect(opened.result.merge!.matrix).toEqual((await openSnapshot(await snapshotFile('again.json'))).result.merge!.matrix);
  });

  test('a bad cell in a node\'s matrix: the words of reading it whole', async () => {
    const path = await snapshotFile('bad.json');
    const text = readFileSync(path, 'utf8');
    const at = text.indexOf('"values":[', text.indexOf('"nodes":[')) + '"values":['.length;
    writeFileSync(path, `${text.slice(0, at)}-1${text.slice(text.indexOf(',', at))}`);
    expect(() => whole(path)).toThrow(/damaged snapshot: nodes\[0\]\.matrix: rows\[0\]\.values\[0\]: expected a non-negative integer, got -1$/);
    await expect(openSnapshot(path)).rejects.toThrow(/damaged snapshot: nodes\[0\]\.matrix: rows\[0\]\.values\[0\]: expected a non-negative integer, got -1$/);
  });

  test('what only the decoder refuses (a field given twice) still opens, as read whole', async () => {
    const path = await snapshotFile('twice.json');
    const text = readFileSync(path, 'utf8');
    const at = text.indexOf('"matrix":{', text.indexOf('"nodes":[')) + '"matrix":{'.length;
    writeFileSync(path, `${text.slice(0, at)}"series":"reads",${text.slice(at)}`); // JSON.parse keeps the later "writes"
    const opened = await openSnapshot(path);
    expect(decoded).toHaveBeenCalled();
    expect(opened).toEqual(whole(path));
  });

  test('a failed node\'s kept bytes must still be JSON: a damaged one is refused as reading it whole refuses it', async () => {
    const path = await snapshotFile('failed.json');
    const doc = JSON.parse(readFileSync(path, 'utf8')) as { nodes: Array<Record<string, unknown>> };
    const text = JSON.stringify({ ...doc, nodes: doc.nodes.map((n, i) => (i === 2 ? { ...n, matrix: { x: 1 } } : n)) });
    writeFileSync(path, text.replace('"matrix":{"x":1}', '"matrix":{"x":1,}'));
    await expect(openSnapshot(path)).rejects.toThrow(/damaged or truncated: not valid JSON \(at byte \d+\)$/);
  });
});

describe('readCapture with matrices', () => {
  test('each poll\'s answers decoded from their bytes equal the line read whole', async () => {
    let now = Date.UTC(2026, 10, 24, 3, 0, 0);
    const c = await startDemoCluster({ nodes: 2, history: 60, routes: 8, seed: 7, clock: () => now });
    const client = new ClusterClient({ nodes: c.urls, accessKey: DEMO_ACCESS_KEY, secret: DEMO_SECRET_KEY });
    const path = join(dir, 'c.jsonl');
    try {
      const clock: CaptureClock = { now: () => now, sleep: async (ms) => { now += ms; } };
      await runCapture({ client, query: Q, everyMs: 60_000, forMs: 3 * 60_000, path, appVersion: 't', clock });
    } finally {
      await client.close();
      await c.stop();
    }
    decoded.mockClear();
    const f = await readCapture(path, { matrices: true });
    expect(f.polls).toHaveLength(3);
    expect(decoded).toHaveBeenCalledTimes(3 * 2);
    const lines = readFileSync(path, 'utf8').split('\n').slice(1, 4).map((l) => JSON.parse(l) as { nodes: Array<{ node: string; matrix: unknown }> });
    expect(f.polls.map((p) => p.matrices)).toEqual(lines.map((l) => l.nodes.map((n, i) => parseNodeMatrix(n.matrix, n.node, i, savedAnswerLimits()).matrix)));
  });
});
