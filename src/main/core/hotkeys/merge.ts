// elastickv's hot-keys merge (contract §7.3, mergeHotKeyResponses): counts summed per key, the
// largest sample rate and snapshot time, the sampling counters and error bounds summed, ties by
// the key's base64 text, truncated to the caller's top. The §6.6 vectors are its tests.
import { type HotKeysResponse, ZERO_TIME } from '../../../shared/elastickv/wire';

const time = (s: string): number => {
  const t = Date.parse(s);
  return Number.isNaN(t) ? -Infinity : t;
};

export function mergeHotKeys(responses: readonly HotKeysResponse[], top: number): HotKeysResponse {
  const first = responses[0];
  const out: HotKeysResponse = {
    route_id: first?.route_id ?? '0', series: first?.series ?? 'writes', keys: [], approximate: true,
    sample_rate: 0, sampled_n: 0, dropped_samples: 0, skipped_long_keys: 0, degraded: false, error_bound: 0, snapshot_at: ZERO_TIME,
    ...(first?.label ? { label: first.label } : {}), ...(first?.sub_bucket !== undefined ? { sub_bucket: first.sub_bucket } : {}),
  };
  const sums = new Map<string, number>(); // first-seen order, as elastickv's keyOrder
  for (const r of responses) {
    out.sample_rate = Math.max(out.sample_rate, r.sample_rate);
    if (time(r.snapshot_at) > time(out.snapshot_at)) out.snapshot_at = r.snapshot_at;
    out.sampled_n += r.sampled_n;
    out.dropped_samples += r.dropped_samples;
    out.skipped_long_keys += r.skipped_long_keys;
    out.error_bound += r.error_bound;
    for (const k of r.keys) sums.set(k.key_b64, (sums.get(k.key_b64) ?? 0) + k.count);
  }
  out.degraded = out.dropped_samples > 0 || out.skipped_long_keys > 0;
  out.keys = [...sums].map(([key_b64, count]) => ({ key_b64, count }))
    .sort((a, b) => b.count - a.count || (a.key_b64 < b.key_b64 ? -1 : a.key_b64 > b.key_b64 ? 1 : 0))
    .slice(0, Math.max(0, top));
  return out;
}
