import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { DEMO_ACCESS_KEY, DEMO_SECRET_KEY, startDemoCluster } from '../../src/demo-cluster';
import { matrixJson, mergeMatrices, parseNodeMatrixText } from '../../src/main/core/merge';
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

describe('keyviz-inspector merge decodes each file as it reads it (streaming decoder, worker threads)', () => {
  /** A node answer with identity arrays; `big` puts numbers past 2^32 (Float64Array) and past 2^53 (a warning) in. */
  function answer(node: number, rows: number, cols: number, big = false): string {
    const t0 = 1_763_596_800_000;
    return JSON.stringify({
      column_unix_ms: Array.from({ length: cols }, (_, j) => t0 + j * 60_000),
      rows: Array.from({ length: rows }, (_, r) => ({
        bucket_id: `route:${r < rows - 2 ? r : 1000 * node + r}`, start: Buffer.from(`k${r}`).toString('base64'), end: null, route_count: 1,
        values: Array.from({ length: cols }, (_, j) => (big && r === 0 && j === 1 ? 2 ** 53 + 2 : big && r === 1 ? 2 ** 33 + j : (r * 31 + j * 7 + node) % 97)),
        raft_group_ids: Array.from({ length: cols }, () => 1 + (r % 4)),
        leader_terms: Array.from({ length: cols }, (_, j) => 10 + node * 0 + Math.floor(j / 50)),
      })),
      series: 'writes',
      generated_at: '2026-11-24T12:00:00Z',
    });
  }

  test('the same bytes and warnings as JSON.parse-ing the files and writing the merge', async () => {
    const texts = [answer(0, 40, 300, true), answer(1, 40, 300), answer(2, 40, 300), answer(3, 40, 300, true)];
    const files = texts.map((t, i) => file(`stream-${i}.json`, t));
    const parsed = texts.map((t, i) => parseNodeMatrixText(t, files[i]!, i));
    const expected = `${matrixJson(mergeMatrices(parsed.map((p) => p.matrix), { compat: true }).matrix)}\n`;
    const r = await runCli(['merge', '--compat', ...files]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(expected);
    const warnings = parsed.flatMap((p) => p.warnings.map((w) => `warning: ${w.message}\n`)).join('');
    expect(warnings).toContain('2^53');
    expect(r.stderr).toBe(warnings);
  });

  test('a bad file anywhere among several is named, whichever thread read it; with two, the first', async () => {
    const good = [0, 1, 2, 3].map((i) => file(`good-${i}.json`, answer(i, 30, 200)));
    const bad = file('bad-values.json', answer(9, 30, 200).replace(/"values":\[\d+/, '"values":[-1'));
    for (let k = 0; k < good.length; k++) {
      const files = good.map((f, i) => (i === k ? bad : f));
      const r = await runCli(['merge', ...files]);
      expect({ k, code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
        k, code: 2, stdout: '', stderr: `keyviz-inspector: ${bad}: rows[0].values[0]: expected a non-negative integer, got -1\n`,
      });
    }
    const cut = file('cut-late.json', answer(5, 30, 200).slice(0, 5000));
    const r = await runCli(['merge', good[0]!, cut, good[1]!, bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^keyviz-inspector: ${cut.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid JSON \\(.*at byte \\d+`));
  });

  test('a directory given as a FILE is refused by what it is, before anything is read', async () => {
    const sub = join(dir, 'a-folder.json');
    mkdirSync(sub, { recursive: true });
    const r = await runCli(['merge', file('fine.json', answer(0, 3, 4)), sub]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`keyviz-inspector: ${sub}: not a regular file: a directory\n`);
  });
});
