// The balance's forms: what goes in (each node's own answer and, when known, its GET /cluster) and
// what comes out (per node, per time window, and the leadership what-if).
import type { Series } from '../../../shared/elastickv/wire';
import type { NodeIdentity } from '../../../shared/identity';
import type { NodeMatrix } from '../merge/types';
import type { TimeSpan } from './span';

export interface BalanceInput {
  /** The address or file name, as the operator gave it. */
  node: string;
  /** The node's own answer (asked with the peer header): what this node counted. */
  matrix: NodeMatrix;
  /** Its GET /cluster, when known (node_id, the groups it hosts and which it leads). */
  identity?: NodeIdentity | null;
}

export interface GroupTraffic { groupId: number; total: number }

export interface NodeBalance {
  node: string;
  nodeId: string | null;
  /** Every value of its answer: every row (aggregate ones too), every column. */
  total: number;
  /** total ÷ the nodes' totals together; 0 when that is 0. */
  share: number;
  /** Raft groups it leads per its GET /cluster (ascending); null when its /cluster is unknown. */
  leads: number[] | null;
  /** What the groups it leads carried on it (every group, listed or not); null when its /cluster is unknown. */
  ledTotal: number | null;
  /** Its traffic per Raft group (identity arrays), busiest first, at most MAX_BALANCE_GROUPS. */
  groups: GroupTraffic[];
  /** Groups left out of `groups` (the least busy). */
  groupsOmitted: number;
  /** Traffic in cells without a Raft group (group id 0, or a legacy answer without identity). */
  ungrouped: number;
}

export interface WindowBalance {
  /** The slot's time: the earliest column in it (the merge's aligned slots). */
  columnMs: number;
  /** Per node, in input order: what it counted in this slot; null when it has no column here. */
  totals: Array<number | null>;
  /** Over the nodes with a column here; null when they counted nothing. */
  imbalance: number | null;
  /** Input position of the busiest node; null with the imbalance. */
  busiest: number | null;
}

export interface Move {
  groupId: number;
  /** Input positions. */
  from: number;
  to: number;
  /** What `from` counted of the group in the window: the traffic assumed to move. */
  moved: number;
  imbalanceBefore: number;
  imbalanceAfter: number;
}

export interface LeftOut {
  node: string;
  /** The earlier input it duplicates (same node_id, same answer). */
  duplicateOf: string;
}

export interface Balance {
  series: Series;
  /** The part of the window weighed (slot times, [fromMs, toMs)); null: all of it. */
  span: TimeSpan | null;
  nodes: NodeBalance[];
  /** Sum of the nodes' totals. */
  total: number;
  /** The overall figure (see imbalance.ts); null when the total is 0. */
  imbalance: number | null;
  /** Input position of the busiest node; null with the imbalance. */
  busiest: number | null;
  /** The step the slots were aligned with; null when no node has two columns. */
  stepMs: number | null;
  windows: WindowBalance[];
  /** The best one or two moves (those that lower the imbalance most); empty when none does. */
  whatIf: Move[];
  /** Whether group membership was known for the what-if (every node's /cluster given). */
  membershipKnown: boolean;
  leftOut: LeftOut[];
  /** What to know about the figures: a sum past 2^53, rows without identity, a group two nodes counted. */
  notes: string[];
}
