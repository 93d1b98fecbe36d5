// The view as a picture for reports: title, node strip, heatmap (the same engine, drawn into an
// offscreen canvas), hatching, key and time axes and the legend, at 1× or 2× — no screen capture.
import type { ViewMatrix } from '../../../shared/ipc';
import type { NodeStatusV1 } from '../../../shared/snapshot';
import { keyTicks, rowLabel } from './axes';
import { decodeDiff } from './color';
import { legendCaption, legendTicks, paintLegend } from './legend';
import { timeTicks, timeZoneText } from './time-axis';
import { QUANTITY } from './units';
import { drawHeatmap, type DrawOptions } from './draw';
import type { Viewport } from './pyramid';

/** Layout in CSS pixels (multiplied by the pixel ratio). */
export const PICTURE = { width: 1200, height: 800, title: 44, strip: 24, keys: 170, time: 30, legend: 34, pad: 12 } as const;

export interface PictureInput {
  matrix: ViewMatrix;
  nodes: NodeStatusV1[];
  title: string;
  subtitle: string;
  viewport: Viewport;
  draw: DrawOptions;
  unit: string;
  ratio: 1 | 2;
}

/** The plot's background, which a zero cell (transparent) shows; the legend's zero swatch is filled with it. */
export const ZERO_FILL = '#f2f2f2';
/** The legend's bar, in CSS px. */
const BAR = { width: 240, height: 10 } as const;

export async function heatmapPng(p: PictureInput): Promise<Uint8Array<ArrayBuffer>> {
  const L = PICTURE;
  const canvas = document.createElement('canvas');
  canvas.width = L.width * p.ratio;
  canvas.height = L.height * p.ratio;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this window cannot draw pictures (no 2D canvas)');
  ctx.scale(p.ratio, p.ratio);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, L.width, L.height);
  ctx.fillStyle = '#111111';
  ctx.font = 'bold 16px system-ui, sans-serif';
  ctx.textBaseline = 'top';
  ctx.fillText(p.title, L.pad, L.pad);
  ctx.font = '12px system-ui, sans-serif';
  ctx.fillStyle = '#444444';
  ctx.fillText(p.subtitle, L.pad, L.pad + 20);

  // Node strip: a dot per node (green ok, red failed) and its name.
  let x = L.pad;
  const stripY = L.title + 4;
  for (const n of p.nodes) {
    ctx.fillStyle = n.ok ? '#2e9d57' : '#d33333';
    ctx.beginPath();
    ctx.arc(x + 5, stripY + 7, 4, 0, Math.PI * 2);
    ctx.fill();
    ctx.fillStyle = '#222222';
    const label = `${n.node}${n.ok ? '' : ' · failed'}`;
    ctx.fillText(label, x + 13, stripY + 1);
    x += 13 + ctx.measureText(label).width + 16;
  }

  // The heatmap, drawn by the engine into its own canvas at the picture's resolution.
  const top = L.title + L.strip + 8;
  const plotW = L.width - L.keys - L.pad;
  const plotH = L.height - top - L.time - L.legend - L.pad;
  const plot = document.createElement('canvas');
  plot.width = plotW * p.ratio;
  plot.height = plotH * p.ratio;
  const drawn = drawHeatmap(plot, p.matrix, p.draw, p.viewport);
  ctx.fillStyle = ZERO_FILL;
  ctx.fillRect(L.keys, top, plotW, plotH);
  ctx.drawImage(plot, L.keys, top, plotW, plotH);

  const vp = p.viewport;
  ctx.fillStyle = '#333333';
  ctx.font = '10px ui-monospace, monospace';
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of keyTicks(vp.r1 - vp.r0, (i) => rowLabel(p.matrix, vp.r0 + i), plotH)) {
    const label = t.label.length > 26 ? `${t.label.slice(0, 25)}…` : t.label;
    ctx.fillText(label, L.keys - 6, top + t.at * plotH);
  }
  // Times in this computer's zone, as on screen; the zone once, in the corner under the keys.
  const columns = p.matrix.columns.subarray(vp.c0, vp.c1);
  ctx.textBaseline = 'top';
  ctx.fillText(timeZoneText(columns), L.keys - 6, top + plotH + 6);
  ctx.textAlign = 'center';
  ctx.strokeStyle = '#666666';
  ctx.lineWidth = 1;
  for (const t of timeTicks(columns, plotW)) {
    const x = Math.round(L.keys + t.at * plotW) + 0.5;
    ctx.beginPath();
    ctx.moveTo(x, top + plotH);
    ctx.lineTo(x, top + plotH + 4);
    ctx.stroke();
    ctx.fillText(t.time, x, top + plotH + 6);
    if (t.date) ctx.fillText(t.date, x, top + plotH + 18);
  }

  // Legend: zero's swatch (the plot's background, as a zero cell shows it), the colour table with
  // its ticks, and the caption with the unit.
  const drawnMax = drawn?.max ?? 0;
  const diverging = p.draw.diverging ?? false;
  const scale = { max: diverging ? Math.abs(decodeDiff(drawnMax)) : drawnMax, kind: p.draw.scale, brightness: p.draw.brightness,
    quantity: QUANTITY[p.matrix.series], diverging };
  const ly = L.height - L.legend;
  const lx = L.keys;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = ZERO_FILL;
  ctx.fillRect(lx - 40, ly + 4, 14, BAR.height);
  ctx.strokeStyle = '#999999';
  ctx.strokeRect(lx - 40 + 0.5, ly + 4 + 0.5, 13, BAR.height - 1);
  ctx.fillStyle = '#222222';
  ctx.fillText('0', lx - 22, ly + 4 + BAR.height / 2);
  paintLegend(ctx, lx, ly + 4, BAR.width, BAR.height, diverging);
  ctx.fillStyle = '#222222'; // painting the bar left its last colour
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.strokeStyle = '#444444';
  for (const t of legendTicks(scale, BAR.width)) {
    const x = Math.round(lx + t.at * BAR.width) + 0.5;
    ctx.beginPath();
    ctx.moveTo(x, ly + 4 + BAR.height);
    ctx.lineTo(x, ly + 4 + BAR.height + 3);
    ctx.stroke();
    ctx.fillText(t.label, x, ly + 4 + BAR.height + 4);
  }
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  ctx.font = '12px system-ui, sans-serif';
  ctx.fillText(legendCaption(scale, p.unit)
    + `${drawn && drawn.conflicts.length > 0 && p.draw.showConflicts ? ' · hatched: nodes disagreed' : ''}`
    + `${drawn && drawn.handovers.length > 0 && p.draw.showConflicts ? ' · framed: leadership change' : ''}`, lx + BAR.width + 12, ly + 4 + BAR.height / 2);

  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the picture could not be encoded as PNG');
  return new Uint8Array(await blob.arrayBuffer());
}
