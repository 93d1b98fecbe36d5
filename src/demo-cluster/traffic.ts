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
import { below, HASH_START, hashPart, unit, unit5Part } from './prng';

export interface TrafficOptions {
  seed: number;
  nodes: number;
  stepMs: number;
  /** Spread of flush times across nodes; 0 = every node flushes on the same millisecond. */
  jitterMs: number;
  /** Columns a node keeps (--keyvizHistoryColumns): the ring holds these and a few arriving while one is read. */
  ringColumns: number;
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

/** A column of the ring, as `column(k)` hands it out: its slot in the ring's typed arrays. */
export interface ColumnTotals {
  k: number;
  slot: number;
  /** By group id. */
  lead: Leadership[];
}

/**
 * A run of a group's window columns where one node alone counts it, under one term label:
 * window columns [j0, j1), ring slots s0 on. `leader` −1 marks a hand-over column (two nodes split
 * its counts), always a run of its own.
 */
export interface LeadRun {
  j0: number;
  j1: number;
  s0: number;
  leader: number;
  label: number;
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
/** Ring slots beyond the history: columns flushed while an answer is being read, a clock stepping back. */
export const RING_SLACK = 16;
/**
 * What the ring of a whole simulated cluster may take (its columns are shared by every node): a
 * cluster asked for more history × buckets than this is refused at start, not swapped to death.
 */
export const MAX_RING_BYTES = 1024 * 1024 * 1024;

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
  readonly nodes: number;
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
  // The ring: slot k mod `slots` holds column k once computed (slotK tags it). Cluster-wide totals
  // and leadership as typed arrays, laid out by bucket (group, node) and then by slot, so a row of an
  // answer reads them in order. What a node counted follows by a split (countsIn): no copy per node.
  readonly ringLength: number;
  private fillCount = 0;
  /** By group id: leadRuns' breaks, as of a fill. */
  private readonly breaksByGroup: Array<{ fills: number; breaks: Uint8Array } | undefined> = [];
  private readonly slotK: Float64Array;
  private readonly slotCols: Array<ColumnTotals | undefined>;
  /** Cluster-wide counts by bucket × slot (read directly by the answer writer, inside leadRuns' runs). */
  readonly ringWrites: Float64Array;
  readonly ringReads: Float64Array;
  /** By group id × slot: the leader; at a flip the old leader (else −1) and the old leader's share. */
  private readonly ringLeader: Int32Array;
  private readonly ringOldLeader: Int32Array;
  private readonly ringOldShare: Float64Array;
  /** By (group id × MAX_REPLICAS + member index) × slot: the term that member stamps. */
  private readonly ringLabel: Float64Array;
  /** By node × slot: the column's flush time on that node. */
  private readonly ringAt: Float64Array;
  private readonly maxGroupId: number;
  // Per-bucket constants of the traffic formulas, and the hash states of their constant prefixes.
  private readonly bucketGroup: Int32Array;
  private readonly rateW: Float64Array;
  private readonly rateR: Float64Array;
  private readonly tenant: Float64Array;
  private readonly perWrite: Float64Array;
  private readonly countsReads: Uint8Array;
  private readonly hNoiseW: Uint32Array;
  private readonly hNoiseR: Uint32Array;
  private readonly hRoundW: Uint32Array;
  private readonly hRoundR: Uint32Array;
  /** By node: the state of unit5(seed, salt, node, …). */
  private readonly hSizeW: Uint32Array;
  private readonly hSizeR: Uint32Array;
  /** By node × (max group id + 1): the node's index among the group's members, −1 if none. */
  private readonly memberIndex: Int8Array;
  private readonly phaseDiurnal: number;
  /** Flush-time noise (ms), each node's constant offset, and its noise hash state. */
  private readonly noise: number;
  private readonly flushOffset: Float64Array;
  private readonly hJitter: Uint32Array;
  private readonly phaseSweep: number;
  private readonly phaseSway: number;

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
    this.maxGroupId = Math.max(0, ...this.groupIds);
    const n = this.buckets.length;
    const stepS = this.stepMs / 1000;
    const start2 = (salt: number): number => hashPart(hashPart(HASH_START, this.seed), salt);
    const prefixes = (salt: number): Uint32Array => {
      const h = start2(salt);
      return Uint32Array.from(this.buckets, (_, i) => hashPart(h, i));
    };
    this.bucketGroup = Int32Array.from(this.buckets, (b) => b.groupId);
    this.rateW = Float64Array.from(this.buckets, (b) => b.writeRate * stepS);
    this.rateR = Float64Array.from(this.buckets, (b) => b.readRate * stepS);
    this.tenant = Float64Array.from(this.buckets, (b) => TENANT_PEAK * Math.exp(-(((b.position - this.tenantAt) / 0.04) ** 2) / 2));
    this.perWrite = Float64Array.from(this.buckets, (b) => MUTATIONS[b.label] ?? 1);
    this.countsReads = Uint8Array.from(this.buckets, (b) => (COUNTED_READS.has(b.label) ? 1 : 0));
    this.hNoiseW = prefixes(S.noiseW);
    this.hNoiseR = prefixes(S.noiseR);
    this.hRoundW = prefixes(S.roundW);
    this.hRoundR = prefixes(S.roundR);
    const u5 = (salt: number, node: number): number => unit5Part(unit5Part(unit5Part(HASH_START, this.seed), salt), node);
    this.hSizeW = Uint32Array.from({ length: opts.nodes }, (_, node) => u5(S.sizeW, node));
    this.hSizeR = Uint32Array.from({ length: opts.nodes }, (_, node) => u5(S.sizeR, node));
    this.memberIndex = new Int8Array(opts.nodes * (this.maxGroupId + 1)).fill(-1);
    for (const g of this.groupIds) this.members(g).forEach((node, j) => { this.memberIndex[node * (this.maxGroupId + 1) + g] = j; });
    this.noise = Math.min(4, Math.floor(this.band / 4));
    this.flushOffset = Float64Array.from({ length: opts.nodes }, (_, node) => this.offsetOf(node));
    const hJitter = hashPart(hashPart(HASH_START, this.seed), S.jitter);
    this.hJitter = Uint32Array.from({ length: opts.nodes }, (_, node) => hashPart(hJitter, node));
    this.phaseDiurnal = unit(this.seed, 99) * 6.283;
    this.phaseSweep = unit(this.seed, 100);
    this.phaseSway = unit(this.seed, 101) * 6.283;
    const c = opts.ringColumns + RING_SLACK;
    const g = this.maxGroupId + 1;
    this.ringLength = c;
    this.slotK = new Float64Array(c).fill(NaN);
    this.slotCols = new Array<ColumnTotals | undefined>(c);
    this.ringWrites = new Float64Array(n * c);
    this.ringReads = new Float64Array(n * c);
    this.ringLeader = new Int32Array(g * c);
    this.ringOldLeader = new Int32Array(g * c);
    this.ringOldShare = new Float64Array(g * c);
    this.ringLabel = new Float64Array(g * MAX_REPLICAS * c);
    this.ringAt = new Float64Array(opts.nodes * c);
  }

