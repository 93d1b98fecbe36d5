// The end of the body: what was read, checked with parse.ts's rules in parse.ts's order (document
// shape, fanout, counts, column times, the window, then each row: shape, lengths, elements), so a
// complete answer gets exactly parseNodeMatrix's result, warnings and errors.
import type { Series } from '../../../../shared/elastickv/wire';
import {
  type AnswerLimits, checkColumns, checkRow, checkTop, emptyMatrixJson, type Ctx, maxColumnsOf, maxRowsOf, type NumberList,
  type Parsed, parseNodeMatrix, rowFrom, tooManyColumns, tooManyRows,
} from '../parse';
import type { NodeRow } from '../types';
import { type MatrixRead, ROW_LISTS, type RowRead } from './shape';

/** Go decodes {} (and null) into an empty matrix; so does elastickv's fan-out (parse.ts's emptyMatrixJson). */
export function isEmptyAnswer(read: MatrixRead): boolean {
  return (read.doc === 'object' && read.members === 0) || (read.doc === 'other' && read.value === null);
}

export function finishMatrix(read: MatrixRead, source: string, index: number, limits: AnswerLimits, series?: Series): Parsed {
  if (series !== undefined && isEmptyAnswer(read)) return parseNodeMatrix(emptyMatrixJson(series), source, index, limits);
  const top = checkTop(read.doc === 'object' ? read.top : read.value, source);
  // checkTop passed: both are arrays, read into their builders.
  const rows = read.rows!;
  const cols = read.columns!;
  if (rows.length > maxRowsOf(limits)) throw tooManyRows(source, rows.length, limits);
  if (cols.length > maxColumnsOf(limits)) throw tooManyColumns(source, cols.length, limits);
  const ctx: Ctx = { source, index, warnings: [] };
  const columns = cols.columns(ctx);
  checkColumns(columns, limits, ctx);
  const out: NodeRow[] = rows.map((row, r) => rowOf(row, r, columns.length, ctx));
  return { matrix: { source, series: top.series, generatedAt: top.generated_at ?? null, columns, rows: out }, warnings: ctx.warnings };
}

function rowOf(row: RowRead, r: number, columns: number, ctx: Ctx): NodeRow {
  const data = checkRow(row.notObject ? row.notObject.value : row.fields, r, ctx);
  // zod passed: a list is an array (its builder), or null / absent as sent.
  const list = (name: (typeof ROW_LISTS)[number]): NumberList | null | undefined => row.lists[name] ?? (data[name] as null | undefined);
  return rowFrom(data, {
    route_ids: list('route_ids'), values: row.lists.values!,
    raft_group_ids: list('raft_group_ids'), leader_terms: list('leader_terms'),
  }, r, columns, ctx);
}
