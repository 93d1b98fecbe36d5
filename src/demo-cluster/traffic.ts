// The traffic model: what each simulated node's sampler counted in each column.
// Everything is a pure function of (seed, node, column index), so history of any length
// exists at once and two clusters with one seed and one clock answer byte-identically.
//
// Faithful to how elastickv counts (contract §3.4-§3.5, §5.4, and the recordings of a real
// cluster in shared/recordings/real-elastickv):
// - writes are counted only by the Raft leader of the route's group, as storage mutations (one
//   Redis SET or INCR is two: the value and its TTL entry);
// - Redis (and DynamoDB, legacy) reads too: a follower forwards them to the leader, which counts
//   them; S3, SQS and raw KV reads are never counted (they bypass KeyViz);
// - a node lists only the rows it counted something for;
// - each row stamps (raft group, that node's published term) per column; aggregates stamp 0/0;
// - a leadership flip bumps the term; in the flip column old and new leader both count writes
//   (before and after the hand-over). The term is published on its own timer (a per-node phase
//   in the step), so a column's label is the term at the node's last publish: around a flip the
//   new leader's first column(s) can still say the old term, or the old leader's last one the
//   new term (then two nodes report one (group, term) in one window, both counts real);
// - every node flushes at its own millisecond: a constant phase, plus a few ms of noise.
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
  /** Set only in the column where leadership moved: the hand-over at `atMs`, inside that column's window. */
  flip?: { oldLeader: number; oldTerm: number; oldShare: number; atMs: number };
}

/** Columns per leadership block: each group changes leader once per block. */
export const FLIP_BLOCK = 240;
/** The steady tenant's peak (× a bucket's own rate): the group holding it carries visibly more. */
const TENANT_PEAK = 6;
/** Columns per "day" of the diurnal pattern (a real day at the default 60 s step). */
const DAY = 1440;
const TERM_EPOCH_MS = Date.UTC(2020, 0, 1);
const MAX_REPLICAS = 3;

// Salts keep the hash streams of different decisions apart.
const S = { flip: 1, share: 2, publish: 3, noiseW: 6, noiseR: 7, roundW: 8, roundR: 9,
  burst: 10, burstAt: 11, burstWho: 12, tenant: 13, sizeW: 15, sizeR: 16, jitter: 17, slot: 18, termBase: 19, phase: 20 } as const;