  /** Bytes the ring of a cluster takes once full (checked against MAX_RING_BYTES at start). */
  static ringBytes(buckets: number, maxGroupId: number, nodes: number, ringColumns: number): number {
    // Two Float64 totals a bucket; per group the typed identities and a Leadership object; per node a time.
    const perColumn = 16 * buckets + (maxGroupId + 1) * (16 + 8 * MAX_REPLICAS + 96) + 8 * nodes + 512;
    return perColumn * (ringColumns + RING_SLACK);
  }

  /** Flush timestamp (ms) of column k on a node: its own ticker's phase, plus a few ms of noise. */
  columnAt(node: number, k: number): number {
    if (this.band < 2) return k * this.stepMs;
    const noise = this.noise;
    const h = this.hJitter[node] ?? hashPart(hashPart(hashPart(HASH_START, this.seed), S.jitter), node);
    return k * this.stepMs + (this.flushOffset[node] ?? this.offsetOf(node))
      + (noise > 0 ? Math.floor((hashPart(h, k) / 0x100000000) * noise) : 0);
  }

  /** A node's constant part of its flush times: its band, plus its ticker's phase inside it. */
  private offsetOf(node: number): number {
    const slot = this.slots[node] ?? 0;
    const phase = below(Math.max(1, this.band - this.noise - 1), this.seed, S.phase, node);
    return slot * this.band + 1 + phase;
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
    return this.labelAfter(node, k, lead, lead.flip ? undefined : this.leadership(group, k - 1).flip);
  }

