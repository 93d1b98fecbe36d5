// What a degraded view lacks, in the series shown: writes (and Redis reads) are counted on each
// Raft group's leader only, so a node that did not answer takes with it the counts of the groups
// it led. The shape crosses IPC; the words are built here for the app and the CLI alike.
import { z } from 'zod';
import { seriesSchema } from './elastickv/wire';

export const missingTrafficSchema = z.object({
  series: seriesSchema,
  /** The nodes that did not answer, with their node_id when known. */
  nodes: z.array(z.object({ node: z.string(), nodeId: z.string().nullable() })),
  /** Groups whose leader, for all or part of the window, was a node that did not answer. */
  groups: z.array(z.object({
    group: z.number(),
    /** Its counts are missing before this time (then an answering node took over); null = the whole window. */
    untilMs: z.number().nullable(),
    /** Who leads it now (node_id), when known. */
    leader: z.string().nullable(),
    /** The answering leader's first term in the window, when one took over. */
    term: z.number().nullable(),
  })),
});
export type MissingTraffic = z.infer<typeof missingTrafficSchema>;

const isWrites = (s: MissingTraffic['series']): boolean => s === 'writes' || s === 'write_bytes';

export function missingText(m: MissingTraffic, time: (ms: number) => string): string {
  const who = m.nodes.map((n) => (n.nodeId ? `${n.nodeId} (${n.node})` : n.node)).join(', ');
  const groups = m.groups.map((g) => {
    if (g.untilMs === null) return `group ${g.group}${g.leader ? ` (led by ${g.leader})` : ''}`;
    return `group ${g.group} before ${time(g.untilMs)} (no answering node counted it earlier; `
      + `${g.leader ?? 'an answering node'} leads it since${g.term ? `, term ${g.term}` : ''})`;
  });
  const list = groups.length > 0 ? groups.join('; ') : null;
  if (isWrites(m.series)) {
    return list
      ? `Writes are counted only by each Raft group's leader, so the writes of ${list} are missing.`
      : `Writes are counted only by each Raft group's leader: the writes of any group ${who} led in this window are missing `
        + '(the answers do not show which).';
  }
  return `Reads are counted where they were served (Redis reads on the group's leader): the reads ${who} counted are missing`
    + (list ? `, including the Redis reads of ${list}.` : '.');
}
