// The traffic model: what each simulated node's sampler counted in each column.
// Everything is a pure function of (seed, node, column index), so history of any length
// exists at once and two clusters with one seed and one clock answer byte-identically.
//
// Faithful to how elastickv counts (contract §3.4-§3.5, §5.4):
// - writes are counted only by the Raft leader of the route's group;
// - reads by whichever member served them (leader ~half, followers the rest);
// - each row stamps (raft group, that node's view of the term) per column; aggregates stamp 0/0;
// - a leadership flip bumps the term; in the flip column old and new leader both count writes:
//   either the old leader still stamps the old term (two terms in one window: the merge sums)
//   or it already stamps the new one (same term, different counts: the conflict case);
// - a node whose term publisher lags stamps 0/0 for a few columns (the merge's legacy fallback);
// - every node flushes at its own jittered millisecond.
import type { Keyspace, SamplerBucket } from './keyspace';
import { below, unit, unit5 } from './prng';

export interface TrafficOptions {
  seed: number;
  nodes: number;
  stepMs: number;
  /** Spread of flush times across nodes; 0 = every node flushes on the same millisecond. */
  jitterMs: number;
  /** Columns worth memoising (the ring length); bounded by a memory budget. */
  memoColumns: number;
}

/** One node's counters for one bucket in one column. */
export interface Cell {
  reads: number;
  writes: number;
  readBytes: number;
  writeBytes: number;
  group: number;
  term: number;
}

export interface ColumnTotals {
  k: number;
  writes: Float64Array;
  reads: Float64Array;
  /** Indexed by group id. */
  lead: Leadership[];
}

export interface Leadership {
  term: number;
  leader: number;
  /** Set only in the column where leadership moved. */
  flip?: { oldLeader: number; oldTerm: number; oldShare: number; oldSeesNewTerm: boolean };
}

/** Columns per leadership block: each group changes leader once per block. */
export const FLIP_BLOCK = 240;
/** Columns per "day" of the diurnal pattern (a real day at the default 60 s step). */
const DAY = 1440;
const LAG_BLOCK = 600;
const LAG_COLUMNS = 3;
const TERM_EPOCH_MS = Date.UTC(2020, 0, 1);
const MAX_REPLICAS = 3;

// Salts keep the hash streams of different decisions apart.
const S = { flip: 1, share: 2, stale: 3, lag: 4, lagAt: 5, noiseW: 6, noiseR: 7, roundW: 8, roundR: 9,
  burst: 10, burstAt: 11, burstWho: 12, follower: 13, roundF: 14, sizeW: 15, sizeR: 16, jitter: 17, slot: 18,
  termBase: 19 } as const;

export class TrafficModel {
  readonly buckets: readonly SamplerBucket[];
  private readonly seed: number;
  private readonly nodes: number;
  readonly stepMs: number;
  private readonly band: number;
  private readonly slots: number[];
  private readonly termBlock0: number;
  private readonly memberTable: number[][];
  private readonly groupIds: number[];
  /** Memo of per-column cluster totals and leadership, least recently used first. */
  private readonly columns = new Map<number, ColumnTotals>();
  private readonly columnLimit: number;

