// The zoom's levels off the window's thread: the window's client (heatmap/level-client.ts) slicing a
// matrix to the worker's host (heatmap/level-builder.ts) over a message port that clones and
// transfers as postMessage does (structuredClone with transfer: a sent slice's buffer is gone from
// the sender). Every level that comes back is the level buildPyramid builds on the window's thread.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { indexScale, type ScaleSpec } from '../../../src/renderer/src/heatmap/color';
import { levelHost, type ToWorker } from '../../../src/renderer/src/heatmap/level-builder';
import { type Job, LevelClient, type Port, type Scheduling } from '../../../src/renderer/src/heatmap/level-client';
import { buildPyramid, type Pyramid } from '../../../src/renderer/src/heatmap/pyramid';

/** A later task, as a message's delivery is. */
const later = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

/** A client wired to a real host; `seen` is every message the host got, in order. */
function wired(sliceCells: number) {
  const seen: ToWorker[] = [];
  let yields = 0;
  let clock = 0;
  const port: Port = {
    onmessage: null,
    postMessage(m, transfer) {
      const copy = structuredClone(m, { transfer });
      void later().then(() => { seen.push(copy); host(copy); });
    },
  };
  const host = levelHost((m, transfer) => {
    const copy = structuredClone(m, { transfer });
    void later().then(() => port.onmessage?.({ data: copy }));
  });
  // A clock that moves a millisecond per look: with a 2.5 ms budget a task sends three slices.
  const sched: Scheduling = { sliceCells, budgetMs: 2.5, now: () => clock++, yieldTask: async () => { yields++; await later(); } };
  return { client: new LevelClient(port, sched), seen, yields: () => yields };
}

function randomMatrix(rows: number, cols: number, seed: number): Float64Array {
  let s = seed >>> 0;
  const rand = (): number => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return s / 0x100000000; };
  // Whole counts (the table path), a few huge and fractional values (the scale's own path), zeros.
  return Float64Array.from({ length: rows * cols }, () => {
    const u = rand();
    return u < 0.3 ? 0 : u < 0.95 ? Math.floor(rand() * 5000) : u < 0.98 ? rand() * 3 : 2 ** 40 * rand();
  });
}

const oracle = (values: Float64Array, rows: number, cols: number, spec: ScaleSpec): Pyramid =>
  buildPyramid(Array.from({ length: rows }, (_, r) => values.subarray(r * cols, (r + 1) * cols)), cols, indexScale(spec));

async function levelOf(job: Job, lr: number, lc: number) {
  expect(await job.want(lr, lc)).toBe(true);
  return job.have(lr, lc)!;
}

