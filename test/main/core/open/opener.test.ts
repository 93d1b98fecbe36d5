// Files opened in a worker thread (the built out/main/open-worker.js, as the app ships it): the
// same result as opened in this thread, the same errors (class, path, message), and every open
// settles exactly once: a crash, an exit, a bad answer, a cancel, a deadline, close().
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ClusterService } from '../../../../src/main/app/cluster-service';
import { CaptureReadError, runCapture } from '../../../../src/main/core/capture';
import { DEMO_ACCESS_KEY, DEMO_SECRET_KEY, startDemoCluster } from '../../../../src/demo-cluster';
import { ClusterClient } from '../../../../src/main/core/fanout';
import { FileOpenError, fileOpener, inlineOpener, WorkerOpener } from '../../../../src/main/core/open';
import { errorData, errorFrom, isOpenAnswer } from '../../../../src/main/core/open/open-job';
import { SnapshotReadError } from '../../../../src/main/core/snapshot';
import { SnapshotService } from '../../../../src/main/app/snapshot-service';
import type { ClusterView } from '../../../../src/shared/ipc';
import { writeLargeSnapshot } from '../../../helpers/big-snapshots';
import type { FakeNode } from '../../../helpers/fake-node';
import { recordedNode, window } from '../../../helpers/recordings';

const SCRIPT = resolve(import.meta.dirname, '../../../../out/main/open-worker.js');
const dir = mkdtempSync(join(tmpdir(), 'keyviz-open-'));
const worker = new WorkerOpener(SCRIPT);
const SNAP = join(dir, 'recorded.kvsnap');
const CAP = join(dir, 'demo.kvcap');
const MEDIUM = join(dir, 'medium.json');
const nodes: FakeNode[] = [];

beforeAll(async () => {
  // A snapshot of the recorded real cluster, exported as the app exports one (identities, events, coverage).
  const urls = await Promise.all(['n1', 'n2', 'n3'].map((n) => { const f = recordedNode('real-3n-9routes', n); nodes.push(f); return f.start(); }));
  const live = new ClusterService();
  const { connectionId } = live.openWith({ nodes: urls, accessKey: 'ops', secret: 'ops-secret' });
  const w = window('real-3n-9routes');
  await live.fetch({ connectionId, series: 'writes', rows: 1024, fromMs: w.from_unix_ms, toMs: w.to_unix_ms });
  await live.exportSnapshot(connectionId, SNAP, { redact: false, appVersion: 'test', label: 'recorded' });
  await live.closeAll();
  // A capture of the Demo cluster: a full poll, then increments (test clock).
  let now = Date.UTC(2026, 10, 24, 3, 0, 0);
  const cluster = await startDemoCluster({ nodes: 3, history: 120, routes: 12, seed: 3, clock: () => now });
  const client = new ClusterClient({ nodes: cluster.urls, accessKey: DEMO_ACCESS_KEY, secret: DEMO_SECRET_KEY });
  try {
    await runCapture({ client, query: { series: 'writes', rows: 1024, fromMs: null, toMs: null }, everyMs: 60_000, forMs: 4 * 60_000,
      path: CAP, appVersion: 'test', clock: { now: () => now, sleep: async (ms) => { now += ms; } } });
  } finally {
    await client.close();
    await cluster.stop();
  }
  await writeLargeSnapshot(MEDIUM, 2, 512, 600);
}, 60_000);
afterAll(async () => {
  await worker.close();
  await Promise.all(nodes.map((n) => n.stop()));
  rmSync(dir, { recursive: true, force: true });
});

/** A worker script of our own making, for the ways a worker can go wrong. */
function script(name: string, body: string): string {
  const p = join(dir, `${name}.cjs`);
  writeFileSync(p, `const { parentPort, workerData } = require('node:worker_threads');\n${body}\n`);
  return p;
}

async function failure(p: Promise<unknown>): Promise<{ cls: string; message: string; path: unknown }> {
  try {
    await p;
  } catch (err) {
    return { cls: (err as Error).constructor.name, message: (err as Error).message, path: (err as { path?: unknown }).path };
  }
  throw new Error('it opened');
}

