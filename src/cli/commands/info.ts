// `keyviz-inspector info FILE`: what a snapshot or a capture holds, for people or (--json) scripts.
import { CaptureReadError, looksLikeCapture, readCapture } from '../../main/core/capture';
import { checkSnapshotHead, damaged, readSnapshotJson, SnapshotReadError } from '../../main/core/snapshot';
import { inferStep } from '../../main/core/merge';
import { snapshotV1Schema } from '../../shared/snapshot';
import { int64 } from '../../shared/elastickv/wire';
import { END_REASON } from '../../shared/capture';
import { formatBytes as size, formatDuration } from '../../shared/format';
import { rfc3339 } from '../../shared/time';
import { outcomeOfStatuses } from '../../main/core/round';
import { parseFlags, UsageError } from '../args';
import type { Command } from '../command';
import { z } from 'zod';

const HELP = `Usage: keyviz-inspector info [--json] FILE

What a snapshot or capture file holds: when it was made, what its matrix covers
(rows × columns, the time span and the step), and how each node fared.

  --json     machine-readable:
               capture:  {kind, created_at, polls, aggregate_status, label, every_ms, for_ms,
                          first_poll_at, last_poll_at, segments: [{node, status, polls, ok,
                          failed, bytes, last_error?}]}   (configured node order)
               snapshot: {kind, created_at, series, aggregate_status: complete|degraded|failed,
                          label, rows, columns, from_ms, to_ms, step_ms,
                          nodes: [{node, ok, error?, duplicate_of?}]}
             label: the profile the file was made with, or null; rows, columns: the merged
             matrix's; from_ms, to_ms: the time the columns cover (Unix ms; a column's time is
             its flush, which closes the step before it: from a step before the first column to
             the last one); step_ms: the column width (null when unknown, e.g. a single column);
             first_poll_at, last_poll_at: RFC 3339, null before the first poll; bytes are
             numbers of bytes.
  -h, --help

Exit status: 0 read, 1 the file cannot be read or is damaged, 2 bad usage.
`;

/** Only what info shows; the matrices are not checked here (opening the file does that): their column times and row count. */
const columnsSchema = z.object({ column_unix_ms: z.array(int64) }).loose();
const snapshotInfoSchema = snapshotV1Schema.pick({ created_at: true, request: true, label: true }).extend({
  matrix: columnsSchema.extend({ rows: z.array(z.unknown()) }),
  nodes: z.array(z.object({ node: z.string(), ok: z.boolean(), error: z.string().optional(), bytes: z.number().optional(),
    matrix: columnsSchema.optional() }).loose()),
});

/**
 * The time the columns cover. A column's time is its flush (contract §3.5), which closes the step
 * before it: from a step before the first flush to the last flush.
 */
function span(columns: readonly number[], stepMs: number | null): { from_ms: number | null; to_ms: number | null } {
  if (columns.length === 0) return { from_ms: null, to_ms: null };
  let first = columns[0]!;
  let last = first;
  for (const c of columns) { if (c < first) first = c; if (c > last) last = c; }
  return { from_ms: stepMs === null ? null : first - stepMs, to_ms: last };
}

function matrixLine(rows: number, columns: number, stepMs: number | null, from: number | null, to: number | null): string {
  const shape = `${rows} rows × ${columns} columns`;
  if (to === null) return `matrix: ${shape}\n`;
  const step = stepMs === null ? 'step unknown' : `step ${formatDuration(stepMs)}`;
  return `matrix: ${shape}, ${step}, ${from === null ? `ending ${rfc3339(to)}` : `${rfc3339(from)} to ${rfc3339(to)} (${formatDuration(to - from)})`}\n`;
}

