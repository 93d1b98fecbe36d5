// The anchors' exploration aids on the heatmap in real Chromium against the real core (issue 18,
// items 3-5): marginal totals along both axes equal the merged matrix's sums over what is visible,
// follow zoom, are signed in a comparison and fit at 1024×700; key groups collapse into one summed
// row and expand again; the columns zoomed into are asked of the nodes with exactly their
// from_unix_ms/to_unix_ms (on the simulated nodes' own request log), and Back asks the question
// before and shows its picture again.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type AppCore, createAppCore } from '../../src/main/app/app-core';
import type { IpcHandlers } from '../../src/main/app/ipc';
import { toViewMatrix } from '../../src/main/app/views/picture';
import { type DemoCluster, type DemoRequest, startDemoCluster } from '../../src/demo-cluster';
import { ClusterClient } from '../../src/main/core/fanout';
import type { MergedMatrix } from '../../src/main/core/merge';
import type { ViewMatrix } from '../../src/shared/ipc';
import { rowLabel } from '../../src/renderer/src/heatmap/axes';
import { groupLabel, keyGroups } from '../../src/renderer/src/heatmap/groups';
import { formatQuantity } from '../../src/renderer/src/heatmap/units';
import { ARTIFACTS, CHROMIUM, type E2E, clusterMatrix, startE2E } from '../helpers/e2e';
import { testSecretBox } from '../helpers/secret-box';

const dir = mkdtempSync(join(tmpdir(), 'keyviz-e2e-explore-'));
const STEP = 60_000;
const SMALL = { width: 1024, height: 700 };
const LARGE = { width: 1400, height: 900 };
const MATRIX_PATH = '/admin/api/v1/keyviz/matrix';

let e2e: E2E;
let cluster: DemoCluster;
let core: AppCore;
let now = Date.UTC(2026, 10, 24, 12, 0, 0);
/** Every request the simulated nodes received, as they received it. */
const requests: DemoRequest[] = [];
/** The last view main answered per connection: what the page was given to draw (a comparison's differences). */
const answered = new Map<string, ViewMatrix>();
let saved: string | null = null;

const handlers = (): IpcHandlers => ({
  ...core.handlers,
  fetch: async (req, reply) => {
    const view = await core.handlers.fetch(req, reply);
    if (view.matrix) answered.set(req.connectionId, view.matrix);
    return view;
  },
});

type Box = { x: number; y: number; width: number; height: number };
const inside = (b: Box, v: { width: number; height: number }): boolean =>
  b.x >= 0 && b.y >= 0 && b.x + b.width <= v.width + 0.5 && b.y + b.height <= v.height + 0.5;
type Vp = [number, number, number, number];

/** Row and column sums of rows [r0, r1) × columns [c0, c1) of a matrix given as row arrays. */
function sums(rows: ReadonlyArray<ArrayLike<number>>, [r0, r1, c0, c1]: Vp): { rows: number[]; columns: number[] } {
  const out = { rows: [] as number[], columns: new Array<number>(c1 - c0).fill(0) };
  for (let r = r0; r < r1; r++) {
    let s = 0;
    for (let c = c0; c < c1; c++) { s += rows[r]![c]!; out.columns[c - c0]! += rows[r]![c]!; }
    out.rows.push(s);
  }
  return out;
}
const rowsOf = (m: MergedMatrix): Array<ArrayLike<number>> => m.rows.map((r) => r.values);

