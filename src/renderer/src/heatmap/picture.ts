// The view as a picture for reports: title, node strip, heatmap (the same engine, drawn into an
// offscreen canvas), hatching, key and time axes and the legend, at 1× or 2× — no screen capture.
import type { ViewMatrix } from '../../../shared/ipc';
import type { NodeStatusV1 } from '../../../shared/snapshot';
import { keyTicks, rowLabel, timeTicks } from './axes';
import { decodeDiff, valueAt } from './color';
import { paintLegend } from './legend';
import { drawHeatmap, type DrawOptions } from './draw';
import type { Viewport } from './pyramid';

/** Layout in CSS pixels (multiplied by the pixel ratio). */
export const PICTURE = { width: 1200, height: 800, title: 44, strip: 24, keys: 170, time: 24, legend: 34, pad: 12 } as const;

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

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

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
  ctx.fillStyle = '#f2f2f2';
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
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const t of timeTicks(p.matrix.columns.subarray(vp.c0, vp.c1), plotW)) ctx.fillText(t.label, L.keys + t.at * plotW, top + plotH + 6);

  // Legend: the colour table itself, with its ends.
  const max = drawn?.max ?? 0;
  const ly = L.height - L.legend;
  const lx = L.keys;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  ctx.font = '12px system-ui, sans-serif';
  paintLegend(ctx, lx, ly + 6, 200, 12, p.draw.diverging ?? false);
  ctx.fillStyle = '#222222';
  if (p.draw.diverging) {
    const m = Math.abs(decodeDiff(max));
    ctx.fillText(`−${compact.format(m)} … +${compact.format(m)} ${p.unit} per column, B − A (${p.draw.scale} scale)`, lx + 210, ly + 12);
  } else {
    const low = max > 0 ? valueAt(1, max, p.draw.scale, p.draw.brightness) : 0;
    ctx.fillText(`${compact.format(low)} … ${compact.format(max)} ${p.unit} per column (${p.draw.scale} scale)`
      + `${drawn && drawn.conflicts.length > 0 && p.draw.showConflicts ? ' · hatched: nodes disagreed' : ''}`
      + `${drawn && drawn.handovers.length > 0 && p.draw.showConflicts ? ' · framed: leadership change' : ''}`, lx + 210, ly + 12);
  }

  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the picture could not be encoded as PNG');
  return new Uint8Array(await blob.arrayBuffer());
}
