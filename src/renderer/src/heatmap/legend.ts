// The legend's colour bar: the colour table itself, entry by entry, painted into any 2D context
// (the on-screen legend and the exported picture draw the same bar).
import { buildDivergingLut, buildLut, LUT_SIZE, unpack } from './color';

const ramp = buildLut();
const diverging = buildDivergingLut();

export function paintLegend(ctx: CanvasRenderingContext2D, x: number, y: number, width: number, height: number, isDiverging: boolean): void {
  const half = (LUT_SIZE - 2) / 2;
  for (let i = 0; i < width; i++) {
    const t = width > 1 ? i / (width - 1) : 0;
    let color: number;
    if (isDiverging) {
      // Left half: decreases (blue, strongest at the edge); right half: increases (red).
      const k = Math.max(1, Math.ceil(Math.abs(2 * t - 1) * half));
      color = diverging[t < 0.5 ? 2 * k : 2 * k - 1]!;
    } else {
      color = ramp[1 + Math.floor(t * (LUT_SIZE - 2))]!;
    }
    const [r, g, b, a] = unpack(color);
    ctx.fillStyle = `rgba(${r},${g},${b},${a / 255})`;
    ctx.fillRect(x + i, y, 1, height);
  }
}
