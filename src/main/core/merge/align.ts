// Column alignment (view shaping, before the merge): nodes flush on their own milliseconds, so
// elastickv's exact-timestamp union stripes the heatmap with half-empty columns. Columns of
// different inputs within half a step of each other share one slot; two distinct columns of one
// input never do, and one exact timestamp is never split over two slots (so a slot holds whole
// elastickv cells). Each input's columns are relabelled to their slot's time (the earliest
// column in it); the original times stay beside them, for the shaped write rule.
import { medianStep } from '../../../shared/step';
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

/** Median spacing of consecutive columns over all inputs (matrices, or any list of column times). */
export function inferStep(inputs: ReadonlyArray<{ readonly columns: ArrayLike<number> }>): number | null {
  return medianStep(inputs.map((m) => m.columns));
}

/** `stepMs`: the step to pair with when the caller knows it (a span of a window); inferred otherwise. */
export function alignColumns(inputs: readonly NodeMatrix[], stepMs?: number | null): Alignment {
  // Which inputs have each exact timestamp.
  const holders = new Map<number, number[]>();
  inputs.forEach((m, input) => {
    for (const c of m.columns) {
      const list = holders.get(c);
      if (!list) holders.set(c, [input]);
      else if (list.at(-1) !== input) list.push(input);
    }
  });
  const step = stepMs ?? inferStep(inputs);
  if (step === null || inputs.length < 2) {
    return { stepMs: step, inputs: [...inputs], columnsBefore: holders.size, columnsAfter: holders.size };
  }
  const half = step / 2;
  const slotOf = new Map<number, number>(); // exact timestamp → its slot's time
  const inSlot = new Int32Array(inputs.length).fill(-1); // slot number each input last joined
  let slot = -1;
  let anchor = 0;
  for (const ts of [...holders.keys()].sort((a, b) => a - b)) {
    const who = holders.get(ts)!;
    if (slot < 0 || ts - anchor >= half || who.some((input) => inSlot[input] === slot)) {
      slot++;
      anchor = ts;
    }
    for (const input of who) inSlot[input] = slot;
    slotOf.set(ts, anchor);
  }
  return {
    stepMs: step,
    inputs: inputs.map((m) => ({ ...m, columns: Float64Array.from(m.columns, (c) => slotOf.get(c)!), exactColumns: m.exactColumns ?? m.columns })),
    columnsBefore: holders.size,
    columnsAfter: slot + 1,
  };
}
