// The cluster merge: elastickv's canonical rules, with the inspector's view shaping around
// them (each switchable; all off in compat mode). See docs/elastickv-compatibility.md.
import type { Series } from '../../../shared/elastickv/wire';
import { alignColumns } from './align';
import { mergeSize, sizeText, tooLarge } from './budget';
import { canonicalMerge, isWriteSeries } from './canonical';
import { catalogDivergence } from './catalog';
import { absentRowWarnings } from './absence';
import { computeCoverage, type Coverage, MAX_COVERAGE_INPUTS, missingColumnWarnings } from './coverage';
import { type GroupActivity, groupActivity, type LeadershipEvent, leadershipEvents } from './leadership';
import { rowBudget } from './shape';
import type { MergedMatrix, MergeWarning, NodeMatrix } from './types';

export { canonicalMerge, isWriteSeries } from './canonical';
export { inferStep } from './align';
export { mergeSize, oversizedInputs, sizeText } from './budget';
export type { MergeSize, SizeOptions } from './budget';
export { MatrixInputError, parseNodeMatrix, parseNodeMatrixText } from './parse';
export { matrixJson, writeMatrixJson } from './serialize';
export type { KeyMap } from './serialize';
export { coverageJson, eventsJson, warningsJson } from './report-json';
export { cellDetail } from './cell';
export { DiffError, diffCellDetail, diffMatrices } from './diff';
export type { MatrixDiff } from './diff';
export type { CellDetail, NodeCell, RosterNode } from './cell';
export type { Coverage } from './coverage';
export type { GroupActivity, LeadershipEvent } from './leadership';
export { groupActivity } from './leadership';
export type { MergedMatrix, MergedRow, MergeWarning, NodeMatrix, NodeRow } from './types';

export interface MergeOptions {
  /** elastickv's output exactly: every shaping step off, whatever the flags below say. */
  compat?: boolean;
  /** Put columns of different inputs within half a step into one slot before merging (default on). */
  align?: boolean;
  /** Sort rows by start key (default on). */
  keyOrder?: boolean;
  /** Report which inputs contributed to each row and column (default on). */
  coverage?: boolean;
  /** Warn when inputs disagree on a bucket's range or label (default on). */
  catalog?: boolean;
  /** Re-apply a row budget to the merged rows (off unless given). */
  rows?: number;
  /** The series the caller asked for; inputs of another series are refused. */
  series?: Series;
  /** The rows each node was asked for (elastickv's default, 1024, when not known). */
  nodeRows?: number;
  /** Per input: the Raft groups it led (GET /cluster) and when it said so, when known. */
  leads?: ReadonlyArray<{ groups: ReadonlySet<number>; atMs: number } | null>;
}

export interface MergeResult {
  matrix: MergedMatrix;
  /** The inputs as merged (columns relabelled when aligned), for per-node cell detail. */
  inputs: NodeMatrix[];
  warnings: MergeWarning[];
  coverage: Coverage | null;
  /** The step used for column alignment, when it ran. */
  stepMs: number | null;
  /** Shaped views: who counted each group when (null in compat). */
  activity: GroupActivity | null;
  /** Shaped write views: leadership changes in the window (information, not warnings), the latest ones. */
  events: LeadershipEvent[];
  /** Earlier leadership changes left out of `events` (it keeps at most MAX_EVENTS). */
  eventsOmitted: number;
}

export class MergeInputError extends Error {}

/** The one series all inputs share (and the caller asked for), or an error naming the odd one. */
export function commonSeries(inputs: readonly NodeMatrix[], wanted?: Series): Series {
  const series = wanted ?? inputs[0]?.series;
  if (!series) throw new MergeInputError('nothing to merge: no inputs');
  for (const m of inputs) {
    if (m.series !== series) {
      throw new MergeInputError(wanted
        ? `${m.source}: its series is ${m.series}, but ${wanted} was asked for`
        : `${m.source}: its series is ${m.series}, but ${inputs[0]!.source}'s is ${series}; merge matrices of one series`);
    }
  }
  return series;
}

export function mergeMatrices(inputs: readonly NodeMatrix[], opts: MergeOptions = {}): MergeResult {
  const series = commonSeries(inputs, opts.series);
  const shaping = !opts.compat;
  const warnings: MergeWarning[] = [];
  let merging = [...inputs];
  let stepMs: number | null = null;
  if (shaping && (opts.align ?? true)) {
    const a = alignColumns(merging);
    merging = a.inputs;
    stepMs = a.stepMs;
  }
  const size = mergeSize(merging);
  if (tooLarge(size)) throw new MergeInputError(`the merged matrix would be too large: ${sizeText(size)}`);
  if (shaping && (opts.catalog ?? true)) warnings.push(...catalogDivergence(merging));
  const ordered = shaping && opts.rows === undefined && (opts.keyOrder ?? true);
  const merged = canonicalMerge(merging, series, { shapedWrites: shaping, keyOrder: ordered });
  if (shaping && opts.rows !== undefined) merged.rows = rowBudget(merged.rows, opts.rows);

  const writes = isWriteSeries(series);
  const activity = shaping ? groupActivity(merging, merged) : null;
  const { events, omitted: eventsOmitted } = activity && writes ? leadershipEvents(merging, merged, activity) : { events: [], omitted: 0 };
  let coverage: Coverage | null = null;
  if (shaping && (opts.coverage ?? true)) {
    if (merging.length > MAX_COVERAGE_INPUTS) {
      warnings.push({ kind: 'coverage_limit', inputs: [], message: `coverage (and which missing rows are expected) is reported for up to `
        + `${MAX_COVERAGE_INPUTS} inputs, and leadership changes seen among the first ${MAX_COVERAGE_INPUTS}; ${merging.length} were merged` });
    } else {
      coverage = computeCoverage(merging, merged);
      warnings.push(...absentRowWarnings(merging, merged, coverage, activity!,
        { rowBudget: opts.nodeRows, leads: opts.leads, writes }));
      warnings.push(...missingColumnWarnings(coverage));
    }
  }
  return { matrix: merged, inputs: merging, warnings, coverage, stepMs, activity, events, eventsOmitted };
}