  constructor(keyspace: Keyspace, opts: TrafficOptions) {
    this.buckets = keyspace.buckets;
    this.seed = opts.seed;
    this.nodes = opts.nodes;
    this.stepMs = opts.stepMs;
    // Each node flushes inside its own band of the jitter window, so no two nodes ever
    // share a column millisecond unless jitter is 0.
    const jitter = Math.min(Math.max(0, opts.jitterMs), Math.floor(opts.stepMs / 2));
    this.band = opts.nodes > 0 ? Math.floor(jitter / opts.nodes) : 0;
    const rot = below(opts.nodes, opts.seed, S.slot);
    this.slots = Array.from({ length: opts.nodes }, (_, i) => (i + rot) % opts.nodes);
    this.termBlock0 = Math.floor(Math.floor(TERM_EPOCH_MS / opts.stepMs) / FLIP_BLOCK);
    const m = Math.min(MAX_REPLICAS, opts.nodes);
    this.groupIds = [...new Set(keyspace.buckets.map((b) => b.groupId))];
    this.memberTable = [];
    for (const g of this.groupIds) this.memberTable[g] = Array.from({ length: m }, (_, j) => (g - 1 + j) % opts.nodes);
    // Memoise a whole ring (plus the columns arriving while it is read), within 256 MiB.
    const budget = Math.floor((256 << 20) / (16 * Math.max(1, this.buckets.length)));
    this.columnLimit = Math.max(64, Math.min(opts.memoColumns + 16, budget));
  }

  /** Flush timestamp (ms) of column k on a node. */
  columnAt(node: number, k: number): number {
    if (this.band < 2) return k * this.stepMs;
    const slot = this.slots[node] ?? 0;
    return k * this.stepMs + slot * this.band + 1 + below(Math.floor(this.band / 2), this.seed, S.jitter, node, k);
  }

  /** Index of the newest column a node has flushed at `nowMs`. */
  latestColumn(node: number, nowMs: number): number {
    const k = Math.floor(nowMs / this.stepMs);
    return this.columnAt(node, k) <= nowMs ? k : k - 1;
  }

  /** Raft members of a group (at most 3 replicas), as node indices. */
  members(group: number): number[] {
    return this.memberTable[group] ?? Array.from({ length: Math.min(MAX_REPLICAS, this.nodes) }, (_, j) => (group - 1 + j) % this.nodes);
  }

  leadership(group: number, k: number): Leadership {
    const members = this.members(group);
    const b = Math.floor(k / FLIP_BLOCK);
    const base = 2 + below(5, this.seed, S.termBase, group);
    const rel = (((b - this.termBlock0) % 0x40000000) + 0x40000000) % 0x40000000;
    const flipAt = b * FLIP_BLOCK + below(FLIP_BLOCK, this.seed, S.flip, group, b);
    const canFlip = members.length > 1;
    const term = base + (canFlip ? rel * 1 + (k >= flipAt ? 1 : 0) : 0);
    const leader = members[term % members.length]!;
    if (!canFlip || k !== flipAt) return { term, leader };
    return {
      term, leader,
      flip: {
        oldLeader: members[(term - 1) % members.length]!,
        oldTerm: term - 1,
        oldShare: 0.2 + 0.6 * unit(this.seed, S.share, group, k),
        oldSeesNewTerm: unit(this.seed, S.stale, group, k) < 0.5,
      },
    };
  }

  /** True when the node's term publisher had not fired: it stamps group 0 / term 0. */
  lagging(node: number, k: number): boolean {
    const b = Math.floor(k / LAG_BLOCK);
    if (unit(this.seed, S.lag, node, b) >= 0.5) return false;
    const at = b * LAG_BLOCK + below(LAG_BLOCK - LAG_COLUMNS, this.seed, S.lagAt, node, b);
    return k >= at && k < at + LAG_COLUMNS;
  }

