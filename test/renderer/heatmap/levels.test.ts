// The heatmap's pictures off the window's thread: the window's client (heatmap/level-client.ts)
// slicing a matrix to the worker's host (heatmap/level-builder.ts) over a message port that clones
// and transfers as postMessage does (structuredClone with transfer: a sent slice's buffer is gone
// from the sender). Every picture that comes back is the one the window draws on its own thread:
// rasterize's for the whole matrix before any zoom, renderViewport's from buildPyramid's otherwise;
// and what it finds on the way (largest value, flagged rows, the totals' block sums) is what the window finds.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { rasterize } from '../../../src/renderer/src/heatmap/buffer';
import { buildDivergingLut, buildLut, indexScale, type ScaleSpec } from '../../../src/renderer/src/heatmap/color';
import { levelHost, type ToWorker } from '../../../src/renderer/src/heatmap/level-builder';
import { type Cells, type Job, LevelClient, type Port, type Scheduling } from '../../../src/renderer/src/heatmap/level-client';
import { rowsFlagged } from '../../../src/renderer/src/heatmap/overlay';
import { blockSums } from '../../../src/renderer/src/heatmap/viewport-totals';
import { buildPyramid, type Frame, frameSize, type Pyramid, renderViewport, type Viewport } from '../../../src/renderer/src/heatmap/pyramid';

/** A later task, as a message's delivery is. */
const later = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

/** A client wired to a real host; `seen` is every message the host got, in order; `released` every picture let go. */
function wired(sliceCells: number) {
  const seen: ToWorker[] = [];
  const released: Frame[] = [];
  const drawn: Frame[] = [];
  let yields = 0;
  let clock = 0;
  const port: Port<Frame> = {
    onmessage: null,
    postMessage(m, transfer) {
      const copy = structuredClone(m, { transfer });
      void later().then(() => { seen.push(copy); host(copy); });
    },
  };
  // The picture that travels is the frame itself (the browser's worker puts it in an ImageBitmap).
  const host = levelHost<Frame>((m, transfer) => {
    const copy = structuredClone(m, { transfer });
    void later().then(() => port.onmessage?.({ data: copy }));
  }, (f) => { drawn.push(f); return { picture: f, transfer: [f.pixels.buffer] }; }, (f) => setTimeout(f, 0));
  // A clock that moves a millisecond per look: with a 2.5 ms budget a task sends three slices.
  const sched: Scheduling = { sliceCells, budgetMs: 2.5, now: () => clock++, yieldTask: async () => { yields++; await later(); } };
  return { client: new LevelClient<Frame>(port, sched, (f) => released.push(f)), seen, released, drawn: () => drawn.length, yields: () => yields };
}

function rand32(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return s / 0x100000000; };
}

function randomMatrix(rows: number, cols: number, seed: number): Cells {
  const rand = rand32(seed);
  // Whole counts (the table path), a few huge and fractional values (the scale's own path), zeros; rare flags.
  const values = Float64Array.from({ length: rows * cols }, () => {
    const u = rand();
    return u < 0.3 ? 0 : u < 0.95 ? Math.floor(rand() * 5000) : u < 0.98 ? rand() * 3 : 2 ** 40 * rand();
  });
  const flags = (): Uint8Array => Uint8Array.from({ length: rows * cols }, () => (rand() < 0.01 ? 1 : 0));
  return { values, conflicts: flags(), handovers: flags() };
}

const lutOf = (spec: ScaleSpec): Uint32Array => (spec.diverging ? buildDivergingLut() : buildLut());
const rowsOf = (values: Float64Array, rows: number, cols: number) => Array.from({ length: rows }, (_, r) => values.subarray(r * cols, (r + 1) * cols));
const oracle = (values: Float64Array, rows: number, cols: number, spec: ScaleSpec): Pyramid => buildPyramid(rowsOf(values, rows, cols), cols, indexScale(spec));

/** The picture of vp in at most maxW × maxH, from the worker (waited for). */
async function pictureOf(job: Job<Frame>, vp: Viewport, maxW: number, maxH: number) {
  const { width, height } = frameSize(vp, maxW, maxH);
  expect(await job.want(vp, width, height)).toBe(true);
  return job.frame(vp, width, height)!;
}

const spec = { scale: 'log', brightness: 1 } as const;

