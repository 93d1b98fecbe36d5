// What a degraded view lacks, in the series shown: writes (and Redis reads) are counted on each
// Raft group's leader only, so a node that did not answer takes with it the counts of the groups
// it led. The shape crosses IPC; the words are built here for the app and the CLI alike.
import { z } from 'zod';
import { isWriteSeries, seriesSchema } from './elastickv/wire';

export const missingTrafficSchema = z.object({
  series: seriesSchema,
  /** The nodes that did not answer, with their node_id when known. */
  nodes: z.array(z.object({ node: z.string(), nodeId: z.string().nullable() })),
  /** Stretches of the window in which a group's leader was a node that did not answer. */
  groups: z.array(z.object({
    group: z.number(),
    /** From this time (null: the window's start) … */
    fromMs: z.number().nullable(),
    /** … to this one, when an answering node took over (null: still, or the whole window). */
    untilMs: z.number().nullable(),
    /** Who leads it now (node_id), when known. */
    leader: z.string().nullable(),
    /** The answering leader's term when it took over. */
    term: z.number().nullable(),
  })),
  /** Further stretches, not listed. */
  more: z.number().int().nonnegative(),
});
export type MissingTraffic = z.infer<typeof missingTrafficSchema>;

export function missingText(m: MissingTraffic, time: (ms: number) => string): string {
  const who = m.nodes.map((n) => (n.nodeId ? `${n.nodeId} (${n.node})` : n.node)).join(', ');
  // One entry per group: its stretches, then who leads it now when that is a silent node.
  const byGroup = new Map<number, { spans: string[]; leader: string | null }>();
  for (const g of m.groups) {
    const e = byGroup.get(g.group) ?? byGroup.set(g.group, { spans: [], leader: null }).get(g.group)!;
    e.leader ??= g.leader;
    if (g.fromMs === null && g.untilMs === null) e.spans.push('the whole window');
    else if (g.untilMs === null) e.spans.push(`since ${time(g.fromMs!)}`);
    else if (g.fromMs === null) e.spans.push(`until ${time(g.untilMs)}`);
    else e.spans.push(`${time(g.fromMs)}–${time(g.untilMs)}`);
  }
  const and = (xs: string[]): string => (xs.length < 2 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`);
  const list = [...byGroup].map(([group, e]) => `group ${group} ${and(e.spans)}${e.leader ? ` (${e.leader} leads it now)` : ''}`);
  const listed = list.length > 0 ? list.join('; ') + (m.more > 0 ? `; and ${m.more} more stretch${m.more === 1 ? '' : 'es'}` : '') : null;
  if (isWriteSeries(m.series)) {
    return listed
      ? `Writes are counted only by each Raft group's leader, and no answering node counted these, so their writes are missing: ${listed}.`
      : `Writes are counted only by each Raft group's leader: the writes of any group ${who} led in this window are missing `
        + '(the answers do not show which).';
  }
  return `Reads are counted where they were served (Redis reads on the group's leader): the reads ${who} counted are missing`
    + (listed ? `, including the Redis reads of ${listed}.` : '.');
}
