// Column alignment (view shaping, before the canonical merge): nodes flush on their own
// milliseconds, so elastickv's exact-timestamp union stripes the heatmap with half-empty
// columns. Columns of different inputs within half a step of each other share one slot;
// two columns of one input never do. Each input's columns are relabelled to their slot's
// time (the earliest column in it), and the merge rules then apply unchanged.
import type { NodeMatrix } from './types';

export interface Alignment {
  /** The step inferred from the inputs' own column spacing; null when no input has two columns. */
  stepMs: number | null;
  /** The inputs with relabelled columns (rows are shared, not copied). */
  inputs: NodeMatrix[];
  /** How many distinct timestamps became one slot's worth fewer columns. */
  columnsBefore: number;
  columnsAfter: number;
}

/** Median spacing of consecutive columns over all inputs. */
export function inferStep(inputs: readonly NodeMatrix[]): number | null {
  const gaps: number[] = [];
  for (const m of inputs) {
    for (let i = 1; i < m.columns.length; i++) {
      const d = m.columns[i]! - m.columns[i - 1]!;
      if (d > 0) gaps.push(d);
    }
  }
  if (gaps.length === 0) return null;
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)]!;
}

export function alignColumns(inputs: readonly NodeMatrix[]): Alignment {
  const distinct = new Set<number>();
  for (const m of inputs) for (const c of m.columns) distinct.add(c);
  const step = inferStep(inputs);
  if (step === null || inputs.length < 2) {
    return { stepMs: step, inputs: [...inputs], columnsBefore: distinct.size, columnsAfter: distinct.size };
  }
  const half = step / 2;
  // Every column of every input, in time order (input order breaks ties).
  const total = inputs.reduce((a, m) => a + m.columns.length, 0);
  const ts = new Float64Array(total);
  const who = new Int32Array(total);
  const idx = new Int32Array(total);
  let n = 0;
  inputs.forEach((m, input) => m.columns.forEach((c, i) => { ts[n] = c; who[n] = input; idx[n] = i; n++; }));
  const order = Array.from({ length: total }, (_, k) => k).sort((a, b) => ts[a]! - ts[b]! || who[a]! - who[b]!);

  const relabelled = inputs.map((m) => new Float64Array(m.columns.length));
  const inSlot = new Int32Array(inputs.length).fill(-1); // slot number each input last joined
  let slot = -1;
  let anchor = 0;
  const slotTimes = new Set<number>();
  for (const k of order) {
    const input = who[k]!;
    if (slot < 0 || ts[k]! - anchor >= half || inSlot[input] === slot) {
      slot++;
      anchor = ts[k]!;
      slotTimes.add(anchor);
    }
    inSlot[input] = slot;
    relabelled[input]![idx[k]!] = anchor;
  }
  return {
    stepMs: step,
    inputs: inputs.map((m, i) => ({ ...m, columns: relabelled[i]! })),
    columnsBefore: distinct.size,
    columnsAfter: slotTimes.size,
  };
}
