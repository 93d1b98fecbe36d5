import { once } from 'node:events';
import { describe, expect, test } from 'vitest';
import { Deadline } from '../../../../src/main/core/fanout/deadline';
import { describeTransportError } from '../../../../src/main/core/fanout/errors';
import { manualClock } from '../../../helpers/manual-clock';

describe('Deadline', () => {
  test('counts down on its clock and passes at its allowance, not before', () => {
    const clock = manualClock();
    const d = Deadline.after(1000, clock);
    expect(d.ms).toBe(1000);
    expect(d.remainingMs()).toBe(1000);
    clock.advance(400);
    expect(d.remainingMs()).toBe(600);
    expect(d.expired).toBe(false);
    clock.advance(599);
    expect(d.expired).toBe(false);
    expect(d.signal.aborted).toBe(false);
    clock.advance(1);
    expect(d.expired).toBe(true);
    expect(d.signal.aborted).toBe(true);
    expect(d.remainingMs()).toBe(0);
    clock.advance(5000);
    expect(d.remainingMs()).toBe(0);
  });

  test('one timer per deadline, made when it is: reading it makes no other', () => {
    const clock = manualClock();
    const d = Deadline.after(100, clock);
    void d.signal; void d.expired; d.remainingMs();
    expect(clock.pending()).toBe(1);
  });

  test('a step starts a fresh allowance from now, on the same clock, and outlives the deadline it came from', () => {
    const clock = manualClock();
    const round = Deadline.after(1000, clock);
    clock.advance(700); // the login took 700 ms
    const answers = round.step();
    expect(answers.ms).toBe(1000);
    expect(answers.remainingMs()).toBe(1000);
    clock.advance(300);
    expect(round.expired).toBe(true);
    expect(answers.expired).toBe(false);
    expect(answers.remainingMs()).toBe(700);
    const short = answers.step(50);
    expect(short.ms).toBe(50);
    clock.advance(50);
    expect(short.expired).toBe(true);
    expect(answers.expired).toBe(false);
    clock.advance(650);
    expect(answers.expired).toBe(true);
  });

  test('race: the work\'s value when it comes first, its failure as a failure', async () => {
    const clock = manualClock();
    const d = Deadline.after(100, clock);
    await expect(d.race(Promise.resolve(42))).resolves.toBe(42);
    await expect(d.race(Promise.reject(new Error('bad answer')))).rejects.toThrow('bad answer');
  });

  test('race: null once the deadline passes first, the work left to run on', async () => {
    const clock = manualClock();
    const d = Deadline.after(100, clock);
    let finish!: (v: string) => void;
    const work = new Promise<string>((resolve) => { finish = resolve; });
    const raced = d.race(work);
    clock.advance(100);
    await expect(raced).resolves.toBeNull();
    finish('late');
    await expect(work).resolves.toBe('late');
    // Already passed: null at once, whatever the work does.
    await expect(d.race(new Promise<never>(() => {}))).resolves.toBeNull();
  });

  test('on the system clock the signal aborts with a TimeoutError, named as the fan-out names a deadline', async () => {
    const d = Deadline.after(5);
    await once(d.signal, 'abort');
    expect(d.expired).toBe(true);
    expect(d.remainingMs()).toBe(0);
    expect((d.signal.reason as Error).name).toBe('TimeoutError');
    expect(describeTransportError(new Error('aborted'), d.signal, d.ms)).toBe('no answer within the deadline (5 ms)');
  });
});