describe('opening in a worker', () => {
  test('a recorded snapshot: the same result as in this thread, typed arrays and Maps as they were', async () => {
    const [here, there] = await Promise.all([inlineOpener.open(SNAP), worker.open(SNAP)]);
    expect(there).toEqual(here);
    if (there.kind !== 'snapshot' || here.kind !== 'snapshot') throw new Error('not a snapshot');
    const { merge, nodes: answers, identities } = there.snapshot.result;
    expect(answers[0]!.matrix!.rows[0]!.values).toBeInstanceOf(Uint32Array);
    expect(answers[0]!.matrix!.columns).toBeInstanceOf(Float64Array);
    expect(merge!.matrix.rows[0]!.values.constructor).toBe(here.snapshot.result.merge!.matrix.rows[0]!.values.constructor);
    expect(merge!.activity![0]).toBeInstanceOf(Map);
    expect(identities).toHaveLength(3);
    expect(merge!.events.length).toBeGreaterThan(0);
  });

  test('a capture, and two files opened at once (one worker each)', async () => {
    const [snap, cap, here] = await Promise.all([worker.open(SNAP), worker.open(CAP), inlineOpener.open(CAP)]);
    expect([snap.kind, cap.kind]).toEqual(['snapshot', 'capture']);
    expect(cap).toEqual(here);
    if (cap.kind === 'capture') expect(cap.capture.polls.length).toBe(4);
  });

  test('the app\'s open through the worker shows the same views, cell detail and capture frames', async () => {
    const services = [undefined, SCRIPT].map((openWorker) => {
      const clusters = new ClusterService();
      const snapshots = new SnapshotService({ clusters, dialogs: { saveFile: async () => null, openFile: async () => null },
        recentFile: join(dir, `recent-${openWorker ? 'worker' : 'inline'}.json`), appVersion: 'test', openWorker });
      return { clusters, snapshots };
    });
    const plain = (v: ClusterView) => ({ ...v, elapsedMs: 0 });
    for (const path of [SNAP, CAP]) {
      const [a, b] = await Promise.all(services.map((s) => s.snapshots.open({ path, remember: false })));
      if (a!.state !== 'open' || b!.state !== 'open') throw new Error('not opened');
      expect({ ...b, connectionId: '' }).toEqual({ ...a, connectionId: '' });
      const fetch = (i: number, connectionId: string) => services[i]!.clusters.fetch({ connectionId, series: 'writes', rows: 1024, fromMs: null, toMs: null });
      expect(plain(await fetch(1, b!.connectionId))).toEqual(plain(await fetch(0, a!.connectionId)));
      expect(services[1]!.clusters.cell({ connectionId: b!.connectionId, row: 0, col: 0 })).toEqual(services[0]!.clusters.cell({ connectionId: a!.connectionId, row: 0, col: 0 }));
      if (path === CAP) {
        services[0]!.clusters.frame(a!.connectionId, 1);
        services[1]!.clusters.frame(b!.connectionId, 1);
        expect(plain(await fetch(1, b!.connectionId))).toEqual(plain(await fetch(0, a!.connectionId)));
      }
    }
    await Promise.all(services.map((s) => s.snapshots.close()));
  });

  test('every way a file is wrong: the same error class, path and words as in this thread', async () => {
    const bad = (name: string, bytes: Buffer | string): string => { const p = join(dir, name); writeFileSync(p, bytes); return p; };
    const folder = join(dir, 'a-folder');
    mkdirSync(folder, { recursive: true });
    const cases = [
      bad('cut.kvsnap', gzipSync(Buffer.from('{"format":"keyviz-inspector/snapshot"')).subarray(0, 20)),
      bad('truncated.json', '{"format":"keyviz-inspector/snapshot","version":1,"created'),
      bad('package.json', '{"name":"package"}'),
      bad('newer.json', '{"format":"keyviz-inspector/snapshot","version":7}'),
      bad('damaged-cap.kvcap', '{"type":"header","format":"keyviz-inspector/capture","version":1}\n{"not":"a poll"}\n{}\n'),
      join(dir, 'missing.kvsnap'),
      folder,
    ];
    for (const p of cases) {
      const [here, there] = await Promise.all([failure(inlineOpener.open(p)), failure(worker.open(p))]);
      expect(there, p).toEqual(here);
      expect(['SnapshotReadError', 'CaptureReadError']).toContain(there.cls);
      expect(there.path).toBe(p);
    }
    const e = await worker.open(cases[0]!).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(SnapshotReadError);
    expect(await worker.open(cases[4]!).catch((err: unknown) => err)).toBeInstanceOf(CaptureReadError);
  });

  test('a worker that crashes, exits, answers nonsense or loses a part: the open rejects, saying so', async () => {
    const opens = {
      crash: script('crash', 'throw new Error("boom")'),
      exit: script('exit', 'process.exit(3)'),
      nonsense: script('nonsense', 'parentPort.postMessage({ tag: "opened", chunks: 0 })'),
      lost: script('lost', 'parentPort.postMessage({ tag: "opened", chunks: 2 })'),
      silent: script('silent', ''),
      garbled: script('garbled', 'workerData.port.postMessage({ shapes: 7 }); parentPort.postMessage({ tag: "opened", chunks: 1 })'),
    };
    const why = async (s: string) => (await failure(new WorkerOpener(s).open(SNAP))).message;
    expect(await why(opens.crash)).toBe(`${SNAP}: the file opener failed (boom)`);
    expect(await why(opens.exit)).toBe(`${SNAP}: the file opener stopped (exit code 3) before it answered`);
    expect(await why(opens.nonsense)).toBe(`${SNAP}: the file opener answered something unexpected`);
    expect(await why(opens.lost)).toBe(`${SNAP}: could not take the opened file over (a part of the result went missing)`);
    expect(await why(opens.silent)).toBe(`${SNAP}: the file opener stopped (exit code 0) before it answered`);
    expect(await why(opens.garbled)).toBe(`${SNAP}: could not take the opened file over (a malformed chunk)`);
    expect((await failure(new WorkerOpener(opens.crash).open(SNAP))).cls).toBe('FileOpenError');
  });

  test('cancelled, past its deadline, or the app closing: each open rejects once, and its worker is stopped', async () => {
    const ac = new AbortController();
    const cancelled = worker.open(MEDIUM, { signal: ac.signal });
    setImmediate(() => ac.abort());
    expect((await failure(cancelled)).message).toBe(`${MEDIUM}: the open was cancelled`);
    expect((await failure(worker.open(MEDIUM, { signal: AbortSignal.abort() }))).message).toBe(`${MEDIUM}: the open was cancelled`);
    expect((await failure(inlineOpener.open(MEDIUM, { signal: AbortSignal.abort() }))).cls).toBe('FileOpenError');

    const slow = new WorkerOpener(SCRIPT, { timeoutMs: 1 });
    expect((await failure(slow.open(MEDIUM))).message).toBe(`${MEDIUM}: still not open after 1 ms: stopped`);

    const closing = new WorkerOpener(SCRIPT);
    const both = [closing.open(MEDIUM), closing.open(SNAP)].map(failure);
    await closing.close();
    for (const f of await Promise.all(both)) expect(f.message).toMatch(/: the app is closing: the open was stopped$/);
  });

  test('without the built worker, files open in this thread', () => {
    expect(fileOpener(undefined)).toBe(inlineOpener);
    expect(fileOpener(join(dir, 'no-such-worker.js'))).toBe(inlineOpener);
    expect(fileOpener(SCRIPT)).toBeInstanceOf(WorkerOpener);
  });

  test('the worker\'s answer is checked at the boundary; errors are rebuilt as their own class', () => {
    for (const m of [null, 'x', {}, { tag: 'opened' }, { tag: 'opened', chunks: 1.5 }, { tag: 'failed' }, { tag: 'failed', error: { kind: 'x', message: 'm' } }]) {
      expect(isOpenAnswer(m)).toBe(false);
    }
    expect(isOpenAnswer({ tag: 'opened', chunks: 3 })).toBe(true);
    const snap = errorFrom(errorData(new SnapshotReadError('/a', 'too large')));
    expect(snap).toBeInstanceOf(SnapshotReadError);
    expect([snap.message, (snap as SnapshotReadError).path]).toEqual(['/a: too large', '/a']);
    expect(errorFrom(errorData(new CaptureReadError('/b', 'empty')))).toBeInstanceOf(CaptureReadError);
    expect(errorFrom(errorData(new RangeError('Invalid array length'))).message).toBe('Invalid array length');
    expect(new FileOpenError('/c', 'x').path).toBe('/c');
  });
});

