// `keyviz-inspector info FILE`: what a snapshot or a capture holds, for people or (--json) scripts.
import { CaptureReadError, looksLikeCapture, readCapture } from '../../main/core/capture';
import { checkSnapshotHead, damaged, readSnapshotJson, SnapshotReadError } from '../../main/core/snapshot';
import { snapshotV1Schema } from '../../shared/snapshot';
import { END_REASON } from '../../shared/capture';
import { outcomeOfStatuses } from '../../main/core/round';
import { parseFlags, UsageError } from '../args';
import type { Command } from '../command';
import { z } from 'zod';

const HELP = `Usage: keyviz-inspector info [--json] FILE

What a snapshot or capture file holds: when it was made, and how each node fared.

  --json     machine-readable:
               capture:  {kind, created_at, polls, aggregate_status, segments: [{node, status,
                          polls, ok, failed, bytes, last_error?}]}   (configured node order)
               snapshot: {kind, created_at, series, aggregate_status: complete|degraded|failed,
                          nodes: [{node, ok, error?, duplicate_of?}]}
  -h, --help

Exit status: 0 read, 1 the file cannot be read or is damaged, 2 bad usage.
`;

/** Only what info shows; the matrices are not checked here (opening the file does that). */
const snapshotInfoSchema = snapshotV1Schema.pick({ created_at: true, request: true }).extend({
  nodes: z.array(z.object({ node: z.string(), ok: z.boolean(), error: z.string().optional() }).loose()),
});

export const info: Command = {
  name: 'info',
  summary: 'describe a snapshot or capture file',
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, 'info', true);
    if (values.help) { io.out(HELP); return 0; }
    if (positionals.length !== 1) throw new UsageError('give one FILE (a snapshot or a capture)');
    const path = positionals[0]!;
    try {
      if (await looksLikeCapture(path).catch(() => false)) {
        const c = await readCapture(path);
        const segments = c.segments.map((s) => ({ node: s.node, status: s.status, polls: s.polls, ok: s.ok, failed: s.failed, bytes: s.bytes,
          ...(s.last_error !== undefined ? { last_error: s.last_error } : {}) }));
        if (values.json) {
          io.out(`${JSON.stringify({ kind: 'capture', created_at: c.header.created_at, polls: c.polls.length, aggregate_status: c.aggregate, segments })}\n`);
        } else {
          io.out(`capture of ${c.header.request.series} every ${c.header.every_ms} ms, started ${c.header.created_at}${c.header.label ? ` (${c.header.label})` : ''}\n`
            + `${c.polls.length} poll(s); status ${c.aggregate}${c.end ? ` (${END_REASON[c.end.reason]})` : ': no end record (the recorder stopped without finishing)'}`
            + `${c.torn ? '; a last, incomplete poll was ignored' : ''}\n`);
          for (const s of c.segments) {
            io.out(`  ${s.node}: ${s.status}, ${s.polls} poll(s), ${s.ok} ok, ${s.failed} failed, ${s.bytes} bytes`
              + `${s.recovered ? ', recovered' : ''}${s.last_error ? `; last error: ${s.last_error}` : ''}\n`);
          }
        }
        return 0;
      }
      const json = await readSnapshotJson(path);
      checkSnapshotHead(json, path);
      const r = snapshotInfoSchema.safeParse(json);
      if (!r.success) throw damaged(path, r.error);
      const nodes = r.data.nodes.map((n) => ({ node: n.node, ok: n.ok, ...(n.error !== undefined ? { error: n.error } : {}),
        ...(typeof n.duplicate_of === 'string' ? { duplicate_of: n.duplicate_of } : {}) }));
      // Another address of a node listed earlier is not a node of its own.
      const distinct = nodes.filter((n) => n.duplicate_of === undefined);
      const ok = distinct.filter((n) => n.ok).length;
      const aggregate = outcomeOfStatuses(nodes);
      if (values.json) {
        io.out(`${JSON.stringify({ kind: 'snapshot', created_at: r.data.created_at, series: r.data.request.series, aggregate_status: aggregate, nodes })}\n`);
      } else {
        io.out(`snapshot of ${r.data.request.series}, taken ${r.data.created_at}: ${aggregate} (${ok} of ${distinct.length} node(s) answered)\n`);
        for (const n of nodes) io.out(`  ${n.node}: ${n.ok ? 'ok' : n.duplicate_of !== undefined ? `the same node as ${n.duplicate_of}` : `failed: ${n.error ?? ''}`}\n`);
      }
      return 0;
    } catch (err) {
      if (err instanceof CaptureReadError || err instanceof SnapshotReadError) { io.err(`keyviz-inspector: ${err.message}\n`); return 1; }
      throw err;
    }
  },
};
