// Each node's share per time window, stacked (the Balance panel's chart): windows binned into the
// canvas's pixel columns (a day of minutes is 1440 windows, more than a small window's pixels), each
// column's per-node totals stacked as shares in node order, with the even shares (k/N) marked.
// Pure drawing over a 2D context, free of React.

/**
 * Per pixel column, per node: the summed totals of the windows falling in it (columns × nodes,
 * row-major). A node with no column in a window adds nothing; a pixel column whose windows all
 * counted nothing sums to 0 (drawn empty).
 */
export function binShares(windowTotals: Float64Array, windows: number, nodes: number, columns: number): Float64Array {
  const out = new Float64Array(columns * nodes);
  if (windows === 0 || columns === 0) return out;
  for (let s = 0; s < windows; s++) {
    const x = Math.min(columns - 1, Math.floor((s * columns) / windows));
    // Fewer windows than columns: a window spreads over its columns.
    const x1 = windows < columns ? Math.max(x + 1, Math.floor(((s + 1) * columns) / windows)) : x + 1;
    for (let c = x; c < x1; c++) {
      for (let k = 0; k < nodes; k++) {
        const t = windowTotals[s * nodes + k]!;
        if (!Number.isNaN(t)) out[c * nodes + k]! += t;
      }
    }
  }
  return out;
}

/** The window under a pixel column (`x` of `width`), or null outside. */
export function windowAt(x: number, width: number, windows: number): number | null {
  if (windows === 0 || width <= 0 || x < 0 || x >= width) return null;
  return Math.min(windows - 1, Math.floor((x / width) * windows));
}

/** Draw the stacked shares into the whole context (`width` × `height` device pixels). */
export function drawShares(ctx: CanvasRenderingContext2D, binned: Float64Array, nodes: number, width: number, height: number,
  colors: readonly string[]): void {
  ctx.clearRect(0, 0, width, height);
  for (let x = 0; x < width; x++) {
    let sum = 0;
    for (let k = 0; k < nodes; k++) sum += binned[x * nodes + k]!;
    if (sum <= 0) continue;
    // Node 0 at the bottom; each band's top rounded once, so the bands meet without gaps.
    let acc = 0;
    let y0 = height;
    for (let k = 0; k < nodes; k++) {
      acc += binned[x * nodes + k]!;
      const y1 = Math.round(height - (acc / sum) * height);
      if (y0 > y1) {
        ctx.fillStyle = colors[k]!;
        ctx.fillRect(x, y1, 1, y0 - y1);
      }
      y0 = y1;
    }
  }
  // The even split: where the bands would meet if every node carried 1/N.
  if (nodes > 1) {
    ctx.strokeStyle = 'rgba(255, 255, 255, 0.85)';
    ctx.lineWidth = 1;
    ctx.setLineDash([4, 3]);
    for (let k = 1; k < nodes; k++) {
      const y = Math.round(height - (k / nodes) * height) + 0.5;
      ctx.beginPath();
      ctx.moveTo(0, y);
      ctx.lineTo(width, y);
      ctx.stroke();
    }
    ctx.setLineDash([]);
  }
}
