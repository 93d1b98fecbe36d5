// Compare end to end in real Chromium (issue 17, item 1): a snapshot of the Demo cluster against
// the live view two steps later. The difference lines up column for column where their times
// overlap (the merge's slots, not exact milliseconds), a pinned cell shows both sides' values, and
// the title, banner and node strip say which side is live and which is the file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type AppCore, createAppCore } from '../../src/main/app/app-core';
import type { IpcHandlers } from '../../src/main/app/ipc';
import { type DemoCluster, startDemoCluster } from '../../src/demo-cluster';
import { ClusterClient } from '../../src/main/core/fanout';
import type { ClusterView } from '../../src/shared/ipc';
import { ARTIFACTS, CHROMIUM, clickCell, type E2E, startE2E } from '../helpers/e2e';
import { testSecretBox } from '../helpers/secret-box';

const dir = mkdtempSync(join(tmpdir(), 'keyviz-e2e-compare-'));
const VIEWPORT = { width: 1400, height: 900 };
const STEP = 60_000;
const HISTORY = 1440;
const Q = { series: 'writes' as const, rows: 1024, fromMs: null, toMs: null };
/** `live (14:03:20)` and `snapshot (file, 13:58:00)`: a time of day, 24-hour. */
const CLOCK = String.raw`\d{2}:\d{2}:\d{2}`;
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let e2e: E2E;
let cluster: DemoCluster;
let core: AppCore;
let now = Date.UTC(2026, 10, 24, 12, 0, 0);
const snap = join(dir, 'prod-writes-2026-11-24.kvsnap');
/** What the page's compare call answered (its connection id, to read the comparison back). */
let compared: { connectionId: string; nodes: string[] } | null = null;

/** Rounds the page's views answered (a refresh done). */
let rounds = 0;

/** The page's IPC: the app's handlers, with the rounds counted and the compare answer kept for the test. */
const handlers = (): IpcHandlers => ({
  ...core.handlers,
  fetch: async (req, reply) => {
    try {
      return await core.handlers.fetch(req, reply);
    } finally {
      rounds++;
    }
  },
  compare: async (req, reply) => {
    const r = await core.handlers.compare(req, reply);
    compared = { connectionId: r.connectionId, nodes: r.nodes };
    return r;
  },
});

/** The row with the most traffic on side B at a column of the comparison. */
function busiest(m: { rows: unknown[] }, col: number): number {
  let best = -1;
  let row = 0;
  for (let r = 0; r < m.rows.length; r++) {
    const b = core.clusters.cell({ connectionId: compared!.connectionId, row: r, col })!.nodes[1]!.value;
    if (b > best) { best = b; row = r; }
  }
  return row;
}

/** The Demo node whose ticker flushes first in each minute: its column times are the merged view's. */
async function earliestFlusher(): Promise<number> {
  const phase = await Promise.all(cluster.urls.map(async (url) => {
    const client = new ClusterClient({ nodes: [url], accessKey: cluster.accessKey, secret: cluster.secretKey });
    try {
      return (await client.fetch(Q)).merge!.matrix.columns[0]! % STEP;
    } finally {
      await client.close();
    }
  }));
  return phase.indexOf(Math.min(...phase));
}

const summaryCounts = async (page: Page): Promise<{ rows: number; columns: number }> => {
  const m = /(\d+) rows × (\d+) columns/.exec((await page.locator('.summary').textContent()) ?? '');
  if (!m) throw new Error('no summary on screen');
  return { rows: Number(m[1]), columns: Number(m[2]) };
};

