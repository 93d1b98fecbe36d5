// A capture that is not a regular file, has a line too long for one string, or inflates past the
// cap: a CaptureReadError that says which line and what limit, and readCapture always settles.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants as zlibConstants, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, test } from 'vitest';
import { CaptureReadError, looksLikeCapture, readCapture } from '../../../../src/main/core/capture';
import { readLines } from '../../../../src/main/core/capture/lines';
import { FileReadError } from '../../../../src/main/core/files/read-file';
import { openSnapshot, SnapshotReadError } from '../../../../src/main/core/snapshot';

const dir = mkdtempSync(join(tmpdir(), 'kv-capture-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = JSON.stringify({ type: 'header', format: 'keyviz-inspector/capture', version: 1, created_at: '2026-01-01T00:00:00Z',
  app_version: 't', request: { series: 'writes', rows: 8, from_unix_ms: null, to_unix_ms: null }, every_ms: 1000, for_ms: null, nodes: ['a'] });
const poll = (seq: number, error = 'down'): string => JSON.stringify({ type: 'poll', seq, at: '2026-01-01T00:00:01Z',
  nodes: [{ node: 'a', ok: false, error, elapsed_ms: 1, bytes: 0, warnings: [] }] });
const write = (name: string, content: string | Buffer): string => { const p = join(dir, name); writeFileSync(p, content); return p; };

async function failure(p: Promise<unknown>): Promise<CaptureReadError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(CaptureReadError);
  return err as CaptureReadError;
}

describe('capture limits', () => {
  test('a line longer than the line limit is refused by number, before it is built as a string', async () => {
    const p = write('long-line.kvcap', `${HEADER}\n${poll(1)}\n${'x'.repeat(5000)}\n${poll(3)}\n`);
    const err = await failure(readCapture(p, { maxLineBytes: 1000 }));
    expect(err.message).toBe(`${p}: damaged capture: line 3 is longer than 1000 B, the limit for one line`);
    // The same file, gzip-compressed; and a last line with no newline counts as well.
    const gz = write('long-line.kvcap.gz', gzipSync(`${HEADER}\n${'y'.repeat(5000)}`));
    expect((await failure(readCapture(gz, { maxLineBytes: 1000 }))).message).toMatch(/line 2 is longer than 1000 B/);
    // At the limit (newline included) it is read as usual.
    const ok = write('at-limit.kvcap', `${HEADER}\n${poll(1)}\n`);
    expect((await readCapture(ok, { maxLineBytes: HEADER.length + 1 })).polls).toHaveLength(1);
  });

  test('a gzip capture that inflates past the cap is refused as too large, whatever its size on disk', async () => {
    const bomb = write('bomb.kvcap.gz', gzipSync(Buffer.concat([Buffer.from(`${HEADER}\n`), Buffer.alloc(1 << 20, 0x20)])));
    const err = await failure(readCapture(bomb, { maxBytes: 64 * 1024 }));
    expect(err.message).toBe(`${bomb}: too large to open (it decompresses to more than 64.0 KiB)`);
  });

  test('gzip data damaged in the middle, or cut short, settles: an error or an interrupted capture', async () => {
    const gz = gzipSync(`${HEADER}\n${poll(1)}\n${poll(2)}\n`);
    const damaged = Buffer.from(gz);
    damaged.fill(0xff, 12, gz.length - 8);
    expect((await failure(readCapture(write('damaged.kvcap.gz', damaged)))).message).toMatch(/cannot read it \(Z_DATA_ERROR\)|not valid JSON|header/);
    const cut = await readCapture(write('cut.kvcap.gz', gz.subarray(0, gz.length - 12)));
    expect(cut).toMatchObject({ aggregate: 'interrupted', torn: true });
  });

  test.skipIf(process.platform === 'win32')('a FIFO or a device is not a capture and is never opened for reading (no mkfifo on Windows)', async () => {
    const fifo = join(dir, 'fifo.kvcap');
    execFileSync('mkfifo', [fifo]);
    await expect(looksLikeCapture(fifo)).rejects.toBeInstanceOf(FileReadError);
    expect((await failure(readCapture(fifo))).message).toBe(`${fifo}: not a regular file: a FIFO`);
    expect((await failure(readCapture('/dev/zero'))).message).toBe('/dev/zero: not a regular file: a character device');
    expect((await failure(readCapture(dir))).message).toBe(`${dir}: not a regular file: a directory`);
  });

  test.skipIf(process.platform === 'win32')('the app\'s open (looksLikeCapture, then readCapture or openSnapshot) settles with a clear error', async () => {
    const open = async (p: string): Promise<unknown> => (await looksLikeCapture(p).catch(() => false) ? readCapture(p, { matrices: true, maxLineBytes: 1000 }) : openSnapshot(p));
    const fifo = join(dir, 'app-fifo.kvsnap');
    execFileSync('mkfifo', [fifo]);
    await expect(open(fifo)).rejects.toThrow(new SnapshotReadError(fifo, 'not a regular file: a FIFO').message);
    const long = write('app-long.kvcap', `${HEADER}\n${'z'.repeat(3000)}`);
    await expect(open(long)).rejects.toThrow(/line 2 is longer than 1000 B/);
  });

  test('readLines: lines split on \\n or \\r\\n across chunks, multi-byte characters whole, the last line without one', async () => {
    async function* chunks(): AsyncGenerator<Buffer> {
      const all = Buffer.from('ab\r\nc\u00e9d\n\nlast');
      for (let i = 0; i < all.length; i += 3) yield all.subarray(i, i + 3);
    }
    const got: string[] = [];
    for await (const l of readLines(chunks(), 100, (n) => new Error(`line ${n}`))) got.push(l);
    expect(got).toEqual(['ab', 'c\u00e9d', '', 'last']);
    async function* long(): AsyncGenerator<Buffer> {
      yield Buffer.from('abc\nde');
      yield Buffer.from('fg\n');
    }
    const seen: string[] = [];
    const err = await (async () => { for await (const l of readLines(long(), 4, (n) => new Error(`line ${n} too long`))) seen.push(l); })()
      .then(() => null, (e: Error) => e.message);
    expect([seen, err]).toEqual([['abc'], 'line 2 too long']);
  });

  test('a gzip capture cut anywhere keeps every poll whose line was complete before the cut', async () => {
    // 8 MB inflated: many chunks, so that some are still in flight when the cut is found.
    const text = `${HEADER}\n${Array.from({ length: 400 }, (_, i) => poll(i + 1, `down ${i} `.repeat(2000))).join('\n')}\n`;
    const gz = gzipSync(text, { level: 1 });
    for (const keep of [0.3, 0.6, 0.95]) {
      const cut = gz.subarray(0, Math.floor(gz.length * keep));
      const prefix = gunzipSync(cut, { finishFlush: zlibConstants.Z_SYNC_FLUSH }).toString();
      const complete = prefix.split('\n').length - 2; // lines ended by a newline, less the header
      const f = await readCapture(write(`cut-${keep}.kvcap.gz`, cut));
      expect(f).toMatchObject({ aggregate: 'interrupted', torn: true });
      expect(f.polls.length).toBe(complete);
    }
  });
});
