// The simulated cluster's key space: routes (contiguous key ranges, each in one Raft group),
// their adapter labels and sub-range buckets, and the cold ranges a real sampler coarsens
// into `virtual:` aggregate buckets. Built once per cluster from the seed.
import { sequence } from './prng';

export type AdapterLabel = '' | 'dynamo' | 'redis' | 's3' | 'sqs' | 'rawkv';

/** One row the sampler tracks: the unit a node's matrix has a `bucket_id` for. */
export interface SamplerBucket {
  bucketId: string;
  label: AdapterLabel;
  /** The table, bucket or queue its keys belong to ('' for raw and unlabelled keys). */
  table: string;
  /** Raw key bytes; null = empty key (first route) or unbounded end (last route). */
  start: Buffer | null;
  end: Buffer | null;
  aggregate: boolean;
  /** Individual route id (aggregates: the synthetic id inside bucketId). */
  routeId: bigint;
  /** Aggregates only: member route ids as listed (at most maxMemberRoutesPerSlot). */
  routeIds: number[];
  routeCount: number;
  /** Raft group whose leader counts this bucket's writes. */
  groupId: number;
  /** Position in key order, 0..1: where the drifting hotspot finds it. */
  position: number;
  /** Mean writes and reads per second at rest. */
  writeRate: number;
  readRate: number;
  /** Mean bytes per write / read. */
  writeSize: number;
  readSize: number;
}

export interface Keyspace {
  buckets: SamplerBucket[];
  groups: number[];
}

export interface KeyspaceOptions {
  seed: number;
  /** Individual routes (cold ranges come on top, as aggregates). */
  routes: number;
  groups: number;
}

/** Sampler default (`--keyvizMaxMemberRoutesPerSlot`): aggregates list at most this many members. */
export const MAX_MEMBER_ROUTES_PER_SLOT = 256;
const SUB_BUCKETS = 4;
const SPLIT_SPACE = 1_000_000;

interface TableSpec {
  name: string;
  weight: number;
  readRatio: number;
  writeSize: number;
  readSize: number;
  /** Cold tables are coarsened into one aggregate bucket with this many member routes. */
  coldMembers?: number;
}

interface SectionSpec {
  prefix: string;
  label: AdapterLabel;
  binary?: boolean;
  tables: TableSpec[];
}

// Sections in byte order of their prefixes, so consecutive ranges are sorted by construction.
const SECTIONS: SectionSpec[] = [
  { prefix: '!sys/', label: '', tables: [
    { name: 'meta', weight: 0.3, readRatio: 4, writeSize: 120, readSize: 120 },
    { name: 'txn', weight: 0.6, readRatio: 1, writeSize: 200, readSize: 200 },
  ] },
  { prefix: 'dynamo/', label: 'dynamo', tables: [
    { name: 'archive', weight: 0, readRatio: 0.5, writeSize: 2048, readSize: 2048, coldMembers: 300 },
    { name: 'orders', weight: 3, readRatio: 2, writeSize: 900, readSize: 900 },
    { name: 'sessions', weight: 2, readRatio: 6, writeSize: 300, readSize: 300 },
    { name: 'users', weight: 2, readRatio: 8, writeSize: 600, readSize: 600 },
  ] },
  { prefix: 'raw/', label: 'rawkv', binary: true, tables: [
    { name: '', weight: 1.5, readRatio: 1, writeSize: 64, readSize: 64 },
  ] },
  { prefix: 'redis/', label: 'redis', tables: [
    { name: 'cache', weight: 3, readRatio: 10, writeSize: 256, readSize: 256 },
    { name: 'cart', weight: 2, readRatio: 3, writeSize: 180, readSize: 180 },
    { name: 'leaderboard', weight: 1, readRatio: 5, writeSize: 40, readSize: 400 },
    { name: 'ratelimit', weight: 2, readRatio: 1, writeSize: 24, readSize: 24 },
  ] },
  { prefix: 's3/', label: 's3', tables: [
    { name: 'backups', weight: 0, readRatio: 0.2, writeSize: 1 << 20, readSize: 1 << 20, coldMembers: 120 },
    { name: 'images', weight: 1.5, readRatio: 12, writeSize: 65536, readSize: 65536 },
    { name: 'logs', weight: 1.5, readRatio: 0.3, writeSize: 8192, readSize: 8192 },
  ] },
  { prefix: 'sqs/', label: 'sqs', tables: [
    { name: 'dead-letter', weight: 0, readRatio: 1, writeSize: 1024, readSize: 1024, coldMembers: 40 },
    { name: 'events', weight: 2, readRatio: 1, writeSize: 512, readSize: 512 },
    { name: 'jobs', weight: 2, readRatio: 1.2, writeSize: 700, readSize: 700 },
  ] },
];

