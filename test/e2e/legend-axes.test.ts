// The heatmap's legend and axes in real Chromium, against the real core (issue 17, items 7 and 13),
// the page in New York time: the time axis dates its first label and midnight and says its zone
// once; every key label fits inside its axis, as many rows labelled as fit, rows sharing a start key
// labelled once; the legend has ticks on both scales, "0" for zero drawn as the map draws a zero
// cell, units an operator cannot misread (1.2 G writes, 1.1 GiB written). The exported picture
// says its times in the same zone as the screen, and draws the same labels.
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type AppCore, createAppCore } from '../../src/main/app/app-core';
import type { IpcHandlers } from '../../src/main/app/ipc';
import { toViewMatrix } from '../../src/main/app/views/picture';
import { trustedUrlCheck } from '../../src/main/shell/security';
import { type DemoCluster, startDemoCluster } from '../../src/demo-cluster';
import { ClusterClient } from '../../src/main/core/fanout';
import type { ViewMatrix } from '../../src/shared/ipc';
import { rowLabel } from '../../src/renderer/src/heatmap/axes';
import { buildLut, makeScale, unpack } from '../../src/renderer/src/heatmap/color';
import { ARTIFACTS, CHROMIUM, type E2E, startE2E } from '../helpers/e2e';
import { fakeElastickv, type FakeNode } from '../helpers/fake-node';
import { installBridge } from '../helpers/renderer-bridge';
import { testSecretBox } from '../helpers/secret-box';

const dir = mkdtempSync(join(tmpdir(), 'keyviz-e2e-legend-'));
const STEP = 60_000;
const T0 = Date.UTC(2026, 10, 24, 12, 0, 0);
/** New York: the Demo's day (12:01 UTC to 12:00 UTC) crosses local midnight (05:00 UTC) in its middle. */
const ZONE = 'America/New_York';
const WIDE = { width: 1400, height: 900 };
const SMALL = { width: 1024, height: 700 };
/** The Demo's largest count in words: `10.4 k` (SI, three digits; the unit tests pin the formatter). */
const thousands = (v: number): string => {
  expect(v).toBeGreaterThanOrEqual(1e4);
  expect(v).toBeLessThan(1e6);
  return `${Number((v / 1000).toPrecision(3))} k`;
};
/** The key axis's label height (KEY_LABEL_PX). */
const LABEL_PX = 11;
let e2e: E2E;
let demo: DemoCluster;
let demoCore: AppCore;
let fake: FakeNode;
let fakeCore: AppCore;
const saves: string[] = [];

/** Every text drawn into a picture-sized canvas (the exported PNG's), with where. */
const RECORD_TEXT = `(() => {
  const fill = CanvasRenderingContext2D.prototype.fillText;
  window.__pictureTexts = [];
  window.__pictureStyles = {};
  CanvasRenderingContext2D.prototype.fillText = function (text, x, y, ...rest) {
    if (this.canvas.width === 1200 || this.canvas.width === 2400) {
      window.__pictureTexts.push({ text: String(text), x, y });
      window.__pictureStyles[String(text)] = String(this.fillStyle);
    }
    return fill.call(this, text, x, y, ...rest);
  };
})()`;

// ---- a one-node cluster of our own: zero cells, billions, rows sharing a start key ----
const COLS = 120;
const b64 = (s: string): string => Buffer.from(s).toString('base64');
/** Row 0 is zero for its first half; rows 1 and 2 share the start key `orders/` under a label the id pattern does not know. */
function fakeMatrix(series: string): string {
  const columns = Array.from({ length: COLS }, (_, j) => T0 - (COLS - 1 - j) * STEP);
  const row = (bucket: string, start: string, end: string, value: (j: number) => number) => ({
    bucket_id: bucket, start: b64(start), end: b64(end), aggregate: false, route_count: 1,
    values: columns.map((_, j) => value(j)), raft_group_ids: columns.map(() => 1), leader_terms: columns.map(() => 3),
  });
  const big = series.endsWith('bytes') ? 1.2 * 1024 ** 3 : 1.2e9;
  return JSON.stringify({
    column_unix_ms: columns, series, generated_at: new Date(T0).toISOString(),
    rows: [
      row('route:1:redis', 'a/', 'b/', (j) => (j < COLS / 2 ? 0 : Math.round((big * (j + 1)) / COLS))),
      row('route:2:Orders-API', 'orders/', 'orders/m', (j) => 1000 + j),
      row('route:3:Orders-API', 'orders/', 'orders/z', (j) => 5 + j),
      row('route:4:redis', 'p/', 'q/', (j) => 1 + (j % 7)),
    ],
  });
}