/** Storage mutations per write command (Redis: the value and its TTL entry). */
const MUTATIONS: Record<string, number> = { redis: 2 };
/** Adapters whose reads elastickv counts (on the group's leader); the others bypass KeyViz. */
const COUNTED_READS = new Set(['redis', 'dynamo', '']);

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
  /**
   * Where the tenant busy all day sits in the key space: the middle of one group's range, a group
   * whose first member is the first member of another group too (that node leads both most of the
   * day, so moving the other one away would help).
   */
  private readonly tenantAt: number;
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
    const groups = this.groupIds.length;
    // Group i (0-based)'s first member is node i mod N: another group's first member too when (i mod N) + N < groups.
    const candidates = Array.from({ length: groups }, (_, i) => i)
      .filter((i) => groups <= opts.nodes || (i % opts.nodes) + opts.nodes < groups);
    this.tenantAt = (candidates[below(candidates.length, opts.seed, S.tenant)]! + 0.5) / groups;
    this.memberTable = [];
    for (const g of this.groupIds) this.memberTable[g] = Array.from({ length: m }, (_, j) => (g - 1 + j) % opts.nodes);
    // Memoise a whole ring (plus the columns arriving while it is read), within 256 MiB.
    const budget = Math.floor((256 << 20) / (16 * Math.max(1, this.buckets.length)));
    this.columnLimit = Math.max(64, Math.min(opts.memoColumns + 16, budget));
  }

  /** Flush timestamp (ms) of column k on a node: its own ticker's phase, plus a few ms of noise. */
  columnAt(node: number, k: number): number {
    if (this.band < 2) return k * this.stepMs;
    const slot = this.slots[node] ?? 0;
    const noise = Math.min(4, Math.floor(this.band / 4));
    const phase = below(Math.max(1, this.band - noise - 1), this.seed, S.phase, node);
    return k * this.stepMs + slot * this.band + 1 + phase + (noise > 0 ? below(noise, this.seed, S.jitter, node, k) : 0);
  }

  /** How long before each flush a node last published its leader terms (its publisher's own phase). */
  private publishLag(node: number): number {
    return below(this.stepMs, this.seed, S.publish, node);
  }

  /**
   * The term a node stamps on column k for a group: the one at its last publish before the flush.
   * Around a hand-over (in column k, or in k − 1 for a late publisher) that can be the old term.
   */
  termLabel(node: number, group: number, k: number, lead: Leadership): number {
    const flip = lead.flip ?? this.leadership(group, k - 1).flip;
    if (!flip) return lead.term;
    const newTerm = lead.flip ? lead.term : flip.oldTerm + 1;
    return this.columnAt(node, k) - this.publishLag(node) >= flip.atMs ? newTerm : flip.oldTerm;
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
    // Leadership is sticky, as after elastickv's balancing: the group's first member takes it back
    // early in a block and hands it on late in the next one, so it leads most of the day.
    const late = (base + rel + 1) % members.length === 1;
    const flipAt = b * FLIP_BLOCK + (late ? FLIP_BLOCK - FLIP_BLOCK / 4 : 0) + below(FLIP_BLOCK / 4, this.seed, S.flip, group, b);
    const canFlip = members.length > 1;
    const term = base + (canFlip ? rel * 1 + (k >= flipAt ? 1 : 0) : 0);
    const leader = members[term % members.length]!;
    if (!canFlip || k !== flipAt) return { term, leader };
    const oldShare = 0.2 + 0.6 * unit(this.seed, S.share, group, k);
    return {
      term, leader,
      // The hand-over falls inside the window column k closes: old leader before it, new after.
      flip: { oldLeader: members[(term - 1) % members.length]!, oldTerm: term - 1, oldShare, atMs: Math.round((k - 1 + oldShare) * this.stepMs) },
    };
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
    // ... a tenant that stays busy all day, inside one group's range (its leader carries it) ...
    const tenant = TENANT_PEAK * Math.exp(-(((b.position - this.tenantAt) / 0.04) ** 2) / 2);
    // ... and short write bursts on one bucket at a time.
    const blk = Math.floor(k / 90);
    let burst = 0;
    if (unit(seed, S.burst, blk) < 0.6 && below(this.buckets.length, seed, S.burstWho, blk) === index) {
      const at = blk * 90 + below(70, seed, S.burstAt, blk);
      if (k >= at && k < at + 15) burst = 20;
    }
    const lw = b.writeRate * stepS * diurnal * (1 + hot + tenant + burst) * (0.7 + 0.6 * unit(seed, S.noiseW, index, k));
    const lr = b.readRate * stepS * diurnal * (1 + hot * 0.5 + tenant + hot2) * (0.7 + 0.6 * unit(seed, S.noiseR, index, k));
    const per = MUTATIONS[b.label] ?? 1;
    return {
      // Whole commands, each `per` storage mutations.
      writes: per * Math.floor(lw / per + unit(seed, S.roundW, index, k)),
      reads: COUNTED_READS.has(b.label) ? Math.floor(lr + unit(seed, S.roundR, index, k)) : 0,
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
   * What `node` counted for bucket `index` in column `col`. Returns false when the node's sampler
   * has no entry for the bucket there (no traffic in any series), like elastickv's flush.
   */
  cellIn(col: ColumnTotals, node: number, index: number, out: Cell): boolean {
    const b = this.buckets[index]!;
    const k = col.k;
    const lead = col.lead[b.groupId]!;
    const per = MUTATIONS[b.label] ?? 1;
    // Writes and counted reads both land on the leader; at a flip, the old leader's share is
    // what came before the hand-over (whole commands).
    const split = (n: number, whole: number): number => {
      if (!lead.flip) return node === lead.leader ? n : 0;
      const old = whole * Math.round((n / whole) * lead.flip.oldShare);
      return node === lead.flip.oldLeader ? old : node === lead.leader ? n - old : 0;
    };
    const w = split(col.writes[index]!, per);
    const r = split(col.reads[index]!, 1);
    if (w === 0 && r === 0) return false;
    out.reads = r;
    out.writes = w;
    out.readBytes = r === 0 ? 0 : Math.round(r * b.readSize * (0.85 + 0.3 * unit5(this.seed, S.sizeR, node, index, k)));
    out.writeBytes = w === 0 ? 0 : Math.round(w * b.writeSize * (0.85 + 0.3 * unit5(this.seed, S.sizeW, node, index, k)));
    out.group = b.aggregate ? 0 : b.groupId;
    out.term = b.aggregate ? 0 : this.termLabel(node, b.groupId, k, lead);
    return true;
  }
}
