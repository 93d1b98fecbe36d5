// The time axis: round clock times in one zone, the date on the first label and where the day
// changes, the zone said once; the same words for a picture's times.
import { describe, expect, test } from 'vitest';
import { instantText, isoText, type TimeTick, timeTicks, timeZoneText } from '../../../src/renderer/src/heatmap/time-axis';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 24, 12, 0, 0);
/** A day of one-minute columns up to T0 (the Demo's window). */
const day = Float64Array.from({ length: 1440 }, (_, i) => T0 - (1439 - i) * MIN);
const TOKYO = { timeZone: 'Asia/Tokyo', locale: 'en-US' };
const NEW_YORK = { timeZone: 'America/New_York', locale: 'en-US' };
const dated = /^[A-Z][a-z]{2} \d{1,2} /;

/** Labels are two lines (time, date): as wide as the longer. */
const chars = (t: TimeTick): number => Math.max(t.time.length, t.date?.length ?? 0);

function expectNoOverlap(ticks: TimeTick[], width: number): void {
  for (let i = 1; i < ticks.length; i++) {
    expect(ticks[i]!.at).toBeGreaterThan(ticks[i - 1]!.at);
    expect((ticks[i]!.at - ticks[i - 1]!.at) * width).toBeGreaterThan(((chars(ticks[i]!) + chars(ticks[i - 1]!)) / 2) * 6);
  }
  for (const t of ticks) {
    expect(t.at * width - (chars(t) * 6) / 2).toBeGreaterThanOrEqual(0);
    expect(t.at * width + (chars(t) * 6) / 2).toBeLessThanOrEqual(width);
  }
}

describe('time ticks', () => {
  test('a day across midnight in New York: round hours, the date on the first label and at midnight, nowhere else', () => {
    const ticks = timeTicks(day, 760, NEW_YORK);
    expect(ticks.length).toBeGreaterThanOrEqual(5);
    expect(ticks[0]!.label).toMatch(/^Nov 23 \d\d:00\sAM$/);
    const withDate = ticks.filter((t) => dated.test(t.label));
    expect(withDate.map((t) => t.label.replace(/\s/g, ' '))).toEqual([ticks[0]!.label.replace(/\s/g, ' '), 'Nov 24 12:00 AM']);
    for (const t of ticks) expect(t.label).toMatch(/:00\s[AP]M$/); // on the hour
    // Midnight in New York is 05:00 UTC: the column that starts then, at its left edge.
    const midnight = withDate[1]!;
    expect(midnight.at).toBeCloseTo(day.indexOf(Date.UTC(2026, 10, 24, 5, 0, 0)) / day.length, 9);
    expectNoOverlap(ticks, 760);
    for (const t of ticks) expect(t.label).not.toMatch(/GMT|UTC|EST/); // the zone is said once, beside the axis
    // The date is a line of its own under the time.
    for (const t of ticks) expect(t.label).toBe(t.date ? `${t.date} ${t.time}` : t.time);
    expect(withDate.map((t) => t.date)).toEqual(['Nov 23', 'Nov 24']);
  });

  test('the same columns in UTC: other labels, the date again at its midnight', () => {
    const ticks = timeTicks(day, 760, { timeZone: 'UTC', locale: 'en-GB' });
    expect(ticks[0]!.label).toMatch(/^23 Nov /);
    expect(ticks.filter((t) => /Nov/.test(t.label)).map((t) => t.label)).toEqual([ticks[0]!.label, '24 Nov 00:00']);
  });

  test('narrower axis, fewer labels; a short window has seconds', () => {
    expect(timeTicks(day, 400, TOKYO).length).toBeLessThan(timeTicks(day, 760, TOKYO).length);
    const seconds = Float64Array.from({ length: 120 }, (_, i) => T0 + i * 1000);
    const ticks = timeTicks(seconds, 760, TOKYO);
    expect(ticks[0]!.label).toMatch(/^Nov 24 09:00:\d\d\sPM$/);
    expect(ticks[1]!.label).toMatch(/^09:0\d:\d\d\sPM$/);
    expectNoOverlap(ticks, 760);
  });

  test('several days: dates only', () => {
    const week = Float64Array.from({ length: 7 * 24 }, (_, i) => T0 + i * 60 * MIN);
    const ticks = timeTicks(week, 500, TOKYO);
    expect(ticks.length).toBeGreaterThan(1);
    for (const t of ticks) expect(t.label).toMatch(/^Nov \d\d$|^Dec \d$/);
  });

  test('the zone once: its short name, both when the window crosses a clock change', () => {
    expect(timeZoneText(day, TOKYO)).toBe('GMT+9');
    expect(timeZoneText(day, { timeZone: 'UTC', locale: 'en-US' })).toBe('UTC');
    const fallBack = Float64Array.from({ length: 240 }, (_, i) => Date.UTC(2026, 9, 24, 22, 0, 0) + i * MIN * 2);
    expect(timeZoneText(fallBack, { timeZone: 'Europe/Berlin', locale: 'en-US' })).toBe('GMT+2 → GMT+1');
    // Labels stay on round times of the clock on the wall on both sides of the change.
    const ticks = timeTicks(fallBack, 760, { timeZone: 'Europe/Berlin', locale: 'en-GB' });
    expect(ticks.length).toBeGreaterThan(4);
    for (const t of ticks) expect(t.time).toMatch(/:[03]0$/);
  });

  test('a picture\'s times in the same words: date, time and zone', () => {
    expect(instantText(T0, TOKYO)).toMatch(/^Nov 24, 09:00:00\sPM GMT\+9$/);
    expect(isoText('2026-11-24T12:00:00Z', TOKYO)).toBe(instantText(T0, TOKYO));
    expect(isoText('not a time', TOKYO)).toBe('not a time');
  });
});