  /** termLabel with the previous column's flip (if any) already looked up. */
  private labelAfter(node: number, k: number, lead: Leadership, prevFlip: Leadership['flip']): number {
    const flip = lead.flip ?? prevFlip;
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

  private slotOf(k: number): number {
    return ((k % this.ringLength) + this.ringLength) % this.ringLength;
  }

  /** Column k of the ring, computed into its slot unless it is there. */
  column(k: number): ColumnTotals {
    this.ensure([k]);
    return this.slotCols[this.slotOf(k)]!;
  }

  /**
   * Make columns `ks` (at most a ring's worth, none two a ring apart) present, computing the
   * missing ones together, bucket by bucket, so each bucket's slots are written in order.
   */
  ensure(ks: readonly number[]): number[] {
    const slots: number[] = [];
    let missing: number[] | null = null;
    for (let j = 0; j < ks.length; j++) {
      const k = ks[j]!;
      const s = this.slotOf(k);
      slots.push(s);
      if (this.slotK[s] !== k) (missing ??= []).push(k);
    }
    if (missing) this.fill(missing);
    return slots;
  }

  /** Cluster-wide writes and reads of every bucket, and each group's leadership, in columns ks. */
  private fill(ks: readonly number[]): void {
    this.fillCount++;
    const n = this.buckets.length;
    const m = ks.length;
    const c = this.ringLength;
    const slot = new Int32Array(m);
    const diurnal = new Float64Array(m);
    const c1 = new Float64Array(m);
    const c2 = new Float64Array(m);
    const burstIndex = new Int32Array(m).fill(-1);
    ks.forEach((k, j) => {
      slot[j] = this.slotOf(k);
      diurnal[j] = 1 + 0.5 * Math.sin((2 * Math.PI * k) / DAY + this.phaseDiurnal);
      // A write hotspot sweeping up the key space (sequential inserts) every 12 "hours" ...
      c1[j] = (this.phaseSweep + k / (DAY / 2)) % 1;
      // ... a read hotspot swaying back and forth ...
      c2[j] = 0.5 + 0.35 * Math.sin((2 * Math.PI * k) / (2 * DAY) + this.phaseSway);
      // ... a tenant that stays busy all day, inside one group's range (its leader carries it; per
      // bucket, in this.tenant) ... and short write bursts on one bucket at a time.
      const blk = Math.floor(k / 90);
      if (unit(this.seed, S.burst, blk) < 0.6) {
        const at = blk * 90 + below(70, this.seed, S.burstAt, blk);
        if (k >= at && k < at + 15) burstIndex[j] = below(n, this.seed, S.burstWho, blk);
      }
    });
    for (let i = 0; i < n; i++) {
      const position = this.buckets[i]!.position;
      const tenant = this.tenant[i]!;
      const rateW = this.rateW[i]!;
      const rateR = this.rateR[i]!;
      const per = this.perWrite[i]!;
      const countsReads = this.countsReads[i] === 1;
      const hNoiseW = this.hNoiseW[i]!;
      const hNoiseR = this.hNoiseR[i]!;
      const hRoundW = this.hRoundW[i]!;
      const hRoundR = this.hRoundR[i]!;
      const base = i * c;
      for (let j = 0; j < m; j++) {
        const k = ks[j]!;
        // Far from a hotspot its bump is below half an ulp of the sums it joins (each ≥ 1): 0 adds the same.
        const z1 = ((position - c1[j]!) / 0.035) ** 2;
        const z2 = ((position - c2[j]!) / 0.05) ** 2;
        const hot = z1 > 100 ? 0 : 9 * Math.exp(-z1 / 2);
        const hot2 = z2 > 100 ? 0 : 6 * Math.exp(-z2 / 2);
        const burst = i === burstIndex[j] ? 20 : 0;
        const d = diurnal[j]!;
        const lw = rateW * d * (1 + hot + tenant + burst) * (0.7 + 0.6 * (hashPart(hNoiseW, k) / 0x100000000));
        const lr = rateR * d * (1 + hot * 0.5 + tenant + hot2) * (0.7 + 0.6 * (hashPart(hNoiseR, k) / 0x100000000));
        // Whole commands, each `per` storage mutations.
        this.ringWrites[base + slot[j]!] = per * Math.floor(lw / per + hashPart(hRoundW, k) / 0x100000000);
        this.ringReads[base + slot[j]!] = countsReads ? Math.floor(lr + hashPart(hRoundR, k) / 0x100000000) : 0;
      }
    }
    ks.forEach((k, j) => {
      const s = slot[j]!;
      const col = this.slotCols[s] ?? { k, slot: s, lead: [] };
      col.k = k;
      for (const g of this.groupIds) {
        const lead = this.leadership(g, k);
        col.lead[g] = lead;
        this.ringLeader[g * c + s] = lead.leader;
        this.ringOldLeader[g * c + s] = lead.flip ? lead.flip.oldLeader : -1;
        this.ringOldShare[g * c + s] = lead.flip ? lead.flip.oldShare : 0;
        const prevFlip = lead.flip ? undefined : this.leadership(g, k - 1).flip;
        this.members(g).forEach((node, r) => { this.ringLabel[(g * MAX_REPLICAS + r) * c + s] = this.labelAfter(node, k, lead, prevFlip); });
      }
      for (let node = 0; node < this.nodes; node++) this.ringAt[node * c + s] = this.columnAt(node, k);
      this.slotCols[s] = col;
      this.slotK[s] = k;
    });
  }

  /** Ring fills so far: anything derived from the ring's contents is current while this stays. */
  get fills(): number {
    return this.fillCount;
  }

  /** Every node's flush times, by node × slot. */
  get flushTimes(): Float64Array {
    return this.ringAt;
  }

  /** A node's flush time of the column in `slot` (present). */
  flushAt(node: number, slot: number): number {
    return this.ringAt[node * this.ringLength + slot]!;
  }

  /**
   * What `node` counted for bucket `index` in column `col`. Returns false when the node's sampler
   * has no entry for the bucket there (no traffic in any series), like elastickv's flush.
   */
  cellIn(col: ColumnTotals, node: number, index: number, out: Cell): boolean {
    if (this.slotK[col.slot] !== col.k) throw new Error(`column ${col.k} has left the ring`);
    if (!this.countsIn(col.slot, node, index, out)) return false;
    out.readBytes = this.bytesOf(node, index, col.k, out.reads, false);
    out.writeBytes = this.bytesOf(node, index, col.k, out.writes, true);
    return true;
  }

  /** cellIn without the byte counts (left as they were), by ring slot: the answer writer's hot path. */
  countsIn(slot: number, node: number, index: number, out: Cell): boolean {
    const c = this.ringLength;
    const g = this.bucketGroup[index]!;
    const leader = this.ringLeader[g * c + slot]!;
    const oldLeader = this.ringOldLeader[g * c + slot]!;
    if (node !== leader && node !== oldLeader) return false;
    const per = this.perWrite[index]!;
    let w = this.ringWrites[index * c + slot]!;
    let r = this.ringReads[index * c + slot]!;
    // Writes and counted reads both land on the leader; at a flip, the old leader's share is
    // what came before the hand-over (whole commands).
    if (oldLeader >= 0) {
      const share = this.ringOldShare[g * c + slot]!;
      const oldW = per * Math.round((w / per) * share);
      const oldR = Math.round(r * share);
      if (node === oldLeader) { w = oldW; r = oldR; } else { w -= oldW; r -= oldR; }
    }
    if (w === 0 && r === 0) return false;
    out.reads = r;
    out.writes = w;
    if (this.buckets[index]!.aggregate) { out.group = 0; out.term = 0; return true; }
    out.group = g;
    out.term = this.ringLabel[(g * MAX_REPLICAS + this.memberIndex[node * (this.maxGroupId + 1) + g]!) * c + slot]!;
    return true;
  }

  /**
   * A group's columns in a window (`slots`, present), cut into LeadRuns. Inside a run the leader's
   * cells are the ring's own counts (no split) and its term label is fixed, so an answer writes a
   * run without asking countsIn cell by cell. Runs also break where the window wraps the ring.
   */
  leadRuns(group: number, slots: readonly number[]): LeadRun[] {
    const c = this.ringLength;
    const breaks = this.runBreaks(group);
    const out: LeadRun[] = [];
    // Window slots run on by one (a break at slot 0 stops a run at the ring's wrap).
    for (let j = 0; j < slots.length;) {
      const s = slots[j]!;
      let next = breaks.indexOf(1, s + 1);
      if (next < 0) next = c;
      const len = Math.min(next - s, slots.length - j);
      const flip = this.ringOldLeader[group * c + s]! >= 0;
      out.push({ j0: j, j1: j + len, s0: s, leader: flip ? -1 : this.ringLeader[group * c + s]!, label: flip ? 0 : this.leaderLabel(group, s) });
      j += len;
    }
    return out;
  }

  /** Work out every group's run breaks now (at start: the ring was just filled). */
  primeLeadRuns(): void {
    for (const g of this.groupIds) this.runBreaks(g);
  }

  /** The term the group's leader in `slot` stamps there (−1 for a slot never filled). */
  private leaderLabel(group: number, slot: number): number {
    const c = this.ringLength;
    const member = this.memberIndex[this.ringLeader[group * c + slot]! * (this.maxGroupId + 1) + group]!;
    return member < 0 ? -1 : this.ringLabel[(group * MAX_REPLICAS + member) * c + slot]!;
  }

  /**
   * By slot, 1 where a run of the group must start: slot 0 (the wrap), a hand-over column and the
   * one after it, another leader or another term label than the slot before. Made once per fill.
   */
  private runBreaks(group: number): Uint8Array {
    const cached = this.breaksByGroup[group];
    if (cached && cached.fills === this.fills) return cached.breaks;
    const c = this.ringLength;
    const breaks = cached?.breaks ?? new Uint8Array(c);
    let prevLeader = -1;
    let prevLabel = -1;
    let prevFlip = true;
    for (let s = 0; s < c; s++) {
      const flip = this.ringOldLeader[group * c + s]! >= 0;
      const leader = this.ringLeader[group * c + s]!;
      const label = this.leaderLabel(group, s);
      breaks[s] = s === 0 || flip || prevFlip || leader !== prevLeader || label !== prevLabel ? 1 : 0;
      prevLeader = leader;
      prevLabel = label;
      prevFlip = flip;
    }
    this.breaksByGroup[group] = { fills: this.fills, breaks };
    return breaks;
  }

  /** Bytes of `count` reads (or writes) a node counted for a bucket in column k. */
  bytesOf(node: number, index: number, k: number, count: number, writes: boolean): number {
    if (count === 0) return 0;
    const b = this.buckets[index]!;
    return writes
      ? Math.round(count * b.writeSize * (0.85 + 0.3 * size(this.hSizeW[node]!, index, k)))
      : Math.round(count * b.readSize * (0.85 + 0.3 * size(this.hSizeR[node]!, index, k)));
  }

  /** Fill the ring with the columns a node shows at `nowMs`, as a running node's ring is full. */
  fillRing(nowMs: number): void {
    let last = -Infinity;
    for (let node = 0; node < this.nodes; node++) last = Math.max(last, this.latestColumn(node, nowMs));
    // The oldest column any node shows is at most one before the newest's ring (flush times differ < 1 step).
    this.ensure(Array.from({ length: this.ringLength - RING_SLACK + 1 }, (_, j) => last - (this.ringLength - RING_SLACK) + j));
  }
}

/** unit5(seed, salt, node, index, k) from the state after its first three parts. */
function size(h: number, index: number, k: number): number {
  return unit5Part(unit5Part(h, index), k) / 0x100000000;
}