describe('levels from the worker', () => {
  test('every level equals the one built on the window, sliced at any size, with the largest value known or not', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 300 }),
      fc.boolean(), fc.constantFrom<ScaleSpec>({ scale: 'log', brightness: 1 }, { scale: 'linear', brightness: 2 }, { scale: 'log', brightness: 1, diverging: true }),
      fc.integer(), async (rows, cols, sliceCells, knowMax, spec, seed) => {
        const values = randomMatrix(rows, cols, seed);
        const want = oracle(values, rows, cols, spec);
        const { client } = wired(sliceCells);
        const job = client.start(values, rows, cols, spec, knowMax ? want.max : null);
        expect([job.maxRow, job.maxCol]).toEqual([want.maxRow, want.maxCol]);
        for (let lr = 0; lr <= want.maxRow; lr++) for (let lc = 0; lc <= want.maxCol; lc++) {
          const got = await levelOf(job, lr, lc);
          expect({ rows: got.rows, cols: got.cols }).toEqual({ rows: want.level(lr, lc).rows, cols: want.level(lr, lc).cols });
          expect(got.idx).toEqual(want.level(lr, lc).idx);
        }
        expect(job.max).toBe(want.max);
        // The window's matrix is untouched by the slicing (copies were sent, not its buffer).
        expect(values.length).toBe(rows * cols);
      }), { numRuns: 40 });
  });

  test('the matrix goes in slices of at most sliceCells, covering every cell once, yielding between tasks', async () => {
    const rows = 50;
    const cols = 37;
    const values = randomMatrix(rows, cols, 3);
    const w = wired(100);
    const job = w.client.start(values, rows, cols, { scale: 'log', brightness: 1 }, null);
    await levelOf(job, 0, 0);
    const slices = w.seen.filter((m) => m.kind === 'slice');
    expect(slices.length).toBe(Math.ceil((rows * cols) / 100));
    let at = 0;
    for (const s of slices) {
      expect(s.offset).toBe(at);
      expect(s.values.length).toBeLessThanOrEqual(100);
      expect(Array.from(s.values)).toEqual(Array.from(values.subarray(at, at + s.values.length)));
      at += s.values.length;
    }
    expect(at).toBe(rows * cols);
    // Three slices per task (the clock's budget): the rest wait for later tasks.
    expect(w.yields()).toBe(Math.ceil(slices.length / 3) - 1);
    expect(w.seen.at(-1)?.kind).toBe('end');
  });

  test('a level asked for before the last slice arrives once the matrix is quantised', async () => {
    const values = randomMatrix(64, 64, 9);
    const w = wired(64);
    const job = w.client.start(values, 64, 64, { scale: 'log', brightness: 1 }, null);
    const asked = job.want(2, 1);
    expect(job.have(2, 1)).toBeUndefined();
    expect(await asked).toBe(true);
    const kinds = w.seen.map((m) => m.kind);
    expect(kinds.indexOf('level')).toBeLessThan(kinds.indexOf('end'));
    expect(job.have(2, 1)!.idx).toEqual(oracle(values, 64, 64, { scale: 'log', brightness: 1 }).level(2, 1).idx);
  });

  test('a new job drops the one before: its waiting levels say false, its late answers are not kept, its slicing stops', async () => {
    const a = randomMatrix(80, 80, 1);
    const b = randomMatrix(30, 20, 2);
    const w = wired(50);
    const first = w.client.start(a, 80, 80, { scale: 'log', brightness: 1 }, null);
    const waiting = first.want(1, 1);
    const second = w.client.start(b, 30, 20, { scale: 'linear', brightness: 1 }, null);
    expect(await waiting).toBe(false);
    expect(first.dropped).toBe(true);
    expect(await first.want(0, 0)).toBe(false);
    const got = await levelOf(second, 1, 1);
    expect(got.idx).toEqual(oracle(b, 30, 20, { scale: 'linear', brightness: 1 }).level(1, 1).idx);
    expect(first.have(1, 1)).toBeUndefined();
    // The first job's slicing stopped early: far fewer than its 128 slices were sent.
    const firstSlices = w.seen.filter((m) => m.kind === 'slice' && m.job === 1).length;
    expect(firstSlices).toBeLessThan(Math.ceil((80 * 80) / 50));
    expect(w.seen.some((m) => m.kind === 'drop' && m.job === 1)).toBe(true);
  });

  test('a worker that fails: the job is abandoned and its waiters are told to draw again (the window\'s own pyramid then)', async () => {
    const w = wired(50);
    const job = w.client.start(randomMatrix(80, 80, 3), 80, 80, { scale: 'log', brightness: 1 }, null);
    const waiting = job.want(1, 1);
    w.client.abandon();
    expect(await waiting).toBe(true);
    expect(job.dropped).toBe(true);
    expect(job.have(1, 1)).toBeUndefined();
  });

  test('coarser: the finest level that has arrived at least as coarse along both axes', async () => {
    const values = randomMatrix(64, 64, 5);
    const { client } = wired(1000);
    const job = client.start(values, 64, 64, { scale: 'log', brightness: 1 }, null);
    await levelOf(job, 3, 3);
    await levelOf(job, 2, 4);
    expect(job.coarser(2, 2)).toMatchObject({ lr: 3, lc: 3 });
    expect(job.coarser(1, 4)).toMatchObject({ lr: 2, lc: 4 });
    expect(job.coarser(4, 0)).toBeUndefined();
    await levelOf(job, 2, 3);
    expect(job.coarser(2, 2)).toMatchObject({ lr: 2, lc: 3 });
  });
});
