// A deadline clock for tests that moves only when the test says so (no waiting on real time).
import type { DeadlineClock } from '../../src/main/core/fanout/deadline';

/** A clock that moves only when told: its timeouts fire, in order, as `advance` passes them. */
export function manualClock(): DeadlineClock & { advance(ms: number): void; pending(): number } {
  let now = 0;
  const timers: Array<{ at: number; c: AbortController }> = [];
  return {
    now: () => now,
    timeout(ms) {
      const c = new AbortController();
      timers.push({ at: now + ms, c });
      return c.signal;
    },
    advance(ms) {
      now += ms;
      for (const t of timers.sort((a, b) => a.at - b.at)) {
        if (t.at <= now && !t.c.signal.aborted) t.c.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
      }
    },
    pending: () => timers.filter((t) => !t.c.signal.aborted).length,
  };
}
