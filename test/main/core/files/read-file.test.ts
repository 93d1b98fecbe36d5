// Reading a file: only a regular one (a FIFO, a device, a directory is refused at once, opening
// never blocks), never past a cap (by its size first, and while reading, in case it grows).
import { execFileSync } from 'node:child_process';
import { appendFileSync, closeSync, constants, mkdirSync, mkdtempSync, openSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import {
  byteCap, FileReadError, type FileRefusal, openRegularFile, peekRegularFile, readRegularFile, readRegularText,
} from '../../../../src/main/core/files/read-file';

const dir = mkdtempSync(join(tmpdir(), 'kv-read-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NO_FIFO = process.platform === 'win32';
if (NO_FIFO) console.warn('read-file: FIFO and /dev/zero tests skipped: this platform has no mkfifo');

/** What a read was refused for (fails the test if it was not refused with a FileReadError). */
async function refusal(p: Promise<unknown>): Promise<FileRefusal> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(FileReadError);
  return (err as FileReadError).refusal;
}

function file(name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

describe('only regular files', () => {
  test.skipIf(NO_FIFO)('a FIFO with no writer is refused at once, for every way of reading it (no mkfifo on Windows)', async () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    try {
      const expected = { kind: 'not-regular', what: 'a FIFO' };
      expect(await refusal(readRegularFile(fifo, 1024))).toEqual(expected);
      expect(await refusal(readRegularText(fifo, 1024))).toEqual(expected);
      expect(await refusal(peekRegularFile(fifo, 16))).toEqual(expected);
      expect(await refusal(openRegularFile(fifo, 1024))).toEqual(expected);
      const err = await readRegularFile(fifo, 1024).catch((e: Error) => e);
      expect((err as Error).message).toBe(`${fifo}: not a regular file: a FIFO`);
    } finally {
      // A reader stuck in open() (a regression) is let go by a writer, so the run can still end.
      try { closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK)); } catch { /* no reader: as it should be */ }
    }
  });

  test.skipIf(NO_FIFO)('a symlink to /dev/zero is a character device, never read (no /dev/zero on Windows)', async () => {
    const zero = join(dir, 'zero');
    symlinkSync('/dev/zero', zero);
    expect(await refusal(readRegularFile(zero, 1024))).toEqual({ kind: 'not-regular', what: 'a character device' });
    expect(await refusal(peekRegularFile(zero, 16))).toEqual({ kind: 'not-regular', what: 'a character device' });
  });

  test('a directory is refused; a missing file gives its error code', async () => {
    const sub = join(dir, 'a-directory');
    mkdirSync(sub);
    expect(await refusal(readRegularText(sub, 1024))).toEqual({ kind: 'not-regular', what: 'a directory' });
    const missing = await readRegularText(join(dir, 'nope'), 1024).catch((e: FileReadError) => e);
    expect(missing).toBeInstanceOf(FileReadError);
    expect((missing as FileReadError).code).toBe('ENOENT');
    expect((missing as FileReadError).message).toMatch(/nope: cannot read it \(ENOENT\)$/);
  });

  test.skipIf(process.platform === 'win32')('a symlink to a regular file reads as that file', async () => {
    const target = file('target.txt', 'héllo\n');
    const link = join(dir, 'link.txt');
    symlinkSync(target, link);
    expect(await readRegularText(link, 1024)).toBe('héllo\n');
    expect(await peekRegularFile(link, 2)).toEqual(Buffer.from('héllo').subarray(0, 2));
  });
});

describe('a cap', () => {
  test('a file over the cap is refused by its size, before anything is read (a sparse 3 GiB file)', async () => {
    const big = join(dir, 'sparse.bin');
    writeFileSync(big, '');
    truncateSync(big, 3 * 1024 ** 3);
    expect(await refusal(readRegularFile(big, 1024 * 1024))).toEqual({ kind: 'too-large', size: 3 * 1024 ** 3, limit: 1024 * 1024, grew: false });
    const err = await readRegularFile(big, 1024 * 1024).catch((e: Error) => e);
    expect((err as Error).message).toMatch(/too large: 3072\.0 MiB; the limit is 1\.0 MiB$/);
  });

  test('a file at the cap reads whole; one byte more is refused', async () => {
    const p = file('exact.bin', Buffer.alloc(100, 7));
    expect((await readRegularFile(p, 100)).equals(Buffer.alloc(100, 7))).toBe(true);
    expect((await refusal(readRegularFile(p, 99))).kind).toBe('too-large');
    expect((await readRegularFile(file('empty.bin', ''), 0)).length).toBe(0);
  });

  test('a file that grows past the cap after it was opened is stopped there, whole or streamed', async () => {
    const p = file('growing.log', 'x'.repeat(10));
    const opened = await openRegularFile(p, 1000);
    expect(opened.size).toBe(10);
    appendFileSync(p, 'y'.repeat(5000));
    expect(await refusal(opened.readAll())).toEqual({ kind: 'too-large', size: 1001, limit: 1000, grew: true });

    writeFileSync(p, 'x'.repeat(10));
    const streamed = await openRegularFile(p, 1000);
    appendFileSync(p, 'y'.repeat(5000));
    let read = 0;
    const err = await (async () => {
      for await (const chunk of streamed.stream()) read += (chunk as Buffer).length;
    })().then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(FileReadError);
    expect((err as FileReadError).refusal).toMatchObject({ kind: 'too-large', grew: true, limit: 1000 });
    expect(read).toBeLessThanOrEqual(1000);
  });

  test('a file that grows but stays under the cap is read with what it grew by', async () => {
    const p = file('grows-a-little.log', 'abc');
    const opened = await openRegularFile(p, 1 << 20);
    appendFileSync(p, 'd'.repeat(200_000));
    const all = await opened.readAll();
    expect(all.length).toBe(200_003);
    expect(all.subarray(0, 4).toString()).toBe('abcd');
  });

  test('peek gives the first bytes of a file of any size; the stream gives all of it', async () => {
    const p = file('peek.bin', Buffer.from('0123456789'));
    expect((await peekRegularFile(p, 4)).toString()).toBe('0123');
    expect((await peekRegularFile(p, 100)).toString()).toBe('0123456789');
    const opened = await openRegularFile(p, 10);
    const chunks: Buffer[] = [];
    for await (const c of opened.stream()) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('0123456789');
  });

  test('byteCap passes bytes through up to its limit, then fails with the caller\'s error', async () => {
    const cap = byteCap(5, (n) => new Error(`too many: ${n}`));
    const seen: string[] = [];
    cap.on('data', (d: Buffer) => seen.push(d.toString()));
    const failed = new Promise<Error>((res) => cap.on('error', res));
    cap.write(Buffer.from('abc'));
    cap.write(Buffer.from('def'));
    expect((await failed).message).toBe('too many: 6');
    expect(seen).toEqual(['abc']);
  });
});
