// One colour per node, defined once: the node strip's badges and the Balance panel (its table and
// its chart over time) colour a node alike. A node keeps its colour by its place in the
// connection's node list (configured order), so a node that stops answering never shifts the
// others' colours.

/** Told apart on a light and a dark background, and none of them the heatmap's own scale. */
export const NODE_PALETTE: readonly string[] = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#b07aa1', '#76b7b2', '#edc948', '#9c755f',
  '#ff9da7', '#bab0ac'];

/** The colour of the node at `index` of the connection's nodes (the palette repeats past its length). */
export function nodeColor(index: number): string {
  return NODE_PALETTE[((index % NODE_PALETTE.length) + NODE_PALETTE.length) % NODE_PALETTE.length]!;
}

/** The colour of `node` among the connection's `nodes`; `fallback` (its place elsewhere) when it is not listed. */
export function nodeColorOf(nodes: readonly string[], node: string, fallback: number): string {
  const i = nodes.indexOf(node);
  return nodeColor(i >= 0 ? i : fallback);
}
