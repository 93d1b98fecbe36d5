// How long this thread's event loop is held: a 5 ms interval timer, and the gaps between its
// ticks beyond those 5 ms. Every gap counts. On a loaded machine (2 shared cores, other test runs)
// an idle loop's gaps reach tens of ms because other processes hold the CPUs; Linux's per-thread
// schedstat (run ns, run-queue wait ns) tells that apart, so each gap is also reported less the
// time this thread sat runnable in the kernel's run queue. Elsewhere only the wall gap is known.
// What is left can still be the machine's (this VM stalls idle threads ~12 ms while any process
// churns GiBs of memory): idleControl() measures the same in an idle process at the same time.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';

export interface StallReport {
  /** The longest gap between ticks, less the interval (wall clock). */
  wallMs: number;
  /** The same, less the run-queue wait inside each gap: what this thread did or waited on itself. */
  ownMs: number;
  /** The gap behind `ownMs`, whole, and the run-queue wait in it. */
  worst: { gapMs: number; queuedMs: number };
  /** The most CPU this thread ran between two ticks. */
  runMs: number;
  ticks: number;
  /** Whether schedstat could be read (else ownMs = wallMs, runMs = 0). */
  schedstat: boolean;
}

/** The meter, as source for a child process too (no imports: `readFileSync` is handed in). */
function meter(readFileSync: (path: string, enc: 'utf8') => string, intervalMs: number): { stop(): StallReport } {
  const schedstat = (): [number, number] | null => {
    try {
      const [run, wait] = readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ').map((x) => Number(x) / 1e6);
      return Number.isFinite(run) && Number.isFinite(wait) ? [run!, wait!] : null;
    } catch {
      return null;
    }
  };
  const has = schedstat() !== null;
  let last = performance.now();
  let [lastRun, lastWait] = schedstat() ?? [0, 0];
  let maxGap = 0;
  let maxOwnGap = 0;
  const r: StallReport = { wallMs: 0, ownMs: 0, worst: { gapMs: 0, queuedMs: 0 }, runMs: 0, ticks: 0, schedstat: has };
  const tick = (): void => {
    const now = performance.now();
    const [run, wait] = (has ? schedstat() : null) ?? [lastRun, lastWait];
    const gap = now - last;
    const queued = Math.min(gap, Math.max(0, wait - lastWait));
    maxGap = Math.max(maxGap, gap);
    if (gap - queued > maxOwnGap) { maxOwnGap = gap - queued; r.worst = { gapMs: gap, queuedMs: queued }; }
    r.runMs = Math.max(r.runMs, run - lastRun);
    r.ticks++;
    last = now;
    lastRun = run;
    lastWait = wait;
  };
  const timer = setInterval(tick, intervalMs);
  return {
    stop() {
      tick(); // the stretch up to now counts too
      clearInterval(timer);
      r.wallMs = Math.max(0, maxGap - intervalMs);
      r.ownMs = Math.max(0, maxOwnGap - intervalMs);
      return r;
    },
  };
}

export function stallMeter(intervalMs = 5): { stop(): StallReport } {
  return meter(readFileSync, intervalMs);
}

/** The same meter in an idle Node process, from now until stop(): what the machine alone does to a loop. */
export function idleControl(intervalMs = 5): { stop(): Promise<StallReport> } {
  const source = `const m = (${meter.toString()})(require('node:fs').readFileSync, ${intervalMs});
process.stdin.on('end', () => process.stdout.write(JSON.stringify(m.stop()))).resume();`;
  const child = spawn(process.execPath, ['-e', source], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  return {
    async stop() {
      child.stdin.end();
      await once(child, 'exit');
      return JSON.parse(out) as StallReport;
    },
  };
}

export const describeStall = (r: StallReport): string => `longest stall ${r.wallMs.toFixed(1)} ms wall, ${r.ownMs.toFixed(1)} ms `
  + `less run-queue wait (that gap: ${r.worst.gapMs.toFixed(1)} ms, ${r.worst.queuedMs.toFixed(1)} ms queued), at most `
  + `${r.runMs.toFixed(1)} ms of CPU between ticks, ${r.ticks} ticks${r.schedstat ? '' : ' (no schedstat: wall clock only)'}`;
