// Files that hang or exhaust a naive reader, given to the built CLI: each command says what is
// wrong in one line, exits with its usual code for a bad file, within 10 s and 1 GiB of memory,
// and leaves the file (and its folder) as it was.
import { execFileSync } from 'node:child_process';
import { createWriteStream, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { afterAll, describe, expect, test } from 'vitest';
import { type Measured, runMeasured } from '../helpers/measured-cli';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const root = mkdtempSync(join(tmpdir(), 'kv-hostile-files-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const NO_FIFO = process.platform === 'win32';
if (NO_FIFO) console.warn('hostile files: FIFO and /dev/zero cases skipped: this platform has no mkfifo or /dev/zero');

/** What a file and its folder look like, to check a command left both alone. */
function look(path: string): { entries: string[]; size: number; mtimeMs: number; blocks: number; fifo: boolean } {
  const st = lstatSync(path);
  return { entries: readdirSync(join(path, '..')).sort(), size: st.size, mtimeMs: st.mtimeMs, blocks: st.blocks, fifo: st.isFIFO() };
}

/** Ran in time, within memory, and said one clear line (no stack trace). */
function expectClearRefusal(r: Measured, code: number, message: RegExp): void {
  expect(r.timedOut, `still running after the timeout; stderr: ${r.stderr}`).toBe(false);
  expect({ code: r.code, stderr: r.stderr.trim() }).toMatchObject({ code, stderr: expect.stringMatching(message) });
  expect(r.stderr.trim().split('\n'), 'one line').toHaveLength(1);
  expect(r.stderr).not.toMatch(/RangeError|\n\s+at /);
  expect(r.ms).toBeLessThan(10_000);
  expect(r.maxRssBytes).not.toBeNull();
  expect(r.maxRssBytes!).toBeLessThan(GiB);
}

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const run = (args: string[]): Promise<Measured> => runMeasured(args, { timeoutMs: 12_000 });

/** Each command that reads a FILE, and what it exits with for a bad one (README's exit codes). */
const READERS: Array<[string, (f: string) => string[], number, (f: string, what: string) => RegExp]> = [
  ['info', (f) => ['info', f], 1, (f, what) => new RegExp(`^keyviz-inspector: ${esc(f)}: not a regular file: ${what}$`)],
  ['merge', (f) => ['merge', f], 2, (f, what) => new RegExp(`^keyviz-inspector: ${esc(f)}: not a regular file: ${what}$`)],
  ['profiles list --profiles-file', (f) => ['profiles', 'list', '--profiles-file', f], 1,
    (f, what) => new RegExp(`^keyviz-inspector: ${esc(f)}: not a regular file: ${what}$`)],
  ['snapshot --secret-key-file', (f) => ['snapshot', '--node', 'http://127.0.0.1:1', '--access-key', 'ops', '--secret-key-file', f], 2,
    (f, what) => new RegExp(`^keyviz-inspector: cannot read the secret file ${esc(f)} \\(not a regular file: ${what}\\)$`)],
];

describe.skipIf(NO_FIFO)('a FIFO and a symlink to /dev/zero', () => {
  const dir = join(root, 'special');
  mkdirSync(dir);
  const fifo = join(dir, 'fifo.json');
  const zero = join(dir, 'zero.json');
  if (!NO_FIFO) {
    execFileSync('mkfifo', [fifo]);
    symlinkSync('/dev/zero', zero);
  }

  test.each(READERS)('%s on a FIFO with no writer: refused at once, not stuck in open()', async (_name, args, code, message) => {
    const before = look(fifo);
    const r = await run(args(fifo));
    expectClearRefusal(r, code, message(fifo, 'a FIFO'));
    expect(look(fifo)).toEqual(before);
  });

  test.each(READERS)('%s on a symlink to /dev/zero: refused, never read', async (_name, args, code, message) => {
    const r = await run(args(zero));
    expectClearRefusal(r, code, message(zero, 'a character device'));
    expect(readdirSync(dir).sort()).toEqual(['fifo.json', 'zero.json']);
  });
});

describe('files too large for their reader', () => {
  test('a sparse 1.5 GiB profile store: refused by its size, no copy made (no disk spent), the file untouched', async () => {
    const dir = join(root, 'store');
    mkdirSync(dir);
    const store = join(dir, 'profiles.json');
    writeFileSync(store, '{"version":1,"profiles":[');
    truncateSync(store, 1.5 * GiB);
    const before = look(store);
    const r = await run(['profiles', 'list', '--profiles-file', store]);
    expectClearRefusal(r, 1, /too large to be a profile store \(1610612736 bytes; at most 4194304\) \(no copy was made: it is too large to copy.*the file itself was not changed\)$/);
    expect(look(store)).toEqual(before); // no .damaged-* copy beside it, same size, mtime and blocks on disk
  });

  test('a 600 MB snapshot: refused by its size before parsing, with the true limit and why', async () => {
    const dir = join(root, 'snapshot');
    mkdirSync(dir);
    const snap = join(dir, 'big.json');
    writeFileSync(snap, '{"format":"keyviz-inspector/snapshot","version":1,"nodes":[');
    truncateSync(snap, 600e6);
    const before = look(snap);
    const r = await run(['info', snap]);
    expectClearRefusal(r, 1, /too large to open \(572\.2 MiB; the limit is 512\.0 MiB\) \(one JSON document is decoded from one string, and V8 makes none longer\)$/);
    expect(look(snap)).toEqual(before);
  });

  test('a gzip snapshot that inflates to 600 MB: refused once past the limit, with why', { timeout: 60_000 }, async () => {
    const dir = join(root, 'snapshot-gz');
    mkdirSync(dir);
    const snap = join(dir, 'big.kvsnap');
    await gzipFile(snap, '{"format":"keyviz-inspector/snapshot","version":1,"nodes":[', 600 * MiB, 0x20);
    const before = look(snap);
    const r = await run(['info', snap]);
    expectClearRefusal(r, 1, /too large to open \(it decompresses to more than 512\.0 MiB\) \(one JSON document is decoded from one string/);
    expect(look(snap)).toEqual(before);
  });
});

describe('captures whose lines or inflation pass what one string can hold', () => {
  const header = `${JSON.stringify({ type: 'header', format: 'keyviz-inspector/capture', version: 1, created_at: '2026-01-01T00:00:00Z',
    app_version: 't', request: { series: 'writes', rows: 8, from_unix_ms: null, to_unix_ms: null }, every_ms: 1000, for_ms: null, nodes: ['a'] })}\n`;
  const lineTooLong = /^keyviz-inspector: .*: damaged capture: line 2 is longer than 512\.0 MiB, the limit for one line \(one JSON document is decoded from one string/;

  test('a capture whose second line is 700 MB (NUL bytes, no newline): the line limit, by number, not a RangeError', async () => {
    const dir = join(root, 'capture-line');
    mkdirSync(dir);
    const cap = join(dir, 'long.kvcap');
    writeFileSync(cap, header);
    truncateSync(cap, 700e6);
    const before = look(cap);
    const r = await run(['info', cap]);
    expectClearRefusal(r, 1, lineTooLong);
    expect(look(cap)).toEqual(before);
  });

  test('a gzip capture bomb (1.2 GiB of zeros in ~5 MB): stopped by the line limit as it inflates', { timeout: 60_000 }, async () => {
    const dir = join(root, 'capture-bomb');
    mkdirSync(dir);
    const bomb = join(dir, 'bomb.kvcap');
    await gzipFile(bomb, header, 1.2 * GiB, 0);
    expect(statSync(bomb).size).toBeLessThan(10 * MiB);
    const before = look(bomb);
    const r = await run(['info', bomb]);
    expectClearRefusal(r, 1, lineTooLong);
    expect(look(bomb)).toEqual(before);
  });
});

/** `head` then `bytes` bytes of `fill`, gzip-compressed as a stream (never all in memory). */
async function gzipFile(path: string, head: string, bytes: number, fill: number): Promise<void> {
  const block = Buffer.alloc(MiB, fill);
  async function* content(): AsyncGenerator<Buffer> {
    yield Buffer.from(head);
    for (let left = bytes; left > 0; left -= block.length) yield left >= block.length ? block : block.subarray(0, left);
  }
  await pipeline(Readable.from(content()), createGzip({ level: 1 }), createWriteStream(path));
}
