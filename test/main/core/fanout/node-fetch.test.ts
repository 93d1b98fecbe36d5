// A node's answer decoded as it streams: a real loopback node sends its body piece by piece, each
// piece only once the fan-out has taken the last one (the test drives the pauses), through the
// worker pool the build ships and through this thread.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseNodeAddress } from '../../../../src/main/core/fanout/address';
import { Deadline } from '../../../../src/main/core/fanout/deadline';
import { type Budget, fetchNodeMatrix, type MatrixQuery, type NodeAnswer } from '../../../../src/main/core/fanout/node-fetch';
import type { AnswerOutcome } from '../../../../src/main/core/fanout/parse-answer';
import { type AnswerParser, type AnswerSession, inlineParser, WorkerParser } from '../../../../src/main/core/fanout/parse-pool';
import { AdminSession } from '../../../../src/main/core/fanout/session';
import { decodeAnswer } from '../../../../src/main/core/fanout/stream-answer';
import { sameParsed } from '../../../helpers/matrix-fuzz';
import { manualClock } from '../../../helpers/manual-clock';

const SCRIPT = resolve(import.meta.dirname, '../../../../out/cli/parse-worker.js');
const Q: MatrixQuery = { series: 'writes', rows: 1024, fromMs: null, toMs: null };
const MIB = 1024 * 1024;
const enc = new TextEncoder();

/** The node's side: each matrix request is handed to the test, which writes the body itself. */
let server: Server;
let origin: string;
const requests: Array<(res: ServerResponse) => void> = [];
const queued: ServerResponse[] = [];
const agent = new Agent();
const workers = new WorkerParser(SCRIPT, 2);

