// The simulator's stand-in for elastickv's `mergeHotKeyResponses` (contract §7.3), as a node
// started with --keyvizFanoutNodes runs it: local answer first, then the peers'. Its own code, not
// the app's merge (src/main/core/hotkeys/merge.ts): a test runs both on generated answers, so each
// checks the other, as aggregate.ts does for the matrix merge.
import { type HotKeysResponse, ZERO_TIME } from '../shared/elastickv/wire';

type HotKey = HotKeysResponse['keys'][number];

/** Go's time.Time.After on RFC 3339 text; text that does not parse is never later. */
function after(a: string, b: string): boolean {
  return Date.parse(a) > Date.parse(b);
}

/** Count descending; equal counts by the key's base64 text (not its bytes), ascending. */
function byHeat(x: HotKey, y: HotKey): number {
  if (x.count !== y.count) return x.count > y.count ? -1 : 1;
  if (x.key_b64 === y.key_b64) return 0;
  return x.key_b64 < y.key_b64 ? -1 : 1;
}

export function mergeHotKeyResponses(local: HotKeysResponse, peers: readonly HotKeysResponse[], top: number): HotKeysResponse {
  // The slot is the local answer's; the sketch's facts are summed, or the largest / latest taken.
  let sampleRate = 0;
  let sampledN = 0;
  let dropped = 0;
  let skipped = 0;
  let errorBound = 0;
  let snapshotAt = ZERO_TIME;
  // elastickv's keyOrder: keys in the order first seen, each with its running total.
  const keyOrder: string[] = [];
  const totals = new Map<string, number>();
  for (const r of [local, ...peers]) {
    if (r.sample_rate > sampleRate) sampleRate = r.sample_rate;
    if (after(r.snapshot_at, snapshotAt)) snapshotAt = r.snapshot_at;
    sampledN += r.sampled_n;
    dropped += r.dropped_samples;
    skipped += r.skipped_long_keys;
    errorBound += r.error_bound;
    for (const { key_b64, count } of r.keys) {
      const sum = totals.get(key_b64);
      if (sum === undefined) keyOrder.push(key_b64);
      totals.set(key_b64, (sum ?? 0) + count);
    }
  }
  const keys = keyOrder.map((key_b64) => ({ key_b64, count: totals.get(key_b64)! })).sort(byHeat);
  if (keys.length > top) keys.length = Math.max(0, top);
  return {
    route_id: local.route_id,
    ...(local.label ? { label: local.label } : {}),
    ...(local.sub_bucket !== undefined ? { sub_bucket: local.sub_bucket } : {}),
    series: local.series,
    keys,
    approximate: true,
    sample_rate: sampleRate,
    sampled_n: sampledN,
    dropped_samples: dropped,
    skipped_long_keys: skipped,
    // Degraded when the merged sketch lost samples, whatever each node said of itself.
    degraded: dropped > 0 || skipped > 0,
    error_bound: errorBound,
    snapshot_at: snapshotAt,
  };
}