describe('pictures from the worker', () => {
  test('each is the window\'s own: the whole matrix rasterize\'s until a zoom, then the pyramid\'s, any slicing, the largest value known or not', async () => {
    const arbVp = (rows: number, cols: number) => fc.tuple(fc.nat(rows - 1), fc.nat(rows - 1), fc.nat(cols - 1), fc.nat(cols - 1))
      .map(([a, b, c, d]): Viewport => ({ r0: Math.min(a, b), r1: Math.max(a, b) + 1, c0: Math.min(c, d), c1: Math.max(c, d) + 1 }));
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 300 }),
      fc.boolean(), fc.constantFrom<ScaleSpec>(spec, { scale: 'linear', brightness: 2 }, { scale: 'log', brightness: 1, diverging: true }),
      fc.integer(), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 50 }), async (rows, cols, sliceCells, knowMax, spec, seed, maxW, maxH) => {
        const m = randomMatrix(rows, cols, seed);
        const want = oracle(m.values, rows, cols, spec);
        const lut = lutOf(spec);
        const whole = { r0: 0, r1: rows, c0: 0, c1: cols };
        const { client } = wired(sliceCells);
        const job = client.start(m, rows, cols, spec, knowMax ? want.max : null, { width: maxW, height: maxH }, true);
        const first = await pictureOf(job, whole, maxW, maxH);
        const raster = rasterize({ rows: rowsOf(m.values, rows, cols), cols }, maxW, maxH, lut, indexScale(spec));
        expect({ w: first.width, h: first.height, max: first.max }).toEqual({ w: raster.width, h: raster.height, max: raster.max });
        expect(first.picture.pixels).toEqual(raster.pixels);
        expect(job.max).toBe(want.max);
        for (const vp of fc.sample(arbVp(rows, cols), { numRuns: 3, seed })) {
          const got = await pictureOf(job, vp, maxW, maxH);
          const own = renderViewport(want, vp, maxW, maxH, lut);
          expect({ w: got.width, h: got.height }).toEqual({ w: own.width, h: own.height });
          expect(got.picture.pixels).toEqual(own.pixels);
        }
        // A zoom has built the window's pyramid: the whole matrix is drawn from it from then on, here as there.
        const back = await pictureOf(job, whole, maxW, maxH);
        const zoomed = fc.sample(arbVp(rows, cols), { numRuns: 3, seed }).some((vp) => vp.r1 - vp.r0 < rows || vp.c1 - vp.c0 < cols);
        expect(back.picture.pixels).toEqual(zoomed ? renderViewport(want, whole, maxW, maxH, lut).pixels : raster.pixels);
        // The totals' block sums, as the window adds them up (the same additions in the same order: equal to the bit).
        expect(await job.ready).toBe(true);
        const sums = blockSums({ values: m.values, rows, cols });
        expect(job.sums!.byRow).toEqual(sums.byRow);
        expect(job.sums!.byColumn).toEqual(sums.byColumn);
        // Flagged rows, as rowsFlagged finds them on the window.
        expect(job.flagged!.conflicts).toEqual(rowsFlagged(m.conflicts, rows, cols));
        expect(job.flagged!.handovers).toEqual(rowsFlagged(m.handovers, rows, cols));
        // The window's matrix is untouched by the slicing (copies were sent, not its buffers).
        expect([m.values.length, m.conflicts.length, m.handovers.length]).toEqual([rows * cols, rows * cols, rows * cols]);
      }), { numRuns: 40 });
  });

  test('the matrix goes in slices of whole rows, about sliceCells, values and flags, covering every cell once, yielding between tasks', async () => {
    const rows = 50;
    const cols = 37;
    const m = randomMatrix(rows, cols, 3);
    const w = wired(100);
    const job = w.client.start(m, rows, cols, spec, null);
    await pictureOf(job, { r0: 0, r1: 9, c0: 0, c1: 9 }, 10, 10);
    const slices = w.seen.filter((s) => s.kind === 'slice');
    expect(slices.length).toBe(Math.ceil(rows / 2)); // two rows of 37 in 100 cells
    let at = 0;
    for (const s of slices) {
      expect(s.offset).toBe(at);
      expect(s.values.length).toBe(Math.min(74, rows * cols - at));
      expect(Array.from(s.values)).toEqual(Array.from(m.values.subarray(at, at + s.values.length)));
      expect(Array.from(s.conflicts)).toEqual(Array.from(m.conflicts.subarray(at, at + s.values.length)));
      expect(Array.from(s.handovers)).toEqual(Array.from(m.handovers.subarray(at, at + s.values.length)));
      at += s.values.length;
    }
    expect(at).toBe(rows * cols);
    // Three slices per task (the clock's budget): the rest wait for later tasks.
    expect(w.yields()).toBe(Math.ceil(slices.length / 3) - 1);
    expect(w.seen.filter((s) => s.kind !== 'frame').at(-1)?.kind).toBe('end');
  });

  test('a row wider than sliceCells goes in a slice of its own; no block sums unless asked', async () => {
    const m = randomMatrix(5, 300, 8);
    const w = wired(100);
    const job = w.client.start(m, 5, 300, spec, null);
    expect(await job.ready).toBe(true);
    expect(w.seen.filter((s) => s.kind === 'slice').map((s) => s.values.length)).toEqual([300, 300, 300, 300, 300]);
    expect(job.sums).toBeNull();
  });

  test('a picture asked for before the last slice arrives once the matrix is in', async () => {
    const m = randomMatrix(64, 64, 9);
    const w = wired(64);
    const job = w.client.start(m, 64, 64, spec, null);
    const vp = { r0: 3, r1: 40, c0: 10, c1: 64 };
    const asked = job.want(vp, 20, 30);
    expect(job.frame(vp, 20, 30)).toBeUndefined();
    expect(await asked).toBe(true);
    const kinds = w.seen.map((s) => s.kind);
    expect(kinds.indexOf('frame')).toBeLessThan(kinds.indexOf('end'));
    expect(job.frame(vp, 20, 30)!.picture.pixels).toEqual(renderViewport(oracle(m.values, 64, 64, spec), vp, 20, 30, buildLut()).pixels);
    // Another size of the same viewport is another picture.
    expect(job.frame(vp, 20, 29)).toBeUndefined();
  });

  test('only the latest picture asked for is waited for and kept: the ones before say false, are released', async () => {
    const m = randomMatrix(64, 64, 4);
    const w = wired(1000);
    const job = w.client.start(m, 64, 64, spec, null);
    const a = { r0: 0, r1: 32, c0: 0, c1: 32 };
    const b = { r0: 10, r1: 50, c0: 5, c1: 60 };
    await pictureOf(job, a, 16, 16);
    const first = job.frame(a, 16, 16)!;
    // Asked one after the other in one task: the worker draws only the last (the one before is dropped there).
    const drawnBefore = w.drawn();
    const c = { r0: 1, r1: 9, c0: 1, c1: 9 };
    const superseded = job.want(c, 8, 8);
    const latest = job.want(b, 16, 16);
    expect(await superseded).toBe(false);
    expect(await latest).toBe(true);
    expect(w.drawn() - drawnBefore).toBe(1);
    expect(job.frame(b, 16, 16)).toBeDefined();
    expect(job.frame(a, 16, 16)).toBeUndefined();
    expect(w.released).toContain(first.picture);
    expect(await job.want(b, 16, 16)).toBe(true); // already here
  });

  test('a new job drops the one before: its waiting pictures say false, its late answers are released, its slicing stops', async () => {
    const a = randomMatrix(80, 80, 1);
    const b = randomMatrix(30, 20, 2);
    const w = wired(50);
    const first = w.client.start(a, 80, 80, spec, null);
    const vp = { r0: 0, r1: 40, c0: 0, c1: 40 };
    const waiting = first.want(vp, 10, 10);
    const second = w.client.start(b, 30, 20, { scale: 'linear', brightness: 1 }, null);
    expect(await waiting).toBe(false);
    expect(await first.ready).toBe(false);
    expect(first.dropped).toBe(true);
    expect(await first.want(vp, 10, 10)).toBe(false);
    const got = await pictureOf(second, { r0: 0, r1: 30, c0: 0, c1: 20 }, 10, 10);
    expect(got.picture.pixels).toEqual(renderViewport(oracle(b.values, 30, 20, { scale: 'linear', brightness: 1 }), { r0: 0, r1: 30, c0: 0, c1: 20 },
      10, 10, buildLut()).pixels);
    expect(first.frame(vp, 10, 10)).toBeUndefined();
    // The first job's slicing stopped early: far fewer than its 128 slices were sent.
    const firstSlices = w.seen.filter((s) => s.kind === 'slice' && s.job === 1).length;
    expect(firstSlices).toBeLessThan(Math.ceil((80 * 80) / 50));
    expect(w.seen.some((s) => s.kind === 'drop' && s.job === 1)).toBe(true);
  });

  test('a worker that fails: the job is abandoned and its waiters are told to draw again (on the window\'s own thread then)', async () => {
    const w = wired(50);
    const job = w.client.start(randomMatrix(80, 80, 3), 80, 80, spec, null);
    const vp = { r0: 0, r1: 40, c0: 0, c1: 40 };
    const waiting = job.want(vp, 10, 10);
    w.client.abandon();
    expect(await waiting).toBe(true);
    expect(await job.ready).toBe(false);
    expect(job.dropped).toBe(true);
    expect(job.frame(vp, 10, 10)).toBeUndefined();
  });
});
