// The worker pool with the worker file the build ships (the global setup builds the CLI).
import { resolve } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { answerParser, inlineParser, WorkerParser } from '../../../../src/main/core/fanout/parse-pool';

const SCRIPT = resolve(import.meta.dirname, '../../../../out/cli/parse-worker.js');
const pool = new WorkerParser(SCRIPT, 2);
afterAll(() => pool.close());

const bytes = (v: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(v));
const matrix = (n: number) => ({ column_unix_ms: [1, 2], series: 'reads', rows: [{ bucket_id: `route:${n}`, values: [n, 70000 + n], raft_group_ids: [1, 1], leader_terms: [5, 6] }] });

describe('parse pool', () => {
  test('answers parse in workers, in parallel, into typed arrays; the received bytes come back', async () => {
    const jobs = Array.from({ length: 6 }, (_, i) => ({ bytes: bytes(matrix(i)), source: `n${i}`, index: i, series: 'reads' as const }));
    const outs = await Promise.all(jobs.map((j) => pool.parse(j)));
    outs.forEach((o, i) => {
      expect(o.ok).toBe(true);
      if (!o.ok) return;
      expect(o.matrix.source).toBe(`n${i}`);
      expect(o.matrix.rows[0]!.values).toBeInstanceOf(Uint32Array);
      expect([...o.matrix.rows[0]!.values]).toEqual([i, 70000 + i]);
      expect(JSON.parse(new TextDecoder().decode(o.bytes))).toEqual(matrix(i));
    });
  });

  test('bad answers come back as reasons, as in this thread', async () => {
    for (const parser of [pool, inlineParser]) {
      const garbage = await parser.parse({ bytes: new TextEncoder().encode('{"rows":['), source: 'x', index: 0, series: 'reads' });
      expect(garbage).toMatchObject({ ok: false, error: expect.stringMatching(/^the answer is not valid JSON/) });
      const wrong = await parser.parse({ bytes: bytes(matrix(1)), source: 'x', index: 0, series: 'writes' });
      expect(wrong).toMatchObject({ ok: false, error: 'the node answered series reads, not writes' });
      const empty = await parser.parse({ bytes: new TextEncoder().encode('{}'), source: 'x', index: 0, series: 'writes' });
      expect(empty.ok && empty.matrix.rows.length === 0 && new TextDecoder().decode(empty.bytes)).toBe('{"column_unix_ms":[],"rows":[],"series":"writes"}');
    }
  });

  test('without the worker file, answers are parsed in this thread', () => {
    expect(answerParser(undefined)).toBe(inlineParser);
    expect(answerParser('/nonexistent/parse-worker.js')).toBe(inlineParser);
    expect(answerParser(SCRIPT)).toBeInstanceOf(WorkerParser);
  });
});
