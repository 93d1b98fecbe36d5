// The storage keys a simulated node's write sampler sees: elastickv stores user data under
// internal keys (adapter/redis_compat_types.go, adapter/dynamodb_keys.go, internal/s3keys,
// adapter/sqs_keys.go at d9a031d), and its hot-key sketches hold those, not user keys. Written
// here from the layouts (not shared with the app's decoder, so the simulator stays an oracle).
import type { AdapterLabel } from './keyspace';

const GENERATION = 1n;

function be64(v: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(v);
  return b;
}

/** An ordered segment: 0x00 inside is written 0x00 0xff, and it ends 0x00 0x01. */
function segment(raw: Buffer): Buffer {
  const out: number[] = [];
  for (const x of raw) out.push(...(x === 0 ? [0, 0xff] : [x]));
  return Buffer.from([...out, 0, 1]);
}

/**
 * The storage keys one write command of `userKey` mutates, for a route of `label` in `table`:
 * a Redis SET or INCR writes the value and its TTL entry; the others one record each. Raw KV and
 * unlabelled routes store the key as it is.
 */
export function storageKeys(label: AdapterLabel, table: string, userKey: Buffer): Buffer[] {
  switch (label) {
    case 'redis': return [Buffer.concat([Buffer.from('!redis|str|'), userKey]), Buffer.concat([Buffer.from('!redis|ttl|'), userKey])];
    case 'dynamo': return [Buffer.concat([Buffer.from(`!ddb|item|${Buffer.from(table).toString('base64url')}|${GENERATION}|`), segment(userKey)])];
    case 's3': return [Buffer.concat([Buffer.from('!s3|obj|head|'), segment(Buffer.from(table)), be64(GENERATION), segment(userKey)])];
    case 'sqs': return [Buffer.concat([Buffer.from(`!sqs|msg|data|${Buffer.from(table).toString('base64url')}`), be64(GENERATION),
      Buffer.from(userKey.toString('base64url'))])];
    default: return [userKey];
  }
}
