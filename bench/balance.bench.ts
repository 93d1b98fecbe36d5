// The balance at the design ceiling: 6 node answers × 1024 rows × 4096 columns with identity
// arrays. Its cost (load share + per-window figures + what-if, and the merged matrix's marginal
// totals) is given as a fraction of the shaped merge of the same inputs, measured in this run.
import { computeBalance } from '../src/main/core/balance';
import { mergeMatrices, type NodeMatrix, parseNodeMatrixText } from '../src/main/core/merge';
import { viewportTotals } from '../src/renderer/src/heatmap/viewport-totals';
import { median, ms, ratio } from './measure';
import { COLS, NODES, nodeAnswer, ROWS } from './support/node-answers';

const RUNS = 5;
const pct = (v: number, base: number): string => `${((100 * v) / base).toFixed(1)} %`;

async function measure(label: string, inputs: NodeMatrix[]): Promise<void> {
  const asInputs = inputs.map((matrix, i) => ({ node: `node${i}`, matrix }));
  let merged = mergeMatrices(inputs);
  const merge = await median(RUNS, () => { merged = mergeMatrices(inputs); });
  let balance = computeBalance(asInputs);
  const share = await median(RUNS, () => { balance = computeBalance(asInputs); });
  // The heatmap's own totals of the whole view (a new matrix: its block sums are built, one pass).
  // Each run gets its own copy of the values, made beforehand: the block sums are cached per array.
  const R = merged.matrix.rows.length;
  const C = merged.matrix.columns.length;
  const flat = new Float64Array(R * C);
  merged.matrix.rows.forEach((r, i) => flat.set(r.values.subarray(0, C), i * C));
  const copies = Array.from({ length: RUNS + 1 }, () => flat.slice());
  const marginals = await median(RUNS, () => viewportTotals({ values: copies.pop()!, rows: R, cols: C }, { r0: 0, r1: R, c0: 0, c1: C }));
  const both = share + marginals;
  console.log(`  ${label}`);
  console.log(`    shaped merge (baseline)                 ${ms(merge)}  ${merged.matrix.rows.length} rows × ${merged.matrix.columns.length} columns`);
  console.log(`    load share + windows + what-if          ${ms(share)}  (${pct(share, merge)} of the merge)  `
    + `${balance.windows.length} windows, imbalance ${balance.imbalance?.toFixed(3)}, ${balance.whatIf.length} move(s)`);
  console.log(`    marginal totals of the merged matrix    ${ms(marginals)}  (${pct(marginals, merge)} of the merge)`);
  console.log(`    balance + marginals                     ${ms(both)}  (${ratio(both, merge)} the merge, ${pct(both, merge)})`);
}

export default async function run(): Promise<void> {
  console.log(`${NODES} inputs × ${ROWS} rows × ${COLS} columns, writes with identity arrays; median of ${RUNS} runs after a warm-up`);
  const inputs = Array.from({ length: NODES }, (_, i) => parseNodeMatrixText(nodeAnswer(i), `node${i}`, i).matrix);
  await measure('every node flushed on the same millisecond', inputs);
  // Real nodes flush on their own milliseconds: the same inputs, each node's columns shifted.
  await measure('jittered flushes (each node its own milliseconds)',
    inputs.map((m, i) => ({ ...m, columns: m.columns.map((c, j) => c + i * 97 + ((j * 31) % 40)) })));
}
