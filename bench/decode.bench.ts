// Decoding one node's answer (1024 rows × 1440 and × 4096 columns, writes with identity arrays):
// today's path (TextDecoder → JSON.parse → parseNodeMatrix), the streaming decoder (whole body and
// in 64 KiB chunks, as a socket delivers it), against plain JSON.parse of the same bytes (baseline,
// same run). Then the larger differential fuzz run (KEYVIZ_FUZZ cases of each kind, default 20000).
import { parseAnswer } from '../src/main/core/fanout/parse-answer';
import { createMatrixDecoder } from '../src/main/core/merge/stream';
import { check, type Chunking, mutatedCase, prng, validCase } from '../test/helpers/matrix-fuzz';
import { median, ms, ratio } from './measure';
import { nodeAnswer } from './support/node-answers';

const CHUNK = 64 * 1024;

function streamed(bytes: Uint8Array, chunk: number): void {
  const d = createMatrixDecoder('bench', 0, { rows: 1024 }, 'writes');
  for (let i = 0; i < bytes.length; i += chunk) d.push(bytes.subarray(i, i + chunk));
  d.end();
}

export default async function run(): Promise<void> {
  for (const cols of [1440, 4096]) {
    const bytes = new TextEncoder().encode(nodeAnswer(0, 6, 1024, cols));
    const mb = bytes.length / 1e6;
    const decoder = new TextDecoder();
    const base = await median(5, () => JSON.parse(decoder.decode(bytes)));
    const today = await median(5, () => {
      const out = parseAnswer({ bytes, source: 'bench', index: 0, series: 'writes', limits: { rows: 1024 } });
      if (!out.ok) throw new Error(out.error);
    });
    const whole = await median(5, () => streamed(bytes, bytes.length));
    const chunked = await median(5, () => streamed(bytes, CHUNK));
    const line = (name: string, t: number): string =>
      `  ${name.padEnd(44)} ${ms(t).padStart(10)}  ${(mb / (t / 1000)).toFixed(0).padStart(5)} MB/s  ${ratio(t, base)} JSON.parse`;
    console.log(`1024 rows × ${cols} columns, writes with identity arrays: ${mb.toFixed(1)} MB`);
    console.log(line('baseline: TextDecoder + JSON.parse', base));
    console.log(line('today: parseAnswer (decode, parse, validate)', today));
    console.log(line('streaming decoder, one chunk', whole));
    console.log(line(`streaming decoder, ${CHUNK / 1024} KiB chunks`, chunked));
    console.log(`  streaming / today: ${ratio(chunked, today)} (64 KiB chunks), ${ratio(whole, today)} (one chunk)`);
  }

  const runs = Number(process.env.KEYVIZ_FUZZ ?? 20_000);
  const t0 = performance.now();
  // A new seed each run (npm test keeps a fixed one); KEYVIZ_FUZZ_SEED replays one.
  const seed = Number(process.env.KEYVIZ_FUZZ_SEED ?? Date.now() % 2 ** 31);
  const rng = prng(seed);
  let problems = 0;
  for (let i = 0; i < 2 * runs; i++) {
    const c = i % 2 ? mutatedCase(rng, i) : validCase(rng, i);
    const chunkings: Chunking[] = ['whole', { max: 1 + (i % 13), seed: i }];
    const { problem } = check(c, chunkings);
    if (problem && problems++ < 5) console.log(`  DISAGREEMENT ${c.name}: ${problem}`);
  }
  console.log(`differential fuzz (seed ${seed}): ${runs} valid + ${runs} mutated answers, 2 chunkings each: ${problems} disagreements in ${ms(performance.now() - t0)}`);
  if (problems) throw new Error(`${problems} disagreements between the streaming decoder and today's path`);
}
