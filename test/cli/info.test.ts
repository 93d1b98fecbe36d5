// `keyviz-inspector info` as an operator reads it: what a snapshot's matrix covers (rows ×
// columns, the time span, the step), its label, and sizes in human units; a capture's polls.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_ACCESS_KEY, DEMO_SECRET_KEY, type DemoCluster, startDemoCluster } from '../../src/demo-cluster';
import { addProfile, emptyStore, saveStore } from '../../src/main/core/profiles';
import { readCapture } from '../../src/main/core/capture';
import { readSnapshotFile } from '../../src/main/core/snapshot';
import { rfc3339 } from '../../src/shared/time';
import { runCli } from '../helpers/cli';

const STEP_MS = 60_000;
const HISTORY = 90;
const dir = mkdtempSync(join(tmpdir(), 'keyviz-infocli-'));
const store = join(dir, 'profiles.json');
let cluster: DemoCluster;
beforeAll(async () => {
  // Aligned flushes (no jitter): 90 columns one step apart, so the span is exactly 90 steps.
  cluster = await startDemoCluster({ nodes: 2, history: HISTORY, routes: 12, stepMs: STEP_MS, jitterMs: 0 });
  await saveStore(store, addProfile(emptyStore(), { name: 'rig', nodes: cluster.urls, accessKey: DEMO_ACCESS_KEY }).store);
});
afterAll(async () => {
  await cluster.stop();
  rmSync(dir, { recursive: true, force: true });
});
const viaProfile = ['--profile', 'rig', '--profiles-file', store, '--secret-key-env', 'S'];

describe('keyviz-inspector info (issue 17)', () => {
  test('a snapshot: rows × columns, the time span with its length in words, the step, the label; --json adds them as fields', async () => {
    const snap = join(dir, 'rig.kvsnap');
    const s = await runCli(['snapshot', ...viaProfile, '--out', snap], { S: DEMO_SECRET_KEY });
    expect(s.code, s.stderr).toBe(0);
    const file = await readSnapshotFile(snap);
    const columns = file.matrix.column_unix_ms;
    expect(columns).toHaveLength(HISTORY);
    // A column's time is its flush, closing the step before it (contract §3.5): the span ends at the
    // last flush (never after the snapshot was taken) and starts a step before the first.
    const from = columns[0]! - STEP_MS;
    const to = columns.at(-1)!;
    expect(to).toBeLessThanOrEqual(Date.parse(file.created_at));
    const rows = file.matrix.rows.length;

    const text = await runCli(['info', snap]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^snapshot of writes, taken .*: complete \(2 of 2 node\(s\) answered\)$/m);
    expect(text.stdout).toContain('label: rig\n');
    expect(text.stdout).toContain(`matrix: ${rows} rows × ${HISTORY} columns, step 1 min, ${rfc3339(from)} to ${rfc3339(to)} (90 min)\n`);
    // Sizes as people read them: what each node sent, never a raw byte count.
    for (const [i, u] of cluster.urls.entries()) {
      expect(text.stdout).toMatch(new RegExp(`^  ${u.replace(/[.:/]/g, '\\$&')}: ok, \\d+(\\.\\d)? (B|KiB|MiB) received$`, 'm'));
      expect(file.nodes[i]!.bytes).toBeGreaterThan(1024);
    }
    expect(text.stdout).not.toMatch(/\d bytes/);

    const json = JSON.parse((await runCli(['info', '--json', snap])).stdout) as Record<string, unknown>;
    expect(json).toEqual({ kind: 'snapshot', created_at: file.created_at, series: 'writes', aggregate_status: 'complete',
      nodes: cluster.urls.map((node) => ({ node, ok: true })),
      label: 'rig', rows, columns: HISTORY, from_ms: from, to_ms: to, step_ms: STEP_MS });
    const help = await runCli(['info', '--help']);
    for (const field of ['rows', 'columns', 'from_ms', 'to_ms', 'step_ms', 'label']) expect(help.stdout).toContain(field);
  });

  test('a capture: every and for in words, the polls\' time span, each segment\'s size in human units', async () => {
    const cap = join(dir, 'rig.kvcap');
    const c = await runCli(['capture', ...viaProfile, '--every', '200ms', '--for', '600ms', '--out', cap], { S: DEMO_SECRET_KEY });
    expect(c.code, c.stderr).toBe(0);
    const file = await readCapture(cap);
    expect(file.polls).toHaveLength(3);
    const first = file.polls[0]!.at;
    const last = file.polls[2]!.at;

    const text = await runCli(['info', cap]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^capture of writes every 200 ms for 600 ms, started .* \(rig\)$/m);
    expect(text.stdout).toMatch(new RegExp(`^3 poll\\(s\\) from ${first.replace(/\./g, '\\.')} to ${last.replace(/\./g, '\\.')} \\((\\d+ ms|[\\d.]+ s)\\); status completed`, 'm'));
    for (const u of cluster.urls) {
      expect(text.stdout).toMatch(new RegExp(`^  ${u.replace(/[.:/]/g, '\\$&')}: completed, 3 poll\\(s\\), 3 ok, 0 failed, \\d+(\\.\\d)? (KiB|MiB)$`, 'm'));
    }
    expect(text.stdout).not.toMatch(/\d bytes/);

    const json = JSON.parse((await runCli(['info', '--json', cap])).stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ kind: 'capture', polls: 3, aggregate_status: 'completed', label: 'rig', every_ms: 200, for_ms: 600,
      first_poll_at: first, last_poll_at: last });
    // Bytes stay numbers in JSON.
    expect((json.segments as Array<{ bytes: unknown }>).every((s) => typeof s.bytes === 'number')).toBe(true);
  });
});