beforeAll(async () => {
  server = createServer((_req, res) => {
    const take = requests.shift();
    if (take) take(res);
    else queued.push(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await Promise.all([agent.close(), workers.close()]);
});

const nextRequest = (): Promise<ServerResponse> => {
  const res = queued.shift();
  return res ? Promise.resolve(res) : new Promise((r) => requests.push(r));
};

/** The parser as the fetch uses it, watched: what it was fed, and when it said the decoder refused. */
function watched(inner: AnswerParser) {
  const seen = { pushed: 0, pushedAfterFailed: 0, failedSeen: false, aborts: 0 };
  let wake: Array<() => void> = [];
  const notify = (): void => { const w = wake; wake = []; for (const f of w) f(); };
  const parser: AnswerParser = {
    open(job) {
      const s = inner.open(job);
      const session: AnswerSession = {
        push(chunk) {
          if (seen.failedSeen) seen.pushedAfterFailed += chunk.length;
          seen.pushed += chunk.length;
          s.push(chunk);
          notify();
        },
        get failed() {
          const f = s.failed;
          if (f) seen.failedSeen = true;
          notify();
          return f;
        },
        end: (whole) => s.end(whole),
        abort() {
          seen.aborts++;
          s.abort();
          notify();
        },
        wait: () => s.wait(),
      };
      return session;
    },
    sessions: () => inner.sessions(),
    close: () => inner.close(),
  };
  /** Resolves once `pred` holds, checked each time the fetch touches its session. */
  const until = async (pred: () => boolean): Promise<void> => {
    while (!pred()) await new Promise<void>((r) => wake.push(r));
  };
  return { parser, seen, until };
}

/** One fetch against the test's node, with a budget the test can watch (bytes received = total − left). */
function start(parser: AnswerParser, opts: { perNode?: number; deadline?: Deadline } = {}) {
  const budget: Budget = { perNode: opts.perNode ?? 64 * MIB, totalLeft: 256 * MIB, total: 256 * MIB };
  const node = parseNodeAddress(origin);
  const answer = fetchNodeMatrix(node, Q, { session: new AdminSession('k', 's', agent), parser, dispatcher: agent,
    deadline: opts.deadline ?? Deadline.after(60_000), budget, index: 3 });
  let settled = false;
  void answer.finally(() => { settled = true; });
  return { answer, received: () => budget.total - budget.totalLeft, settled: () => settled };
}

/** A writes answer with identity arrays: `rows` × `cols`, a few hundred KiB. */
function answerText(rows: number, cols: number): string {
  const columns = Array.from({ length: cols }, (_, c) => 1_700_000_000_000 + c * 60_000);
  return JSON.stringify({ column_unix_ms: columns, series: 'writes', generated_at: '2026-11-24T12:00:00Z', rows: Array.from({ length: rows }, (_, r) => ({
    bucket_id: `route:${r}`, start: Buffer.from(`k${r}`).toString('base64'), end: null, aggregate: false, route_count: 1,
    values: columns.map((_, c) => (r * 7919 + c * 104729) % 100_000), raft_group_ids: columns.map(() => 1 + (r % 3)),
    leader_terms: columns.map((_, c) => 5 + (c > cols / 2 ? 1 : 0)),
  })) });
}

const BODY = enc.encode(answerText(96, 700));

/** Splits bytes into pieces of 1 to `max` bytes, by a fixed pattern. */
function pieces(bytes: Uint8Array, max: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0, k = 0; i < bytes.length; k++) {
    const n = 1 + ((k * 2654435761) >>> 0) % max;
    out.push(bytes.subarray(i, i + n));
    i += n;
  }
  return out;
}

const parsers: Array<[string, () => AnswerParser]> = [['in a worker', () => workers], ['in this thread', () => inlineParser]];

describe.each(parsers)('a node answer decoded as it streams, %s', (_how, inner) => {
  test('many small pieces, each sent once the last was taken: the result is decodeAnswer\'s of the whole body, raw as sent', async () => {
    const w = watched(inner());
    const f = start(w.parser);
    const res = await nextRequest();
    res.writeHead(200, { 'content-type': 'application/json' });
    const body = BODY;
    expect(body.length).toBeGreaterThan(600 * 1024); // several of the worker's batches
    const parts = pieces(body, 9000);
    let sent = 0;
    let fedBeforeTheEnd = 0;
    for (const p of parts) {
      res.write(p);
      sent += p.length;
      await w.until(() => w.seen.pushed >= sent);
      fedBeforeTheEnd = w.seen.pushed;
    }
    expect(parts.length).toBeGreaterThan(100);
    expect(fedBeforeTheEnd).toBe(body.length); // everything was fed while the response was still open
    res.end();
    const got: NodeAnswer = await f.answer;
    expect(got.status.error).toBeUndefined();
    const whole: AnswerOutcome = decodeAnswer({ bytes: body, source: origin, index: 3, series: 'writes', limits: { rows: 1024, fromMs: null, toMs: null } });
    if (!whole.ok) throw new Error(whole.error);
    expect(sameParsed({ matrix: whole.matrix, warnings: [] }, { matrix: got.matrix!, warnings: [] })).toBeNull();
    expect(got.status.warnings).toEqual(whole.warnings);
    expect(got.matrix!.rows[95]!.values[699]).toBe((95 * 7919 + 699 * 104729) % 100_000);
    expect(got.raw!.length).toBeGreaterThan(1); // kept as received, never joined
    expect(Buffer.concat(got.raw!).equals(Buffer.from(body))).toBe(true);
    expect(got.status.bytes).toBe(body.length);
    expect(await w.parser.sessions()).toBe(0);
  });

  test.each([
    ['more rows than asked', '{"column_unix_ms":[1],"series":"writes","rows":[{"bucket_id":"a","values":[1]},{"bucket_id":"b","values":[2]}', 1],
    ['not JSON', '{"column_unix_ms":[1],"series":"writes","rows":[{"bucket_id":"a","values":[1x', 1024],
  ] as const)('refused mid-stream (%s): no longer fed once refused, and refused in the whole body\'s words', async (_what, head, rows) => {
    const w = watched(inner());
    const q = { ...Q, rows };
    const budget: Budget = { perNode: 64 * MIB, totalLeft: 256 * MIB, total: 256 * MIB };
    const answer = fetchNodeMatrix(parseNodeAddress(origin), q, { session: new AdminSession('k', 's', agent), parser: w.parser,
      dispatcher: agent, deadline: Deadline.after(60_000), budget, index: 3 });
    const res = await nextRequest();
    res.writeHead(200, { 'content-type': 'application/json' });
    const sentParts: Uint8Array[] = [enc.encode(head)];
    res.write(sentParts[0]);
    let sent = sentParts[0]!.length;
    const filler = enc.encode(`,{"bucket_id":"more","values":[${'1,'.repeat(4000)}1]}`);
    // Keep sending until the decoder's refusal reaches the fetch (a worker hears it a batch later).
    while (!w.seen.failedSeen && sent < 4 * MIB) {
      res.write(filler);
      sentParts.push(filler);
      sent += filler.length;
      await w.until(() => budget.total - budget.totalLeft >= sent);
    }
    expect(w.seen.failedSeen, `not heard after ${sent} bytes`).toBe(true);
    for (let k = 0; k < 20; k++) { res.write(filler); sentParts.push(filler); sent += filler.length; }
    res.end(']}');
    sentParts.push(enc.encode(']}'));
    const got = await answer;
    const whole = decodeAnswer({ bytes: Buffer.concat(sentParts), source: origin, index: 3, series: 'writes', limits: { rows, fromMs: null, toMs: null } });
    expect(whole.ok).toBe(false);
    expect(got.status.error).toBe(!whole.ok && whole.error);
    expect(got.status.error).toMatch(rows === 1 ? /rows: at least 2 rows/ : /not valid JSON .* at byte 76/);
    expect(got.status.bytes).toBe(sent + 2);
    expect(w.seen.pushedAfterFailed).toBe(0);
    expect(got.raw).toBeNull();
    expect(await w.parser.sessions()).toBe(0);
  });

  test('the per-node cap passed mid-stream: aborted, and the session freed', async () => {
    const w = watched(inner());
    const f = start(w.parser, { perNode: 300 * 1024 });
    const res = await nextRequest();
    res.writeHead(200, { 'content-type': 'application/json' });
    const body = BODY;
    let sent = 0;
    let counted = -1;
    for (const p of pieces(body, 16 * 1024)) {
      if (f.settled() || res.destroyed) break;
      res.write(p);
      sent += p.length;
      await w.until(() => f.received() >= sent || f.settled());
      if (counted < 0) counted = await w.parser.sessions(); // the session is held while the body streams
    }
    const got = await f.answer;
    expect(counted).toBe(1);
    expect(got.status.error).toBe('response larger than 307200 bytes, aborted');
    expect(w.seen.aborts).toBe(1);
    expect(await w.parser.sessions()).toBe(0);
  });

  test('the deadline passing mid-stream: the body is dropped and the session freed', async () => {
    const w = watched(inner());
    const clock = manualClock();
    const f = start(w.parser, { deadline: Deadline.after(5000, clock) });
    const res = await nextRequest();
    res.writeHead(200, { 'content-type': 'application/json' });
    const body = BODY;
    res.write(body.subarray(0, 400 * 1024));
    await w.until(() => f.received() >= 400 * 1024);
    expect(await w.parser.sessions()).toBe(1);
    clock.advance(5000);
    const got = await f.answer;
    expect(got.status.error).toMatch(/deadline|timeout/i);
    expect(w.seen.aborts).toBe(1);
    expect(await w.parser.sessions()).toBe(0);
    res.destroy();
  });
});