export const info: Command = {
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, 'info', true);
    if (values.help) { io.out(HELP); return 0; }
    if (positionals.length !== 1) throw new UsageError('give one FILE (a snapshot or a capture)');
    const path = positionals[0]!;
    try {
      if (await looksLikeCapture(path).catch(() => false)) {
        const c = await readCapture(path);
        const h = c.header;
        const segments = c.segments.map((s) => ({ node: s.node, status: s.status, polls: s.polls, ok: s.ok, failed: s.failed, bytes: s.bytes,
          ...(s.last_error !== undefined ? { last_error: s.last_error } : {}) }));
        // The polls' times are read anyway (statuses only, no matrices): when the recording ran.
        const firstAt = c.polls[0]?.at ?? null;
        const lastAt = c.polls.at(-1)?.at ?? null;
        if (values.json) {
          io.out(`${JSON.stringify({ kind: 'capture', created_at: h.created_at, polls: c.polls.length, aggregate_status: c.aggregate, segments,
            label: h.label ?? null, every_ms: h.every_ms, for_ms: h.for_ms, first_poll_at: firstAt, last_poll_at: lastAt })}\n`);
        } else {
          const ran = firstAt !== null && lastAt !== null ? ` from ${firstAt} to ${lastAt} (${formatDuration(Date.parse(lastAt) - Date.parse(firstAt))})` : '';
          io.out(`capture of ${h.request.series} every ${formatDuration(h.every_ms)}${h.for_ms !== null ? ` for ${formatDuration(h.for_ms)}` : ''}, `
            + `started ${h.created_at}${h.label ? ` (${h.label})` : ''}\n`
            + `${c.polls.length} poll(s)${ran}; status ${c.aggregate}${c.end ? ` (${END_REASON[c.end.reason]})` : ': no end record (the recorder stopped without finishing)'}`
            + `${c.torn ? '; a last, incomplete poll was ignored' : ''}\n`);
          for (const s of c.segments) {
            io.out(`  ${s.node}: ${s.status}, ${s.polls} poll(s), ${s.ok} ok, ${s.failed} failed, ${size(s.bytes)}`
              + `${s.recovered ? ', recovered' : ''}${s.last_error ? `; last error: ${s.last_error}` : ''}\n`);
          }
        }
        return 0;
      }
      const json = await readSnapshotJson(path);
      checkSnapshotHead(json, path);
      const r = snapshotInfoSchema.safeParse(json);
      if (!r.success) throw damaged(path, r.error);
      const d = r.data;
      const nodes = d.nodes.map((n) => ({ node: n.node, ok: n.ok, ...(n.error !== undefined ? { error: n.error } : {}),
        ...(typeof n.duplicate_of === 'string' ? { duplicate_of: n.duplicate_of } : {}) }));
      // Another address of a node listed earlier is not a node of its own.
      const distinct = nodes.filter((n) => n.duplicate_of === undefined);
      const ok = distinct.filter((n) => n.ok).length;
      const aggregate = outcomeOfStatuses(nodes);
      // The step from each node's own columns (the merged ones of --compat hold every node's flush times); else the merged.
      const own = d.nodes.flatMap((n) => (n.matrix ? [{ columns: n.matrix.column_unix_ms }] : []));
      const stepMs = inferStep(own) ?? inferStep([{ columns: d.matrix.column_unix_ms }]);
      const shape = { rows: d.matrix.rows.length, columns: d.matrix.column_unix_ms.length, ...span(d.matrix.column_unix_ms, stepMs), step_ms: stepMs };
      if (values.json) {
        io.out(`${JSON.stringify({ kind: 'snapshot', created_at: d.created_at, series: d.request.series, aggregate_status: aggregate, nodes,
          label: d.label ?? null, ...shape })}\n`);
      } else {
        io.out(`snapshot of ${d.request.series}, taken ${d.created_at}: ${aggregate} (${ok} of ${distinct.length} node(s) answered)\n`
          + `${d.label !== undefined ? `label: ${d.label}\n` : ''}`
          + matrixLine(shape.rows, shape.columns, stepMs, shape.from_ms, shape.to_ms));
        d.nodes.forEach((raw, i) => {
          const n = nodes[i]!;
          const got = raw.bytes !== undefined ? `, ${size(raw.bytes)} received` : '';
          io.out(`  ${n.node}: ${n.ok ? `ok${got}` : n.duplicate_of !== undefined ? `the same node as ${n.duplicate_of}` : `failed: ${n.error ?? ''}`}\n`);
        });
      }
      return 0;
    } catch (err) {
      if (err instanceof CaptureReadError || err instanceof SnapshotReadError) { io.err(`keyviz-inspector: ${err.message}\n`); return 1; }
      throw err;
    }
  },
};
