// The worker pool with the worker file the build ships (the global setup builds the CLI).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { ownActivity } from '../../../../src/main/core/merge/leadership';
import { answerParser, inlineParser, parseWhole, SESSION_BACKLOG, WorkerParser } from '../../../../src/main/core/fanout/parse-pool';

const SCRIPT = resolve(import.meta.dirname, '../../../../out/cli/parse-worker.js');
const pool = new WorkerParser(SCRIPT, 2);
afterAll(() => pool.close());

const bytes = (v: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(v));
const matrix = (n: number) => ({ column_unix_ms: [1, 2], series: 'reads', rows: [{ bucket_id: `route:${n}`, values: [n, 70000 + n], raft_group_ids: [1, 1], leader_terms: [5, 6] }] });

describe('parse pool', () => {
  test('answers parse in workers, in parallel, into typed arrays; the outcome keeps the received bytes', async () => {
    const jobs = Array.from({ length: 6 }, (_, i) => ({ bytes: bytes(matrix(i)), source: `n${i}`, index: i, series: 'reads' as const }));
    const outs = await Promise.all(jobs.map((j) => parseWhole(pool, j)));
    outs.forEach((o, i) => {
      expect(o.ok).toBe(true);
      if (!o.ok) return;
      expect(o.matrix.source).toBe(`n${i}`);
      expect(o.matrix.rows[0]!.values).toBeInstanceOf(Uint32Array);
      expect([...o.matrix.rows[0]!.values]).toEqual([i, 70000 + i]);
      expect(JSON.parse(new TextDecoder().decode(o.bytes))).toEqual(matrix(i));
      // The group activity comes worked out with it, as the merge would work it out.
      expect(o.activity).toEqual(ownActivity(o.matrix));
      expect([...o.activity!.groups, ...o.activity!.slots, ...o.activity!.terms]).toEqual(i === 0 ? [1, 1, 6] : [1, 0, 1, 5, 6]);
    });
  });

  test('bad answers come back as reasons, as in this thread', async () => {
    for (const parser of [pool, inlineParser]) {
      const garbage = await parseWhole(parser, { bytes: new TextEncoder().encode('{"rows":['), source: 'x', index: 0, series: 'reads' });
      expect(garbage).toMatchObject({ ok: false, error: expect.stringMatching(/^the answer is not valid JSON/) });
      const wrong = await parseWhole(parser, { bytes: bytes(matrix(1)), source: 'x', index: 0, series: 'writes' });
      expect(wrong).toMatchObject({ ok: false, error: 'the node answered series reads, not writes' });
      const empty = await parseWhole(parser, { bytes: new TextEncoder().encode('{}'), source: 'x', index: 0, series: 'writes' });
      expect(empty.ok && empty.matrix.rows.length === 0 && new TextDecoder().decode(empty.bytes)).toBe('{"column_unix_ms":[],"rows":[],"series":"writes"}');
    }
  });

  test('a worker that dies fails only the sessions it held; the next session gets a working worker', async () => {
    // The shipped worker behind a listener that throws (an uncaught error: the worker dies) on the first chunk for "boom".
    const dir = mkdtempSync(join(tmpdir(), 'keyviz-parse-'));
    const script = join(dir, 'dying-worker.cjs');
    writeFileSync(script, `const { parentPort } = require('node:worker_threads');
const doomed = new Set();
parentPort.on('message', (m) => {
  if (m.op === 'open' && m.job.source === 'boom') doomed.add(m.id);
  if (m.op === 'push' && doomed.has(m.id)) throw new Error('boom: the worker fell over');
});
require(${JSON.stringify(SCRIPT)});
`);
    const dying = new WorkerParser(script, 2);
    try {
      const job = (source: string) => ({ source, index: 0, series: 'reads' as const });
      const fine = dying.open(job('fine')); // one worker each: sessions are balanced over the pool
      const boom = dying.open(job('boom'));
      const body = bytes(matrix(3));
      for (const s of [fine, boom]) for (let i = 0; i < body.length; i += 7) s.push(body.subarray(i, i + 7));
      await expect(boom.end(body)).rejects.toThrow(/boom: the worker fell over/);
      const ok = await fine.end(body);
      expect(ok.ok && [...ok.matrix.rows[0]!.values]).toEqual([3, 70003]);
      expect(await parseWhole(dying, { ...job('after'), bytes: body })).toMatchObject({ ok: true });
      expect(await dying.sessions()).toBe(0);
    } finally {
      await dying.close();
    }
  });

  test('an aborted session is dropped by its worker; an ended one too', async () => {
    const s = pool.open({ source: 'x', index: 0, series: 'reads' });
    s.push(bytes(matrix(1)).subarray(0, 20));
    expect(await pool.sessions()).toBe(1);
    s.abort();
    expect(await pool.sessions()).toBe(0);
    await expect(s.end(new Uint8Array())).rejects.toThrow(/aborted/);
    await parseWhole(pool, { bytes: bytes(matrix(2)), source: 'y', index: 0, series: 'reads' });
    expect(await pool.sessions()).toBe(0);
  });

  test('a body pushed faster than the worker decodes it: the reader is told to wait, and may go on once it caught up', async () => {
    const s = pool.open({ source: 'x', index: 0, series: 'reads' });
    s.push(new TextEncoder().encode('{"column_unix_ms":[],"rows":['));
    const spaces = new Uint8Array(1024 * 1024).fill(0x20);
    let pushed = 0;
    while (s.wait() === null) { // acks cannot arrive while this loop runs: it must stop by itself
      s.push(spaces);
      pushed += spaces.length;
      if (pushed > 4 * SESSION_BACKLOG) throw new Error('never asked to wait');
    }
    expect(pushed).toBeGreaterThanOrEqual(SESSION_BACKLOG);
    await s.wait();
    expect(s.wait()).toBeNull();
    s.push(new TextEncoder().encode('],"series":"reads"}'));
    const out = await s.end(new Uint8Array());
    expect(out.ok && out.matrix.rows.length).toBe(0);
    expect(inlineParser.open({ source: 'x', index: 0, series: 'reads' }).wait()).toBeNull();
  });

  test('without the worker file, answers are parsed in this thread', () => {
    expect(answerParser(undefined)).toBe(inlineParser);
    expect(answerParser('/nonexistent/parse-worker.js')).toBe(inlineParser);
    expect(answerParser(SCRIPT)).toBeInstanceOf(WorkerParser);
  });
});