describe.skipIf(!CHROMIUM)('compare in Chromium', () => {
  beforeAll(async () => {
    e2e = await startE2E();
    // The Demo on a clock the test moves: a snapshot now, the live view two steps later.
    cluster = await startDemoCluster({ nodes: 3, history: HISTORY, seed: 4, clock: () => now });
    core = createAppCore({ userDataDir: mkdtempSync(join(dir, 'user-')), box: testSecretBox(),
      dialogs: { saveFile: async () => snap, openFile: async () => snap }, startDemo: async () => cluster, log: () => {}, appVersion: 'e2e' });
    await core.start();
  });
  afterAll(async () => {
    await e2e?.stop();
    await core?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The Demo on screen, its view exported as a snapshot, then the clock two steps on and the live view refreshed. */
  async function snapshotThenTwoSteps(between?: () => Promise<void>): Promise<{ page: Page; first: { rows: number; columns: number } }> {
    const errors: string[] = [];
    const page = await e2e.open(handlers(), VIEWPORT, (p) => p.on('pageerror', (e) => errors.push(e.message)));
    await page.getByRole('button', { name: 'Open the built-in Demo cluster' }).click();
    await page.getByText('cluster view (3 of 3 nodes)').waitFor();
    await page.locator('.summary[data-drawn="true"]').waitFor();
    const first = await summaryCounts(page);
    await page.locator('.menu summary', { hasText: 'Export' }).click();
    await page.getByRole('menuitem', { name: 'Snapshot…', exact: true }).click();
    await page.getByRole('status', { name: 'File' }).filter({ hasText: /Exported to .*prod-writes/ }).waitFor();
    // Two steps on: the live view loses its two oldest columns and gains two new ones.
    now += 2 * STEP;
    await between?.();
    const asked = rounds;
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => rounds).toBe(asked + 1);
    await page.locator('.summary[data-drawn="true"]').waitFor();
    await page.getByRole('button', { name: 'Compare with snapshot…' }).click();
    await page.getByRole('status').filter({ hasText: /^Comparison: / }).waitFor();
    await page.locator('.summary[data-drawn="true"]').filter({ hasText: 'B − A' }).waitFor();
    expect(errors).toEqual([]);
    return { page, first };
  }

  /** Pin the cell at (row, col) of the whole-matrix heatmap. */
  async function pin(page: Page, m: { rows: unknown[]; columns: ArrayLike<number> }, row: number, col: number) {
    await clickCell(page, m, row, col);
    await page.locator('.cell-detail.pinned').waitFor();
    const panel = page.getByRole('complementary', { name: 'Cell detail' });
    return { panel, cells: panel.getByRole('table', { name: 'Per-node values' }).locator('tbody tr') };
  }

  /** The comparison's values, read back from main (the page drew them). */
  const comparison = async (): Promise<NonNullable<ClusterView['matrix']>> =>
    (await core.clusters.fetch({ connectionId: compared!.connectionId, ...Q })).matrix!;

  test('a snapshot against the live view two steps later: one column per slot, zeros where the traffic is the same, both values in a pinned cell, each side named', async () => {
    const { page, first } = await snapshotThenTwoSteps();
    await page.screenshot({ path: join(ARTIFACTS, 'compare.png') });
    expect(first.columns).toBe(HISTORY);
    // Columns: the union of the two sides' slots (1440 + 2 new), not their sum (2880).
    const diff = await summaryCounts(page);
    expect(diff).toEqual({ rows: first.rows, columns: HISTORY + 2 });
    // A side's leadership changes are its own, not the difference's: no framed cells.
    await expect(page.locator('.handover-note').count()).resolves.toBe(0);

    // Where both sides have the slot, the Demo's traffic is the same data: 0, every cell.
    const m = await comparison();
    const W = m.columns.length;
    let zero = 0;
    let overlapping = 0;
    for (let r = 0; r < m.rows.length; r++) {
      for (let c = 2; c < W - 2; c++) { // the first two slots are only A's, the last two only B's
        overlapping++;
        if (m.values[r * W + c] === 0) zero++;
      }
    }
    expect(zero).toBe(overlapping);
    const present = (col: number) => core.clusters.cell({ connectionId: compared!.connectionId, row: 0, col })!.nodes.map((n) => n.present);
    expect([present(0), present(1), present(2), present(W - 3), present(W - 2), present(W - 1)])
      .toEqual([[true, false], [true, false], [true, true], [true, true], [false, true], [false, true]]);

    // A pinned cell in the middle of the busiest row: A's and B's values, the same, neither "no data".
    const col = Math.floor(W / 2);
    const busy = busiest(m, col);
    const { panel, cells } = await pin(page, m, busy, col);
    await expect(cells.count()).resolves.toBe(2);
    await expect(panel.locator('tbody tr.absent').count()).resolves.toBe(0);
    await expect(panel.textContent()).resolves.not.toMatch(/no data/);
    const values = await cells.evaluateAll((rows) => rows.map((r) => r.querySelectorAll('td')[1]!.textContent ?? ''));
    expect(values[0]).toMatch(/^[1-9][\d,]*$/);
    expect(values[1]).toBe(values[0]);
    await expect(panel.locator('.merged-value').textContent()).resolves.toBe('0');
    await panel.screenshot({ path: join(ARTIFACTS, 'compare-cell.png') });

    // Which side is which: live (time) against snapshot (file, time), in the title, the banner, the strip and the cell.
    const [la, lb] = compared!.nodes as [string, string];
    expect(la).toMatch(new RegExp(`^snapshot \\(${escape(basename(snap))}, ${CLOCK}\\)$`));
    expect(lb).toMatch(new RegExp(`^live \\(${CLOCK}\\)$`));
    await expect(page.locator('.connection-label').textContent()).resolves.toBe(`${lb} − ${la}`);
    await expect(page.getByRole('status').filter({ hasText: /^Comparison: / }).textContent()).resolves.toContain(`Comparison: ${lb} minus ${la}.`);
    const strip = await page.locator('.node-strip .badge').allTextContents();
    expect(strip.map((t) => t.trim().split(' · ok')[0])).toEqual([`A · ${la}`, `B · ${lb}`]);
    await expect(cells.locator('td:first-child').allTextContents()).resolves.toEqual([`A · ${la}`, `B · ${lb}`]);
    await page.close();
  }, 90_000);

  test('the node that flushes first is down for the live view: its minutes still pair up (no stripes), B − A is what that node counted', async () => {
    // Each node flushes on its own millisecond; a merged column carries the earliest one's. With
    // that node gone, every live column moves by a few hundred ms against the snapshot's.
    const first = await earliestFlusher();
    let down = false;
    try {
      const { page, first: before } = await snapshotThenTwoSteps(async () => { await cluster.setFault(first, 'down'); down = true; });
      await page.screenshot({ path: join(ARTIFACTS, 'compare-node-down.png') });
      const diff = await summaryCounts(page);
      expect(diff.columns).toBe(HISTORY + 2); // not 2 × 1440 + 2: one column per slot
      expect(diff.rows).toBe(before.rows);

      // Where both sides have the slot, the live side lacks only what the down node counted
      // (the writes of the groups it led): never more than the snapshot, mostly the same.
      const m = await comparison();
      const W = m.columns.length;
      let zero = 0;
      let more = 0;
      let overlapping = 0;
      for (let r = 0; r < m.rows.length; r++) {
        for (let c = 2; c < W - 2; c++) {
          overlapping++;
          const v = m.values[r * W + c]!;
          if (v === 0) zero++;
          if (v > 0) more++;
        }
      }
      expect(more).toBe(0);
      expect(zero / overlapping).toBeGreaterThan(0.5);

      // A pinned cell the down node did not count: both sides have it, with one value. (Its
      // neighbours too: at this zoom a pixel spans about two columns.)
      const same = (r: number, c: number): boolean => {
        const d = core.clusters.cell({ connectionId: compared!.connectionId, row: r, col: c })!;
        return d.value === 0 && d.nodes.every((n) => n.present && n.value > 0);
      };
      let row = -1;
      let col = -1;
      for (const c of [Math.floor(W / 2), Math.floor(W / 3), Math.floor((2 * W) / 3)]) {
        row = m.rows.findIndex((_, r) => [-3, -2, -1, 0, 1, 2, 3].every((dc) => same(r, c + dc)));
        if (row >= 0) { col = c; break; }
      }
      expect(row).toBeGreaterThanOrEqual(0);
      const { panel, cells } = await pin(page, m, row, col);
      await expect(panel.locator('tbody tr.absent').count()).resolves.toBe(0);
      await expect(panel.textContent()).resolves.not.toMatch(/no data/);
      const values = await cells.evaluateAll((rows) => rows.map((r) => r.querySelectorAll('td')[1]!.textContent ?? ''));
      expect(values[0]).toMatch(/^[1-9][\d,]*$/);
      expect(values[1]).toBe(values[0]);
      await page.close();
    } finally {
      if (down) await cluster.setFault(first, 'up');
    }
  }, 90_000);
});