interface RouteRange {
  section: SectionSpec;
  table: TableSpec;
  lo: number;
  hi: number;
}

function splitKey(section: SectionSpec, table: TableSpec, at: number): Buffer {
  const base = section.prefix + (table.name ? `${table.name}/` : '');
  if (at <= 0) return Buffer.from(base, 'latin1');
  if (section.binary) {
    // Binary keys (shown as hex by the UI): two big-endian bytes of the split point.
    const v = Math.floor((at / SPLIT_SPACE) * 0x10000);
    return Buffer.concat([Buffer.from(base, 'latin1'), Buffer.from([v >> 8, v & 0xff])]);
  }
  const letter = table.name.charAt(0) || 'k';
  return Buffer.from(`${base}${letter}:${String(at).padStart(6, '0')}`, 'latin1');
}

/** Spread `total` routes over the warm tables by weight, at least one each. */
function routesPerTable(total: number): Map<TableSpec, number> {
  const warm = SECTIONS.flatMap((s) => s.tables).filter((t) => !t.coldMembers);
  const weightSum = warm.reduce((a, t) => a + t.weight, 0);
  const counts = new Map<TableSpec, number>();
  let assigned = 0;
  for (const t of warm) {
    const n = Math.max(1, Math.floor((total * t.weight) / weightSum));
    counts.set(t, n);
    assigned += n;
  }
  // Hand out (or take back) the rounding remainder, heaviest tables first.
  const byWeight = [...warm].sort((a, b) => b.weight - a.weight);
  for (let i = 0; assigned !== total; i = (i + 1) % byWeight.length) {
    const t = byWeight[i]!;
    const n = counts.get(t)!;
    if (assigned < total) { counts.set(t, n + 1); assigned++; }
    else if (n > 1) { counts.set(t, n - 1); assigned--; }
  }
  return counts;
}