describe.skipIf(!CHROMIUM)('exploration aids in Chromium', () => {
  beforeAll(async () => {
    e2e = await startE2E();
    cluster = await startDemoCluster({ nodes: 3, history: 1440, seed: 4, stepMs: STEP, clock: () => now, onRequest: (r) => requests.push(r) });
    core = createAppCore({ userDataDir: mkdtempSync(join(dir, 'user-')), box: testSecretBox(), log: () => {}, appVersion: 'e2e',
      dialogs: { saveFile: async (name) => (saved = join(dir, name)), openFile: async () => saved }, startDemo: async () => cluster });
    await core.start();
  });
  afterAll(async () => {
    await e2e?.stop();
    await core?.close();
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function openDemo(viewport: { width: number; height: number }): Promise<{ page: Page; errors: string[] }> {
    // Each test a few minutes on: the Demo lets five logins a minute through (the test logs in again and again).
    now += 5 * STEP;
    const errors: string[] = [];
    const page = await e2e.open(handlers(), viewport, (p) => p.on('pageerror', (e) => errors.push(e.message)));
    await page.getByRole('button', { name: 'Open the built-in Demo cluster' }).click();
    await page.getByText('cluster view (3 of 3 nodes)').waitFor();
    await page.locator('.summary[data-drawn="true"]').waitFor();
    return { page, errors };
  }

  const shown = async (page: Page): Promise<Vp> => (await page.locator('.summary').getAttribute('data-viewport'))!.split(',').map(Number) as Vp;
  /** What a totals strip says it drew: its first index and one total per visible row (column). */
  const strip = async (page: Page, which: 'row' | 'column'): Promise<{ first: number; totals: number[] }> => {
    const el = page.locator(`.${which}-totals`);
    return { first: Number(await el.getAttribute('data-first')), totals: (await el.getAttribute('data-totals'))!.split(',').map(Number) };
  };
  const expectTotals = async (page: Page, rows: ReadonlyArray<ArrayLike<number>>, vp: Vp, what: string): Promise<void> => {
    const want = sums(rows, vp);
    await expect.poll(() => strip(page, 'row'), { message: `${what}: row totals` }).toEqual({ first: vp[0], totals: want.rows });
    await expect.poll(() => strip(page, 'column'), { message: `${what}: column totals` }).toEqual({ first: vp[2], totals: want.columns });
  };
  const canvasBox = async (page: Page): Promise<Box> => (await page.locator('.canvas-box canvas').boundingBox())!;
  /** Drag on the heatmap (or along an axis) between two points given as fractions of the canvas. */
  async function drag(page: Page, on: string, [ax, ay]: [number, number], [bx, by]: [number, number]): Promise<void> {
    const c = await canvasBox(page);
    const from = (await page.locator(on).boundingBox())!;
    const y = (f: number): number => (on === '.time-axis' ? from.y + from.height / 2 : c.y + f * c.height);
    await page.mouse.move(c.x + ax * c.width, y(ay));
    await page.mouse.down();
    await page.mouse.move(c.x + bx * c.width, y(by), { steps: 5 });
    await page.mouse.up();
  }
  const readout = (page: Page) => page.locator('.totals-readout').evaluate((e) => ({
    row: e.getAttribute('data-row'), rowTotal: e.getAttribute('data-row-total'), col: e.getAttribute('data-col'),
    colTotal: e.getAttribute('data-col-total'), text: Array.from(e.children).map((c) => (c as { textContent: string | null }).textContent ?? ''),
  }));

  test('1400×900: the totals of every visible row and column are the merged matrix\'s sums, follow zoom and back, and are read out where pointed', async () => {
    const { page, errors } = await openDemo(LARGE);
    try {
      const m = await clusterMatrix(cluster);
      const R = m.rows.length;
      const W = m.columns.length;
      await expectTotals(page, rowsOf(m), [0, R, 0, W], 'the whole matrix');

      // Point at a cell: its row's and column's totals, in the legend's units, and both marked.
      const c = await canvasBox(page);
      const [row, col] = [Math.floor(R * 0.4), Math.floor(W * 0.6)];
      await page.mouse.move(c.x + ((col + 0.5) / W) * c.width, c.y + ((row + 0.5) / R) * c.height);
      const hovered = await page.locator('.hover-mark').evaluate((e) => ({ row: Number(e.getAttribute('data-row')), col: Number(e.getAttribute('data-col')) }));
      const whole = sums(rowsOf(m), [0, R, 0, W]);
      await expect.poll(() => readout(page)).toEqual({ row: String(hovered.row), rowTotal: String(whole.rows[hovered.row]),
        col: String(hovered.col), colTotal: String(whole.columns[hovered.col]),
        text: [`row Σ ${formatQuantity(whole.rows[hovered.row]!, 'count')}`, `column Σ ${formatQuantity(whole.columns[hovered.col]!, 'count')}`, 'Σ: point at a row or column'] });
      const rowMark = (await page.locator('.row-totals .total-mark').boundingBox())!;
      expect(rowMark.y).toBeLessThanOrEqual(c.y + ((hovered.row + 0.5) / R) * c.height);
      expect(rowMark.y + rowMark.height).toBeGreaterThanOrEqual(c.y + ((hovered.row + 0.5) / R) * c.height);
      const colMark = (await page.locator('.column-totals .total-mark').boundingBox())!;
      expect(Math.abs(colMark.x + colMark.width / 2 - (c.x + ((hovered.col + 0.5) / W) * c.width))).toBeLessThanOrEqual(1.5);

      // Zoom into a rectangle: the totals are of what is visible now.
      await drag(page, '.canvas-box canvas', [0.2, 0.15], [0.55, 0.6]);
      const zoomed = await shown(page);
      expect(zoomed[1] - zoomed[0]).toBeLessThan(R);
      expect(zoomed[3] - zoomed[2]).toBeLessThan(W);
      await expectTotals(page, rowsOf(m), zoomed, 'zoomed into a rectangle');
      // And along the time axis inside it.
      await drag(page, '.time-axis', [0.3, 0], [0.6, 0]);
      const narrower = await shown(page);
      expect(narrower[3] - narrower[2]).toBeLessThan(zoomed[3] - zoomed[2]);
      await expectTotals(page, rowsOf(m), narrower, 'zoomed along the time axis');

      // Pointing at the row strip itself reads that row's total over the visible columns.
      const rs = (await page.locator('.row-totals').boundingBox())!;
      const k = Math.floor((narrower[1] - narrower[0]) / 2);
      await page.mouse.move(rs.x + rs.width / 2, rs.y + ((k + 0.5) / (narrower[1] - narrower[0])) * rs.height);
      const part = sums(rowsOf(m), narrower);
      await expect.poll(async () => (await readout(page)).rowTotal).toBe(String(part.rows[k]));
      await page.screenshot({ path: join(ARTIFACTS, 'explore-totals-zoomed.png') });

      await page.keyboard.press('Backspace');
      await page.keyboard.press('Backspace');
      await expect.poll(() => shown(page)).toEqual([0, R, 0, W]);
      await expectTotals(page, rowsOf(m), [0, R, 0, W], 'back to the whole matrix');
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);

  test('1024×700: heatmap, axes, legend, both totals strips and the readout on screen, the strips flush with the heatmap; the offer too', async () => {
    const { page, errors } = await openDemo(SMALL);
    try {
      const box = async (sel: string): Promise<Box> => (await page.locator(sel).first().boundingBox())!;
      const c = await canvasBox(page);
      for (const sel of ['.canvas-box canvas', '.key-axis', '.time-axis', '.legend', '.row-totals', '.column-totals', '.totals-readout', '.key-groups']) {
        expect(inside(await box(sel), SMALL), `${sel} inside 1024×700`).toBe(true);
      }
      expect(c.width).toBeGreaterThanOrEqual(0.6 * SMALL.width);
      const rows = await box('.row-totals');
      const cols = await box('.column-totals');
      expect(Math.abs(rows.y - c.y)).toBeLessThanOrEqual(0.5);
      expect(Math.abs(rows.y + rows.height - (c.y + c.height))).toBeLessThanOrEqual(0.5);
      expect(rows.x).toBeGreaterThanOrEqual(c.x + c.width - 0.5);
      expect(Math.abs(cols.x - c.x)).toBeLessThanOrEqual(0.5);
      expect(Math.abs(cols.width - c.width)).toBeLessThanOrEqual(0.5);
      expect(cols.y + cols.height).toBeLessThanOrEqual(c.y + 0.5);
      // The page never scrolls.
      await expect(page.evaluate('[document.documentElement.scrollWidth, document.documentElement.scrollHeight]')).resolves.toEqual([SMALL.width, SMALL.height]);

      // Zoomed along the time axis: the offer is inside the summary, on screen (the summary clips what does not fit).
      await drag(page, '.time-axis', [0.2, 0], [0.5, 0]);
      const offer = await box('.ask-window');
      const summary = await box('.summary');
      expect(offer.y + offer.height).toBeLessThanOrEqual(summary.y + summary.height + 0.5);
      expect(offer.x + offer.width).toBeLessThanOrEqual(summary.x + summary.width + 0.5);
      expect(inside(offer, SMALL)).toBe(true);
      await page.mouse.move(c.x + c.width * 0.5, c.y + c.height * 0.5);
      await page.screenshot({ path: join(ARTIFACTS, 'explore-1024.png') });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);

  test('a comparison\'s totals are of its differences, signed, as main answered them', async () => {
    const { page, errors } = await openDemo(LARGE);
    try {
      await page.keyboard.press('Control+s');
      await page.getByRole('status', { name: 'File' }).filter({ hasText: /Exported to / }).waitFor();
      now += 3 * STEP; // B is three flushes later than the file
      const asOf = await page.locator('.as-of time').getAttribute('datetime');
      await page.getByRole('button', { name: 'Refresh' }).click();
      await expect.poll(() => page.locator('.as-of time').getAttribute('datetime')).not.toBe(asOf);
      await page.getByRole('button', { name: 'Compare with snapshot…' }).click();
      await page.locator('.summary[data-drawn="true"]').filter({ hasText: 'B − A' }).waitFor();
      const diff = [...answered.values()].at(-1)!;
      const W = diff.columns.length;
      const rows = Array.from({ length: diff.rows.length }, (_, i) => diff.values.subarray(i * W, (i + 1) * W));
      await expectTotals(page, rows, [0, rows.length, 0, W], 'B − A');
      const { totals } = await strip(page, 'column');
      expect(totals.some((t) => t < 0), 'some columns fell').toBe(true);
      expect(totals.some((t) => t > 0), 'some columns grew').toBe(true);
      // The readout signs them.
      const c = await canvasBox(page);
      const col = totals.findIndex((t) => t < 0);
      await page.mouse.move(c.x + ((col + 0.5) / W) * c.width, c.y + c.height / 2);
      await expect.poll(async () => (await readout(page)).text[1]).toMatch(/^column Σ −/);
      await page.screenshot({ path: join(ARTIFACTS, 'explore-compare-totals.png') });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);

  test('key groups: a group collapses into one row that is the sum of its rows (totals, pinned cell), the rows around it unchanged, and expands again', async () => {
    const { page, errors } = await openDemo(LARGE);
    try {
      const merged = await clusterMatrix(cluster);
      const m = toViewMatrix(merged);
      const R = m.rows.length;
      const W = m.columns.length;
      const groups = keyGroups(m);
      const g = groups.find((x) => x.name === 'dynamo/orders/')!;
      const n = g.end - g.start;
      expect(n).toBeGreaterThan(1);
      const whole = sums(rowsOf(merged), [0, R, 0, W]);

      await page.getByRole('button', { name: `Collapse dynamo/orders/ (a group of ${n})` }).click();
      await page.locator('.summary[data-drawn="true"]').filter({ hasText: `(${R - n + 1} shown: groups collapsed)` }).waitFor();
      expect(await shown(page)).toEqual([0, R - n + 1, 0, W]);
      // One row for the group, labelled as one, where its first row was.
      const label = page.locator(`.key-axis li[data-row="${g.start}"]`);
      await expect(label.textContent()).resolves.toBe(groupLabel(g));
      // Its total is its rows' totals added; the rows around it keep theirs.
      const want = [...whole.rows.slice(0, g.start), whole.rows.slice(g.start, g.end).reduce((a, b) => a + b, 0), ...whole.rows.slice(g.end)];
      await expect.poll(() => strip(page, 'row')).toEqual({ first: 0, totals: want });
      expect((await strip(page, 'column')).totals).toEqual(whole.columns);

      // Its cell, pinned: a group of n rows, and the summed value of that column.
      const c = await canvasBox(page);
      const D = R - n + 1;
      await page.mouse.move(c.x + 0.8 * c.width, c.y + ((g.start + 0.5) / D) * c.height);
      const col = Number(await page.locator('.hover-mark').getAttribute('data-col'));
      await page.mouse.click(c.x + 0.8 * c.width, c.y + ((g.start + 0.5) / D) * c.height);
      const detail = page.locator('.cell-detail.group-detail.pinned');
      await detail.waitFor();
      await expect(detail.locator('.pill').textContent()).resolves.toBe(`group of ${n} rows`);
      const sum = merged.rows.slice(g.start, g.end).reduce((s, r) => s + r.values[col]!, 0);
      await expect(detail.locator('.merged-value').getAttribute('data-value')).resolves.toBe(String(sum));
      await expect(detail.textContent()).resolves.toContain('Expand the group to see each row');
      // Which node served the group's rows (whole window): each node's own answer summed over the group's buckets.
      const buckets = new Set(merged.rows.slice(g.start, g.end).map((r) => r.bucketId));
      const client = new ClusterClient({ nodes: cluster.urls, accessKey: cluster.accessKey, secret: cluster.secretKey });
      let own: number[];
      try {
        const round = await client.fetch({ series: 'writes', rows: 1024, fromMs: null, toMs: null });
        own = round.nodes.map((x) => (x.matrix?.rows ?? []).filter((r) => buckets.has(r.bucketId)).reduce((a, r) => a + Array.from(r.values).reduce((p, v) => p + v, 0), 0));
      } finally {
        await client.close();
      }
      expect(own.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
      await expect(detail.locator('.served-title').textContent()).resolves.toBe(`Served by (these ${n} rows, over the whole window):`);
      await expect.poll(() => detail.locator('.served-node').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-total'))))).toEqual(own);
      await page.screenshot({ path: join(ARTIFACTS, 'explore-group-collapsed.png') });

      // The adapter around it collapses over it: the inner bracket leaves the axis.
      const adapter = groups.find((x) => x.level === 0 && x.name === 'dynamo')!;
      await page.getByRole('button', { name: `Collapse dynamo (a group of ${adapter.end - adapter.start})` }).click();
      await page.locator('.summary[data-drawn="true"]').filter({ hasText: `(${R - (adapter.end - adapter.start) + 1} shown` }).waitFor();
      await expect(page.getByRole('button', { name: /dynamo\/orders\// }).count()).resolves.toBe(0);
      await page.getByRole('button', { name: `Expand dynamo (a group of ${adapter.end - adapter.start})` }).click();

      // Expanded from its detail: the picture as it was, row for row.
      await page.getByRole('button', { name: 'Expand the group' }).click();
      await page.locator('.summary[data-drawn="true"]').filter({ hasNotText: 'shown: groups collapsed' }).waitFor();
      expect(await shown(page)).toEqual([0, R, 0, W]);
      await expectTotals(page, rowsOf(merged), [0, R, 0, W], 'expanded');
      await expect(page.locator(`.key-axis li[data-row="${g.start}"]`).textContent()).resolves.toBe(rowLabel(m, g.start));
      await expect(page.getByRole('button', { name: `Collapse dynamo/orders/ (a group of ${n})` }).getAttribute('aria-expanded')).resolves.toBe('true');
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);

  test('the zoomed columns asked of the nodes: exactly their from_unix_ms/to_unix_ms, the row budget ranked for them; Back asks the question before and shows its picture', async () => {
    const { page, errors } = await openDemo(LARGE);
    try {
      // A budget below the rows there are (each node keeps its own top rows; the merge is their union).
      const ROWS = 12;
      const full = await clusterMatrix(cluster, ROWS);
      const W = full.columns.length;
      const rowsInput = page.getByLabel('Rows', { exact: true });
      await rowsInput.fill(String(ROWS));
      await rowsInput.press('Enter');
      await page.locator('.summary[data-drawn="true"]').filter({ hasText: `${full.rows.length} rows × ${W} columns` }).waitFor();

      await drag(page, '.time-axis', [0.1, 0], [0.35, 0]);
      const brushed = await shown(page);
      const [, , c0, c1] = brushed;
      expect(c1 - c0).toBeLessThan(W);
      const asked = { from_unix_ms: String(full.columns[c0]), to_unix_ms: String(full.columns[c1]) };
      await expect(page.locator('.ask-window').getAttribute('data-from-ms')).resolves.toBe(asked.from_unix_ms);

      const before = requests.length;
      await page.getByRole('button', { name: 'Ask the nodes for this window' }).click();
      await page.locator('.summary[data-drawn="true"]').filter({ hasText: ` × ${c1 - c0} columns` }).waitFor();
      const matrixAsks = (from: number) => requests.slice(from).filter((r) => r.url.pathname === MATRIX_PATH);
      const windowAsks = matrixAsks(before);
      expect(windowAsks.map((r) => r.node).sort()).toEqual([0, 1, 2]);
      for (const r of windowAsks) {
        expect(Object.fromEntries(r.url.searchParams)).toMatchObject({ series: 'writes', rows: String(ROWS), ...asked });
      }
      // The rows are the window's top rows, as the nodes rank them for it (not the whole range's).
      const client = new ClusterClient({ nodes: cluster.urls, accessKey: cluster.accessKey, secret: cluster.secretKey });
      let windowed: MergedMatrix;
      try {
        windowed = (await client.fetch({ series: 'writes', rows: ROWS, fromMs: full.columns[c0]!, toMs: full.columns[c1]! })).merge!.matrix;
      } finally {
        await client.close();
      }
      expect(Array.from(windowed.columns)).toEqual(Array.from(full.columns.subarray(c0, c1)));
      const ids = (mm: MergedMatrix): string[] => mm.rows.map((r) => r.bucketId);
      expect(ids(windowed)).not.toEqual(ids(full));
      const labels = await page.locator('.key-axis li').allTextContents();
      expect(labels).toEqual(toViewMatrix(windowed).rows.map((_, i) => rowLabel(toViewMatrix(windowed), i)));
      expect(await shown(page)).toEqual([0, windowed.rows.length, 0, c1 - c0]);
      await expectTotals(page, rowsOf(windowed), [0, windowed.rows.length, 0, c1 - c0], 'the window asked');
      await page.screenshot({ path: join(ARTIFACTS, 'explore-window-asked.png') });

      // Back (Backspace): the whole range asked again, its picture zoomed as it was.
      const atBack = requests.length;
      await page.keyboard.press('Backspace');
      await page.locator('.summary[data-drawn="true"]').filter({ hasText: `${full.rows.length} rows × ${W} columns` }).waitFor();
      // "All": no bounds at all, as before the window was asked.
      for (const r of matrixAsks(atBack)) {
        expect(r.url.searchParams.has('from_unix_ms') || r.url.searchParams.has('to_unix_ms'), r.url.search).toBe(false);
        expect(r.url.searchParams.get('rows')).toBe(String(ROWS));
      }
      expect(matrixAsks(atBack).map((r) => r.node).sort()).toEqual([0, 1, 2]);
      await expect.poll(() => shown(page)).toEqual(brushed);
      await expect(page.getByRole('button', { name: 'Back to the previous query' }).count()).resolves.toBe(0);

      // Asked again, then back by the button.
      await page.getByRole('button', { name: 'Ask the nodes for this window' }).click();
      await page.locator('.summary[data-drawn="true"]').filter({ hasText: `× ${c1 - c0} columns` }).waitFor();
      await page.getByRole('button', { name: 'Back to the previous query' }).click();
      await page.locator('.summary[data-drawn="true"]').filter({ hasText: `× ${W} columns` }).waitFor();
      await expect.poll(() => shown(page)).toEqual(brushed);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);
});
