// A round's time. A round (its login, the nodes' answers, their decoding; or a route's hot keys)
// is given one Deadline before its login and passes it down; every timeout signal of the fan-out
// is made here, so what a round allows each step is read in one place, and a test can run it on a
// clock of its own.

export interface DeadlineClock {
  /** Milliseconds, monotonic. */
  now(): number;
  /** A signal that aborts `ms` from now with a TimeoutError (and never keeps the process alive). */
  timeout(ms: number): AbortSignal;
}

const systemClock: DeadlineClock = {
  now: () => performance.now(),
  timeout: (ms) => AbortSignal.timeout(ms),
};

export class Deadline {
  /** Aborts when the deadline passes (a TimeoutError). */
  readonly signal: AbortSignal;
  readonly #endsAt: number;
  readonly #clock: DeadlineClock;

  /** `ms`: the allowance, as the error texts name it ("no answer within the deadline (ms ms)"). */
  private constructor(readonly ms: number, clock: DeadlineClock) {
    this.#clock = clock;
    this.#endsAt = clock.now() + ms;
    this.signal = clock.timeout(ms);
  }

  /** A deadline `ms` from now. */
  static after(ms: number, clock: DeadlineClock = systemClock): Deadline {
    return new Deadline(ms, clock);
  }

  get expired(): boolean {
    return this.signal.aborted;
  }

  /** Time left, 0 once passed. */
  remainingMs(): number {
    return this.signal.aborted ? 0 : Math.max(0, this.#endsAt - this.#clock.now());
  }

  /**
   * The deadline of a step with time of its own: a fresh allowance (this one's, unless `ms`) from
   * now, on the same clock, not cut short by this one. The nodes' answers do not lose the time the
   * login took, and a decode does not lose the transfer's: a parse worker starting cold on a
   * loaded machine must not drop a healthy node (issue 15), so a round ends within two allowances.
   */
  step(ms = this.ms): Deadline {
    return new Deadline(ms, this.#clock);
  }

  /** `work`'s value, or null once this deadline passes first (the work itself runs on, e.g. in its worker). */
  race<T>(work: Promise<T>): Promise<T | null> {
    const signal = this.signal;
    if (signal.aborted) return Promise.resolve(null);
    return new Promise<T | null>((resolve, reject) => {
      const onAbort = (): void => resolve(null);
      signal.addEventListener('abort', onAbort, { once: true });
      work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }
}