  /** Cluster-wide writes and reads of a bucket in column k. */
  private totals(index: number, k: number): { writes: number; reads: number } {
    const b = this.buckets[index]!;
    const seed = this.seed;
    const stepS = this.stepMs / 1000;
    const diurnal = 1 + 0.5 * Math.sin((2 * Math.PI * k) / DAY + unit(seed, 99) * 6.283);
    // A write hotspot sweeping up the key space (sequential inserts) every 12 "hours" ...
    const c1 = (unit(seed, 100) + k / (DAY / 2)) % 1;
    const hot = 9 * Math.exp(-(((b.position - c1) / 0.035) ** 2) / 2);
    // ... a read hotspot swaying back and forth ...
    const c2 = 0.5 + 0.35 * Math.sin((2 * Math.PI * k) / (2 * DAY) + unit(seed, 101) * 6.283);
    const hot2 = 6 * Math.exp(-(((b.position - c2) / 0.05) ** 2) / 2);
    // ... and short write bursts on one bucket at a time.
    const blk = Math.floor(k / 90);
    let burst = 0;
    if (unit(seed, S.burst, blk) < 0.6 && below(this.buckets.length, seed, S.burstWho, blk) === index) {
      const at = blk * 90 + below(70, seed, S.burstAt, blk);
      if (k >= at && k < at + 15) burst = 20;
    }
    const lw = b.writeRate * stepS * diurnal * (1 + hot + burst) * (0.7 + 0.6 * unit(seed, S.noiseW, index, k));
    const lr = b.readRate * stepS * diurnal * (1 + hot * 0.5 + hot2) * (0.7 + 0.6 * unit(seed, S.noiseR, index, k));
    return {
      writes: Math.floor(lw + unit(seed, S.roundW, index, k)),
      reads: Math.floor(lr + unit(seed, S.roundR, index, k)),
    };
  }

  /** Cluster-wide totals and leadership of column k (memoised: they are pure functions of k). */
  column(k: number): ColumnTotals {
    const hit = this.columns.get(k);
    if (hit) {
      this.columns.delete(k);
      this.columns.set(k, hit);
      return hit;
    }
    const n = this.buckets.length;
    const col: ColumnTotals = { k, writes: new Float64Array(n), reads: new Float64Array(n), lead: [] };
    for (let i = 0; i < n; i++) {
      const t = this.totals(i, k);
      col.writes[i] = t.writes;
      col.reads[i] = t.reads;
    }
    for (const g of this.groupIds) col.lead[g] = this.leadership(g, k);
    this.columns.set(k, col);
    if (this.columns.size > this.columnLimit) this.columns.delete(this.columns.keys().next().value!);
    return col;
  }

  /**
   * What `node` counted for bucket `index` in column `col` (`lagging` from `lagging(node, k)`).
   * Returns false when the node's sampler has no entry for the bucket there (no traffic in any
   * series), like elastickv's flush.
   */
  cellIn(col: ColumnTotals, node: number, lagging: boolean, index: number, out: Cell): boolean {
    const b = this.buckets[index]!;
    const k = col.k;
    const members = this.members(b.groupId);
    const writes = col.writes[index]!;
    const reads = col.reads[index]!;
    const lead = col.lead[b.groupId]!;
    let w = 0;
    let term = lead.term;
    if (lead.flip) {
      const oldWrites = Math.round(writes * lead.flip.oldShare);
      if (node === lead.flip.oldLeader) {
        w = oldWrites;
        if (!lead.flip.oldSeesNewTerm) term = lead.flip.oldTerm;
      } else if (node === lead.leader) {
        w = writes - oldWrites;
      }
    } else if (node === lead.leader) {
      w = writes;
    }
    let r = 0;
    if (members.includes(node)) {
      const share = members.length === 1 ? 1
        : node === lead.leader ? 0.5
        : (0.5 / (members.length - 1)) * (0.6 + 0.8 * unit5(this.seed, S.follower, node, index, k));
      r = Math.floor(reads * share + unit5(this.seed, S.roundF, node, index, k));
    }
    if (w === 0 && r === 0) return false;
    const noIdentity = b.aggregate || lagging;
    out.reads = r;
    out.writes = w;
    out.readBytes = r === 0 ? 0 : Math.round(r * b.readSize * (0.85 + 0.3 * unit5(this.seed, S.sizeR, node, index, k)));
    out.writeBytes = w === 0 ? 0 : Math.round(w * b.writeSize * (0.85 + 0.3 * unit5(this.seed, S.sizeW, node, index, k)));
    out.group = noIdentity ? 0 : b.groupId;
    out.term = noIdentity ? 0 : term;
    return true;
  }
}