export function buildKeyspace(opts: KeyspaceOptions): Keyspace {
  const rand = sequence(opts.seed);
  const minRoutes = SECTIONS.flatMap((s) => s.tables).filter((t) => !t.coldMembers).length;
  const routeTotal = Math.max(minRoutes, opts.routes);
  const perTable = routesPerTable(routeTotal);

  // 1. Ranges in key order: warm tables split into routes, cold tables as one aggregate each.
  type Piece = { kind: 'route'; range: RouteRange } | { kind: 'cold'; section: SectionSpec; table: TableSpec };
  const pieces: Piece[] = [];
  for (const section of SECTIONS) {
    for (const table of section.tables) {
      if (table.coldMembers) { pieces.push({ kind: 'cold', section, table }); continue; }
      const n = perTable.get(table)!;
      for (let j = 0; j < n; j++) {
        // The first raw route starts past "raw/", so the dynamo route before it holds raw keys too.
        const lo = section.binary && j === 0 ? SPLIT_SPACE / 8 : Math.floor((j * SPLIT_SPACE) / n);
        pieces.push({ kind: 'route', range: { section, table, lo, hi: Math.floor(((j + 1) * SPLIT_SPACE) / n) } });
      }
    }
  }
  const startOf = (p: Piece): Buffer =>
    p.kind === 'cold' ? splitKey(p.section, p.table, 0) : splitKey(p.range.section, p.range.table, p.range.lo);

  // Routes that get split into sub-range buckets (a node with --keyvizKeyBucketsPerRoute > 1
  // splits the routes it tracks; here a few busy ones, so both id shapes appear). Only the
  // sub-buckets that count something are listed, as elastickv lists them.
  const routeIdx = pieces.flatMap((p, i) => (p.kind === 'route' && p.range.section.label !== '' ? [i] : []));
  const splitRoutes = new Set<number>();
  while (splitRoutes.size < Math.min(3, routeIdx.length)) {
    splitRoutes.add(routeIdx[Math.floor(rand() * routeIdx.length)]!);
  }

  const groups = Array.from({ length: Math.max(1, opts.groups) }, (_, g) => g + 1);
  const buckets: SamplerBucket[] = [];
  let nextRouteId = 1;
  let nextMemberId = 10_000;
  let virtualSeq = 0n;
  const slots = pieces.length;

  pieces.forEach((piece, i) => {
    const start = i === 0 ? null : startOf(piece);
    const end = i === pieces.length - 1 ? null : startOf(pieces[i + 1]!);
    const groupId = groups[Math.floor((i * groups.length) / slots)]!;
    const position = (i + 0.5) / slots;
    if (piece.kind === 'cold') {
      const members = piece.table.coldMembers!;
      const routeIds = Array.from({ length: Math.min(members, MAX_MEMBER_ROUTES_PER_SLOT) }, (_, m) => nextMemberId + m);
      nextMemberId += members;
      const synthetic = (1n << 64n) - 1n - virtualSeq++;
      buckets.push({
        bucketId: `virtual:${synthetic}`, label: '', table: piece.table.name, start, end, aggregate: true, routeId: synthetic,
        routeIds, routeCount: members, groupId, position,
        writeRate: 0.05 + rand() * 0.3, readRate: 0.02 + rand() * 0.2,
        writeSize: piece.table.writeSize, readSize: piece.table.readSize,
      });
      return;
    }
    const { section, table } = piece.range;
    const routeId = nextRouteId++;
    const weight = table.weight * (0.4 + rand() * 1.2);
    const writeRate = 2 * weight;
    const readRate = writeRate * table.readRatio;
    // The last dynamo route runs past "raw/" into the first raw keys: one route, two labels.
    const next = pieces[i + 1];
    const spansRaw = section.label === 'dynamo' && next?.kind === 'route' && next.range.section.label === 'rawkv';
    const labels: Array<[AdapterLabel, number]> = spansRaw ? [['dynamo', 0.7], ['rawkv', 0.3]] : [[section.label, 1]];
    const subCount = splitRoutes.has(i) ? SUB_BUCKETS : 1;
    for (const [label, share] of labels) {
      for (let s = 0; s < subCount; s++) {
        const { lo, hi } = piece.range;
        const subStart = s === 0 ? start : splitKey(section, table, lo + Math.floor(((hi - lo) * s) / subCount));
        const subEnd = s === subCount - 1 ? end : splitKey(section, table, lo + Math.floor(((hi - lo) * (s + 1)) / subCount));
        // elastickv places a key by its storage bytes: an adapter's internal keys (`!redis|…`)
        // sort below the route's user-key start, so all its traffic lands in #0; raw keys spread.
        const spread = label === 'rawkv' ? [0.4, 0.3, 0.2, 0.1] : [1, 0, 0, 0];
        const subShare = share * (subCount === 1 ? 1 : spread[s]!);
        buckets.push({
          bucketId: `route:${routeId}${label ? `:${label}` : ''}${subCount > 1 ? `#${s}` : ''}`,
          label, table: table.name, start: subStart, end: subEnd, aggregate: false, routeId: BigInt(routeId),
          routeIds: [], routeCount: 1, groupId, position: position + (s - (subCount - 1) / 2) * (0.5 / slots / subCount),
          writeRate: writeRate * subShare, readRate: readRate * subShare,
          writeSize: table.writeSize, readSize: table.readSize,
        });
      }
    }
  });
  return { buckets, groups };
}
