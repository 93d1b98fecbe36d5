import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { DEMO_ACCESS_KEY, DEMO_SECRET_KEY, startDemoCluster } from '../../src/demo-cluster';
import { matrixSchema } from '../../src/shared/elastickv/wire';
import { runCli } from '../helpers/cli';
import { cookieHeader, http, login } from '../helpers/http';
import { REAL_VECTORS } from '../helpers/vectors';

const dir = mkdtempSync(join(tmpdir(), 'keyviz-merge-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function file(name: string, content: unknown): string {
  const p = join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
}

describe('keyviz-inspector merge --compat = elastickv', () => {
  test.each(REAL_VECTORS.map((v) => [v.id, v] as const))('%s', async (id, v) => {
    const files = (v.inputs as unknown[]).map((input, i) => file(`${id}-${i}.json`, input));
    const r = await runCli(['merge', '--compat', ...files]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(v.expected);
  });
});

describe('keyviz-inspector merge on the demo cluster\'s three node answers', () => {
  test('key-ordered rows, aligned columns, coverage; --compat keeps exactly elastickv\'s fields', async () => {
    const cluster = await startDemoCluster({ nodes: 3, history: 120, seed: 11 });
    let files: string[];
    try {
      const cookie = cookieHeader((await login(cluster.urls[0]!, DEMO_ACCESS_KEY, DEMO_SECRET_KEY)).setCookies);
      files = await Promise.all(cluster.urls.map(async (u, i) => {
        const r = await http(`${u}/admin/api/v1/keyviz/matrix?series=reads`, { headers: { cookie, 'X-Admin-Fanout-Peer': '1' } });
        return file(`node${i}.json`, r.text);
      }));
    } finally {
      await cluster.stop();
    }
    const shaped = await runCli(['merge', ...files]);
    expect(shaped.code, shaped.stderr).toBe(0);
    const out = JSON.parse(shaped.stdout) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['column_unix_ms', 'rows', 'series', 'generated_at', 'warnings', 'events', 'coverage']);
    const m = matrixSchema.parse(out);
    // Aligned: one slot per flush, not three stripes of jittered timestamps.
    expect(m.column_unix_ms).toHaveLength(120);
    const starts = m.rows.map((r) => (r.start === null ? Buffer.alloc(0) : Buffer.from(r.start, 'base64')));
    for (let i = 1; i < starts.length; i++) expect(Buffer.compare(starts[i - 1]!, starts[i]!)).toBeLessThanOrEqual(0);
    const coverage = out.coverage as { inputs: string[]; full: number; columns: number[]; rows: Array<{ bucket_id: string; inputs: number }> };
    expect(coverage.inputs).toEqual(files);
    expect(coverage.full).toBe(7);
    expect(coverage.columns).toHaveLength(120);
    expect(coverage.rows.map((r) => r.bucket_id)).toEqual(m.rows.map((r) => r.bucket_id));
    expect(Array.isArray(out.warnings)).toBe(true);

    const compat = await runCli(['merge', '--compat', ...files]);
    const c = JSON.parse(compat.stdout) as Record<string, unknown>;
    expect(Object.keys(c)).toEqual(['column_unix_ms', 'rows', 'series', 'generated_at']);
    expect((c.column_unix_ms as number[]).length).toBe(360); // elastickv's exact-timestamp union: striped

    const top = JSON.parse((await runCli(['merge', '--rows', '5', ...files])).stdout) as { rows: unknown[] };
    expect(top.rows).toHaveLength(5);
  });
});

describe('keyviz-inspector merge errors (exit 2, naming the file and the problem)', () => {
  const ok = (name: string, series = 'reads') => file(name, { column_unix_ms: [1], series, rows: [{ bucket_id: 'route:1', values: [1] }] });

  test.each([
    [() => ['merge'], 'merge needs at least one FILE'],
    [() => ['merge', '--compat', '--rows', '3', ok('a.json')], 'cannot go with --compat'],
    [() => ['merge', '--series', 'bytes', ok('a.json')], "--series must be one of reads, writes, read_bytes, write_bytes (got 'bytes')"],
    [() => ['merge', join(dir, 'missing.json')], `${join(dir, 'missing.json')}: cannot read it (ENOENT)`],
    [() => ['merge', ok('a.json'), file('cut.json', '{"column_unix_ms":[1,')], `${join(dir, 'cut.json')}: not valid JSON`],
    [() => ['merge', file('merged.json', { column_unix_ms: [], series: 'reads', rows: [], fanout: { nodes: [], responded: 1, expected: 1 } })],
      `${join(dir, 'merged.json')}: this matrix carries a "fanout" block`],
    [() => ['merge', ok('a.json'), ok('w.json', 'writes')], `${join(dir, 'w.json')}: its series is writes, but ${join(dir, 'a.json')}'s is reads`],
    [() => ['merge', '--series', 'writes', ok('a.json')], `${join(dir, 'a.json')}: its series is reads, but writes was asked for`],
    [() => ['merge', file('bad.json', { column_unix_ms: [1], series: 'reads', rows: [{ bucket_id: 'r', values: [-1] }] })],
      `${join(dir, 'bad.json')}: rows[0].values[0]: expected a non-negative integer, got -1`],
  ])('%#', async (args, message) => {
    const r = await runCli(args());
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
  });
});