describe.skipIf(!CHROMIUM)('legend and axes in Chromium', () => {
  beforeAll(async () => {
    e2e = await startE2E();
    demo = await startDemoCluster({ nodes: 3, history: 1440, seed: 4, stepMs: STEP, clock: () => T0 });
    const dialogs = { saveFile: async () => saves.shift() ?? null, openFile: async () => null };
    demoCore = createAppCore({ userDataDir: mkdtempSync(join(dir, 'user-')), box: testSecretBox(), dialogs, startDemo: async () => demo, log: () => {} });
    await demoCore.start();
    fake = fakeElastickv((path) => {
      if (!path.startsWith('/admin/api/v1/keyviz/matrix')) return { status: 404, body: '{"error":"not_found"}' };
      return { body: fakeMatrix(new URL(path, 'http://x').searchParams.get('series') ?? 'writes') };
    });
    const url = await fake.start();
    // The core opens "the Demo" through this hook: here it is our one node.
    const ours = { urls: [url], accessKey: 'AK', secretKey: 'SK', options: { seed: 0 }, stop: async () => {} } as unknown as DemoCluster;
    fakeCore = createAppCore({ userDataDir: mkdtempSync(join(dir, 'user-')), box: testSecretBox(), dialogs, startDemo: async () => ours, log: () => {} });
    await fakeCore.start();
  });

  afterAll(async () => {
    await e2e?.stop();
    await demoCore?.close();
    await fakeCore?.close();
    await demo?.stop();
    await fake?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The app in New York time, its "Demo" opened and drawn. */
  async function openApp(core: AppCore, viewport: { width: number; height: number }, handlers: IpcHandlers = core.handlers): Promise<Page> {
    const page = await e2e.browser.newPage({ viewport, timezoneId: ZONE, locale: 'en-US' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(RECORD_TEXT);
    await installBridge(page, handlers, trustedUrlCheck('/not/used/index.html', e2e.origin));
    await page.goto(`${e2e.origin}/index.html`);
    await page.getByRole('button', { name: 'Open the built-in Demo cluster' }).click();
    await page.getByText(/cluster view \(\d of \d nodes?\)/).waitFor();
    await page.locator('.summary[data-drawn="true"]').waitFor();
    expect(errors).toEqual([]);
    return page;
  }

  async function demoMatrix(): Promise<ViewMatrix> {
    const client = new ClusterClient({ nodes: demo.urls, accessKey: demo.accessKey, secret: demo.secretKey });
    try {
      return toViewMatrix((await client.fetch({ series: 'writes', rows: 1024, fromMs: null, toMs: null })).merge!.matrix);
    } finally {
      await client.close();
    }
  }

  /** RGBA of a PNG (base64) at each point, decoded by Chromium's own decoder. */
  async function pixelsOf(page: Page, png: string, points: Array<{ x: number; y: number }>): Promise<number[][]> {
    return await page.evaluate(`(async () => {
      const bin = atob(${JSON.stringify(png)});
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      const bmp = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const ctx = new OffscreenCanvas(bmp.width, bmp.height).getContext('2d');
      ctx.drawImage(bmp, 0, 0);
      return ${JSON.stringify(points.map((p) => ({ x: Math.round(p.x), y: Math.round(p.y) })))}
        .map((p) => Array.from(ctx.getImageData(p.x, p.y, 1, 1).data));
    })()`) as number[][];
  }

  type Box = { x: number; y: number; width: number; height: number };
  const boxOf = async (page: Page, selector: string): Promise<Box> => (await page.locator(selector).first().boundingBox())!;
  const inside = (b: Box, outer: Box, slack = 0.5): boolean => b.x >= outer.x - slack && b.y >= outer.y - slack
    && b.x + b.width <= outer.x + outer.width + slack && b.y + b.height <= outer.y + outer.height + slack;
  const space = (s: string | null): string => (s ?? '').replace(/\s/g, ' ');

  interface KeyLabel { text: string; row: number; rows: number; box: Box; scrollWidth: number; clientWidth: number }
  const keyLabels = (page: Page): Promise<KeyLabel[]> => page.locator('.key-axis li').evaluateAll((els) => els.map((e) => {
    const r = e.getBoundingClientRect();
    return { text: e.textContent ?? '', row: Number(e.getAttribute('data-row')), rows: Number(e.getAttribute('data-rows')),
      box: { x: r.x, y: r.y, width: r.width, height: r.height }, scrollWidth: e.scrollWidth, clientWidth: e.clientWidth };
  }));
  interface TimeLabel { time: string; date: string | null; box: Box }
  const timeLabels = (page: Page): Promise<TimeLabel[]> => page.locator('.time-axis li').evaluateAll((els) => els.map((e) => {
    const r = e.getBoundingClientRect();
    return { time: e.querySelector('.time')?.textContent ?? '', date: e.querySelector('.date')?.textContent ?? null,
      box: { x: r.x, y: r.y, width: r.width, height: r.height } };
  }));

  /** Key labels: inside the axis, apart, each its row's label beside its row, none repeated, and no row left out that would fit. */
  async function expectKeyAxis(page: Page, m: ViewMatrix): Promise<KeyLabel[]> {
    const axis = await boxOf(page, '.key-axis');
    const canvas = await boxOf(page, '.canvas-box canvas');
    const labels = await keyLabels(page);
    const rowPx = canvas.height / m.rows.length;
    expect(labels.length).toBeGreaterThan(0);
    for (const l of labels) {
      expect(inside(l.box, axis), `"${l.text}" inside the key axis`).toBe(true);
      expect(l.scrollWidth, `"${l.text}" not wider than its box`).toBeLessThanOrEqual(l.clientWidth);
      expect(l.text).toBe(rowLabel(m, l.row));
      // Beside its row(s): the label's box meets the rows' band.
      const top = canvas.y + l.row * rowPx;
      expect(l.box.y).toBeLessThan(top + l.rows * rowPx);
      expect(l.box.y + l.box.height).toBeGreaterThan(top);
    }
    for (let i = 1; i < labels.length; i++) expect(labels[i]!.box.y).toBeGreaterThanOrEqual(labels[i - 1]!.box.y + labels[i - 1]!.box.height - 0.5);
    expect(new Set(labels.map((l) => l.text)).size).toBe(labels.length);
    // As many as fit: a row left out would overlap a label beside it.
    const centres = labels.map((l) => l.box.y + l.box.height / 2);
    const labelled = new Set(labels.flatMap((l) => Array.from({ length: l.rows }, (_, k) => l.row + k)));
    for (let r = 0; r < m.rows.length; r++) {
      if (labelled.has(r)) continue;
      const y = Math.min(axis.y + axis.height - LABEL_PX / 2, Math.max(axis.y + LABEL_PX / 2, canvas.y + (r + 0.5) * rowPx));
      expect(centres.some((c) => Math.abs(c - y) < LABEL_PX + 0.5), `row ${r} (${rowLabel(m, r)}) left out though it fits`).toBe(true);
    }
    return labels;
  }

  /** Time labels: inside the axis, apart; dated on the first and where the day changes; the zone said once, beside them. */
  async function expectTimeAxis(page: Page, m: ViewMatrix): Promise<TimeLabel[]> {
    const axis = await boxOf(page, '.time-axis');
    const canvas = await boxOf(page, '.canvas-box canvas');
    const labels = await timeLabels(page);
    expect(labels.length).toBeGreaterThanOrEqual(3);
    for (const l of labels) expect(inside(l.box, { ...axis, y: axis.y, height: axis.height }), `${l.time} inside the time axis`).toBe(true);
    for (let i = 1; i < labels.length; i++) expect(labels[i]!.box.x).toBeGreaterThanOrEqual(labels[i - 1]!.box.x + labels[i - 1]!.box.width);
    for (const l of labels) expect(space(l.time)).toMatch(/^\d\d:\d\d [AP]M$/);
    // The Demo's day in New York: Nov 23, 7:01 AM to Nov 24, 7:00 AM.
    expect(labels[0]!.date).toBe('Nov 23');
    const dated = labels.filter((l) => l.date !== null);
    expect(dated.map((l) => [l.date, space(l.time)])).toEqual([['Nov 23', space(labels[0]!.time)], ['Nov 24', '12:00 AM']]);
    // Midnight's label stands where midnight (05:00 UTC) falls in its column's window.
    const t = Date.UTC(2026, 10, 24, 5, 0, 0);
    const col = Array.from(m.columns).findLastIndex((c) => c <= t);
    expect(col).toBeGreaterThan(0);
    const at = (col + (t - m.columns[col]!) / (m.columns[col + 1]! - m.columns[col]!)) / m.columns.length;
    const midnight = dated[1]!.box;
    expect(Math.abs(midnight.x + midnight.width / 2 - (canvas.x + at * canvas.width))).toBeLessThan(1.5);
    // The zone once: beside the axis, in no label, nowhere else in the plot.
    await expect(page.locator('.time-zone').textContent()).resolves.toBe('EST');
    const plotText = (await page.locator('.plot').textContent())!;
    expect(plotText.split('EST').length - 1).toBe(1);
    return labels;
  }

  interface LegendTick { label: string; value: number; box: Box }
  const legendTicks = (page: Page): Promise<LegendTick[]> => page.locator('.legend-ticks li').evaluateAll((els) => els.map((e) => {
    const r = e.getBoundingClientRect();
    return { label: e.textContent ?? '', value: Number(e.getAttribute('data-value')), box: { x: r.x, y: r.y, width: r.width, height: r.height } };
  }));

  /** The bar's pixel under each tick is the colour the map gives that value. */
  async function expectTicksOnTheirColours(page: Page, ticks: LegendTick[], max: number, kind: 'log' | 'linear'): Promise<void> {
    const bar = await boxOf(page, '.legend-bar canvas');
    const xs = ticks.map((t) => Math.round(t.box.x + t.box.width / 2 - bar.x));
    const pixels = await page.locator('.legend-bar canvas').evaluate((el, at) => {
      const c = el as unknown as { getContext(k: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
      return at.map((x) => Array.from(c.getContext('2d').getImageData(Math.min(239, Math.max(0, x)), 5, 1, 1).data));
    }, xs);
    const lut = buildLut();
    const scale = makeScale(max, kind);
    ticks.forEach((t, i) => {
      const [r, g, b] = unpack(lut[scale(t.value)]!);
      const near = [-2, -1, 0, 1, 2].map((d) => unpack(lut[Math.min(255, Math.max(1, scale(t.value) + d))]!));
      const got = pixels[i]!;
      expect(near.some(([nr, ng, nb]) => Math.abs(nr - got[0]!) <= 3 && Math.abs(ng - got[1]!) <= 3 && Math.abs(nb - got[2]!) <= 3),
        `tick ${t.label} on its colour (${r},${g},${b}), got ${got.join(',')}`).toBe(true);
    });
  }

  function expectTicksApart(ticks: LegendTick[], bar: Box): void {
    for (const t of ticks) {
      const centre = t.box.x + t.box.width / 2;
      expect(centre).toBeGreaterThanOrEqual(bar.x - 0.5);
      expect(centre).toBeLessThanOrEqual(bar.x + bar.width + 0.5);
    }
    for (let i = 1; i < ticks.length; i++) {
      expect(ticks[i]!.value).toBeGreaterThan(ticks[i - 1]!.value);
      expect(ticks[i]!.box.x).toBeGreaterThanOrEqual(ticks[i - 1]!.box.x + ticks[i - 1]!.box.width);
    }
  }

  test('1400×900: time labels dated at the start and at midnight, the zone once; every row labelled, none cut off or repeated', async () => {
    const page = await openApp(demoCore, WIDE);
    try {
      const m = await demoMatrix();
      await expectTimeAxis(page, m);
      const keys = await expectKeyAxis(page, m);
      const rowPx = (await boxOf(page, '.canvas-box canvas')).height / m.rows.length;
      if (rowPx >= LABEL_PX) expect(keys).toHaveLength(m.rows.length); // rows a label tall: every one named
      await page.screenshot({ path: join(ARTIFACTS, 'legend-axes-1400.png') });
    } finally {
      await page.close();
    }
  });

  test('1024×700: key labels fully inside their axis (the first and the last too), as many as fit; axes, zone and legend on screen', async () => {
    const page = await openApp(demoCore, SMALL);
    try {
      const m = await demoMatrix();
      await expectTimeAxis(page, m);
      const keys = await expectKeyAxis(page, m);
      expect(keys.at(-1)!.row).toBeGreaterThanOrEqual(m.rows.length - 3); // the bottom rows are named too
      const view = { x: 0, y: 0, ...SMALL };
      for (const sel of ['.key-axis', '.time-axis', '.time-zone', '.legend', '.legend-bar', '.legend-caption']) {
        expect(inside(await boxOf(page, sel), view), `${sel} inside the window`).toBe(true);
      }
      for (const t of await legendTicks(page)) expect(inside(t.box, view)).toBe(true);
      await page.screenshot({ path: join(ARTIFACTS, 'legend-axes-1024.png') });
    } finally {
      await page.close();
    }
  });

  test('the legend: ticks on the log and the linear scale where the map\'s colours are, zero labelled "0" on both, the unit in words', async () => {
    const page = await openApp(demoCore, WIDE);
    try {
      const m = await demoMatrix();
      const max = Math.max(...m.values);
      const bar = await boxOf(page, '.legend-bar canvas');
      await expect(page.locator('.legend-zero').textContent()).resolves.toBe('0');
      let ticks = await legendTicks(page);
      expect(ticks.map((t) => t.label)).toEqual(['1', '10', '100', '1 k', '10 k']);
      expectTicksApart(ticks, bar);
      await expectTicksOnTheirColours(page, ticks, max, 'log');
      await expect(page.locator('.legend-caption').textContent()).resolves.toBe(`writes per column (log scale) · max ${thousands(max)}`);
      // No compact "10.4K" / "1.2B": a count's prefix is SI and spaced.
      await expect(page.locator('.legend').textContent()).resolves.not.toMatch(/\d[KMB]\b/);

      await page.keyboard.press('l'); // the scale's key (its control may sit in a menu)
      await expect.poll(() => page.locator('.legend-caption').textContent()).toMatch(/\(linear scale\)/);
      await expect(page.locator('.legend-zero').textContent()).resolves.toBe('0'); // the same low end on both scales
      ticks = await legendTicks(page);
      expect(ticks.length).toBeGreaterThanOrEqual(3);
      const step = ticks[0]!.value;
      expect(String(step)).toMatch(/^[125]0*$/); // a round step, the first tick one step up from zero
      ticks.forEach((t, i) => expect(t.value).toBe((i + 1) * step));
      expectTicksApart(ticks, bar);
      await expectTicksOnTheirColours(page, ticks, max, 'linear');
      await page.locator('.legend').screenshot({ path: join(ARTIFACTS, 'legend-linear.png') });
    } finally {
      await page.close();
    }
  });

  test('zero looks the same on the map and in the legend; billions read "G", bytes "GiB"; rows sharing a start key are labelled once', async () => {
    const page = await openApp(fakeCore, WIDE);
    try {
      // Row 0's first half is zero. Sample it and the legend's zero swatch in one screenshot.
      const canvas = await boxOf(page, '.canvas-box canvas');
      const swatch = await boxOf(page, '.legend .swatch.zero');
      const bar = await boxOf(page, '.legend-bar canvas');
      const at = [
        { x: canvas.x + canvas.width * 0.2, y: canvas.y + canvas.height / 8 }, // a zero cell
        { x: swatch.x + swatch.width / 2, y: swatch.y + swatch.height / 2 }, // zero's swatch
        { x: bar.x + 1, y: bar.y + bar.height / 2 }, // the bar's low end: the faintest count, not zero
      ];
      const shot = (await page.screenshot()).toString('base64');
      const [cell, zero, low] = await pixelsOf(page, shot, at);
      const close = (a: number[], b: number[], d: number): boolean => a.slice(0, 3).every((v, i) => Math.abs(v - b[i]!) <= d);
      expect(close(zero!, cell!, 2), `zero swatch ${zero!.join(',')} vs zero cell ${cell!.join(',')}`).toBe(true);
      expect(close(low!, cell!, 30), 'the bar\'s low end is a colour, not zero').toBe(false);

      await expect(page.locator('.legend-caption').textContent()).resolves.toBe('writes per column (log scale) · max 1.2 G');
      expect((await legendTicks(page)).map((t) => t.label)).toEqual(['1', '100', '10 k', '1 M', '100 M']);
      await expect(page.locator('.legend').textContent()).resolves.not.toMatch(/\d\s?B\b/); // a count is never "B"

      // Rows 1 and 2 share the start key orders/: one label for both.
      const labels = await keyLabels(page);
      expect(labels.map((l) => [l.text, l.row, l.rows])).toEqual([['route 1 · group 1 · redis', 0, 1], ['orders/', 1, 2], ['route 4 · group 1 · redis', 3, 1]]);

      await page.getByLabel('Series').selectOption('write_bytes');
      await expect.poll(() => page.locator('.legend-caption').textContent()).toBe('bytes written per column (log scale) · max 1.2 GiB');
      const bytes = (await legendTicks(page)).map((t) => t.label);
      expect(bytes.length).toBeGreaterThanOrEqual(4);
      for (const l of bytes) expect(l).toMatch(/^\d+ (B|KiB|MiB|GiB)$/);
      await page.screenshot({ path: join(ARTIFACTS, 'legend-zero-and-units.png') });
    } finally {
      await page.close();
    }
  });

  test('the exported picture: times in the screen\'s zone (said once on the axis), dates at the start and at midnight, the same key labels and legend', async () => {
    const page = await openApp(demoCore, WIDE);
    try {
      const m = await demoMatrix();
      const png = join(dir, 'demo.png');
      saves.push(png);
      await page.locator('.menu summary', { hasText: 'Export' }).click();
      await page.getByRole('menuitem', { name: 'Picture (PNG)…', exact: true }).click();
      await page.getByRole('status', { name: 'File' }).filter({ hasText: /Saved the picture to .*demo\.png/ }).waitFor();
      expect(readFileSync(png).subarray(1, 4).toString('latin1')).toBe('PNG');
      copyFileSync(png, join(ARTIFACTS, 'legend-axes-picture.png'));
      const texts = (await page.evaluate('window.__pictureTexts') as Array<{ text: string; x: number; y: number }>).map((t) => ({ ...t, text: space(t.text) }));

      // The subtitle's time in New York time, as the axis: not UTC's ISO text.
      const subtitle = texts.find((t) => t.text.includes(' columns · '))!.text;
      // As of when the nodes generated the view, as the node strip says it (Nov 24, 12:00 UTC).
      expect(subtitle).toMatch(/ · as of Nov 24, 07:00:00 AM EST$/);
      await expect(page.locator('.as-of time').textContent().then(space)).resolves.toBe('Nov 24, 07:00:00 AM EST');
      expect(subtitle).not.toMatch(/\dT\d\d:|Z$/);
      // The axis's zone once (the subtitle says its own).
      expect(texts.filter((t) => t.text === 'EST')).toHaveLength(1);
      const times = texts.filter((t) => /^\d\d:\d\d [AP]M$/.test(t.text));
      expect(times.length).toBeGreaterThanOrEqual(5);
      const dates = texts.filter((t) => /^[A-Z][a-z]{2} \d{1,2}$/.test(t.text));
      expect(dates.map((t) => t.text)).toEqual(['Nov 23', 'Nov 24']);
      // Each date under a time: the first time label's, and midnight's.
      expect(dates[0]!.x).toBe(times[0]!.x);
      expect(times.find((t) => t.x === dates[1]!.x)!.text).toBe('12:00 AM');

      // Every row named (the picture's rows are a label tall), none twice.
      const names = m.rows.map((_, i) => rowLabel(m, i)).map((l) => (l.length > 26 ? `${l.slice(0, 25)}…` : l));
      const drawnNames = texts.filter((t) => names.includes(t.text)).map((t) => t.text);
      expect(drawnNames).toEqual(names);

      // The legend: "0", the same ticks as on screen, the unit in words, all in the text colour (not the bar's).
      const max = Math.max(...m.values);
      expect(texts.some((t) => t.text === '0')).toBe(true);
      const styles = await page.evaluate('window.__pictureStyles') as Record<string, string>;
      for (const l of ['0', '1', '10 k', 'EST', 'Nov 24']) expect(styles[l], `"${l}" drawn in`).toMatch(/^#(222222|333333)$/);
      expect(styles[texts.find((t) => t.text.startsWith('writes per column'))!.text]).toBe('#222222');
      for (const l of ['1', '10', '100', '1 k', '10 k']) expect(texts.some((t) => t.text === l), `tick ${l}`).toBe(true);
      expect(texts.some((t) => t.text.startsWith(`writes per column (log scale) · max ${thousands(max)}`))).toBe(true);
    } finally {
      await page.close();
    }
  });

  test('the exported picture draws zero as its legend says: the zero swatch is the plot\'s zero cell', async () => {
    const page = await openApp(fakeCore, WIDE);
    try {
      const png = join(dir, 'fake.png');
      saves.push(png);
      await page.locator('.menu summary', { hasText: 'Export' }).click();
      await page.getByRole('menuitem', { name: 'Picture (PNG)…', exact: true }).click();
      await page.getByRole('status', { name: 'File' }).filter({ hasText: /Saved the picture to .*fake\.png/ }).waitFor();
      const texts = await page.evaluate('window.__pictureTexts') as Array<{ text: string; x: number; y: number }>;
      const zeroLabel = texts.find((t) => t.text === '0')!;
      expect(texts.some((t) => t.text === '1.2 G' || t.text.includes('max 1.2 G'))).toBe(true);
      // Sample: a zero cell (row 0 of 4, the first half of its columns), the swatch just left of "0", the bar's low end.
      const points = [{ x: 300, y: 76 + 20 }, { x: Math.round(zeroLabel.x) - 11, y: Math.round(zeroLabel.y) }, { x: 171, y: Math.round(zeroLabel.y) }];
      const [cell, zero, low] = await pixelsOf(page, readFileSync(png).toString('base64'), points);
      copyFileSync(png, join(ARTIFACTS, 'legend-zero-picture.png'));
      expect(zero, 'the zero swatch is the zero cell').toEqual(cell);
      expect(low).not.toEqual(cell);
    } finally {
      await page.close();
    }
  });
});
