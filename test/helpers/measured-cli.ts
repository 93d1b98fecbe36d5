// Run the built CLI as a child and measure it: wall time, peak memory (from a preload that writes
// process.resourceUsage().maxRSS at exit), and a timeout that kills it (SIGKILL) if it hangs.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CLI } from './cli';

const MAX_RSS_PRELOAD = resolve(import.meta.dirname, 'max-rss.cjs');

export interface MeasuredOptions {
  /** Added to the test's environment. */
  env?: Record<string, string>;
  /** Killed (SIGKILL) after this long; default 30 s. */
  timeoutMs?: number;
  cwd?: string;
  /** Kept of each of stdout and stderr (the rest is counted, not kept); default 1 MiB. */
  maxOutputBytes?: number;
}

export interface Measured {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to exit. */
  ms: number;
  /** Peak resident memory, or null when the child did not exit by itself (killed). */
  maxRssBytes: number | null;
  /** It was killed for taking longer than timeoutMs. */
  timedOut: boolean;
}

export function runMeasured(args: string[], opts: MeasuredOptions = {}): Promise<Measured> {
  const dir = mkdtempSync(join(tmpdir(), 'kv-rss-'));
  const rssFile = join(dir, 'max-rss');
  const keep = opts.maxOutputBytes ?? 1024 * 1024;
  return new Promise<Measured>((done, fail) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--require', MAX_RSS_PRELOAD, CLI, ...args], {
      cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...opts.env, KEYVIZ_MAX_RSS_FILE: rssFile },
    });
    const out = { stdout: '', stderr: '' };
    const collect = (key: 'stdout' | 'stderr') => (d: Buffer): void => {
      if (out[key].length < keep) out[key] += d.toString('utf8', 0, Math.min(d.length, keep - out[key].length));
    };
    child.stdout.on('data', collect('stdout'));
    child.stderr.on('data', collect('stderr'));
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, opts.timeoutMs ?? 30_000);
    child.on('error', (err) => { clearTimeout(timer); rmSync(dir, { recursive: true, force: true }); fail(err); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const ms = performance.now() - started;
      let maxRssBytes: number | null = null;
      try {
        maxRssBytes = Number(readFileSync(rssFile, 'utf8')) * 1024;
      } catch { /* killed before its exit handler ran */ }
      rmSync(dir, { recursive: true, force: true });
      done({ code, signal, ...out, ms, maxRssBytes, timedOut });
    });
  });
}
