// The fan-out's streaming answer decoder against parseAnswer (today's, in the parse workers): the
// same outcome, words included, for random and mutated answers and the special answers ({}, null,
// another series, a fanout block, not JSON). The decoder itself is fuzzed in test/main/core/merge/stream.
import { describe, expect, test } from 'vitest';
import { type AnswerOutcome, parseAnswer } from '../../../../src/main/core/fanout/parse-answer';
import { createAnswerStream } from '../../../../src/main/core/fanout/stream-answer';
import type { Series } from '../../../../src/shared/elastickv/wire';
import { type Case, DIVERGENT, EARLY, mutatedCase, prng, sameParsed, validCase } from '../../../helpers/matrix-fuzz';

function streamed(c: Case, series: Series, chunk: number): AnswerOutcome {
  const s = createAnswerStream({ source: 'n', index: 1, series, limits: c.limits });
  for (let i = 0; i < c.bytes.length; i += chunk) s.push(c.bytes.subarray(i, i + chunk));
  return s.end(c.bytes);
}

function agree(c: Case, series: Series, chunk: number): void {
  const today = parseAnswer({ bytes: c.bytes, source: 'n', index: 1, series, limits: c.limits });
  const out = streamed(c, series, chunk);
  if (!out.ok && (DIVERGENT.test(out.error) || (!today.ok && EARLY.test(out.error)))) return;
  expect(out.ok, `${c.name}: ${out.ok ? 'ok' : out.error} vs ${today.ok ? 'ok' : today.error}`).toBe(today.ok);
  if (today.ok && out.ok) {
    expect(sameParsed({ matrix: today.matrix, warnings: [] }, { matrix: out.matrix, warnings: [] })).toBeNull();
    expect(out.warnings).toEqual(today.warnings);
    expect(Buffer.from(out.bytes).equals(Buffer.from(today.bytes))).toBe(true);
  } else if (!today.ok && !out.ok) {
    if (today.error.startsWith('the answer is not valid JSON (')) expect(out.error).toMatch(/^the answer is not valid JSON \(.+ at byte \d+/);
    else expect(out.error).toBe(today.error);
  }
}

describe('createAnswerStream = parseAnswer', () => {
  test('random and mutated answers, in 1 to 64-byte chunks', () => {
    const rng = prng(0x5eed);
    for (let i = 0; i < 150; i++) {
      const c = i % 2 ? mutatedCase(rng, i) : validCase(rng, i);
      agree(c, c.series ?? 'writes', 1 + (i % 64));
    }
  });

  const enc = new TextEncoder();
  test.each([
    ['{}', 'reads'], ['null', 'writes'], [' {  } ', 'reads'], ['{"x":1}', 'reads'], ['[]', 'reads'],
    ['{"column_unix_ms":[],"rows":[],"series":"reads"}', 'writes'],
    ['{"column_unix_ms":[],"rows":[],"series":"reads","fanout":{"nodes":[],"responded":1,"expected":1}}', 'reads'],
    ['{"column_unix_ms":[],"rows":[', 'reads'], ['<html>', 'reads'], ['{"a":"\u0007"}', 'reads'],
  ] as const)('%s asked as %s', (text, series) => {
    agree({ name: text, bytes: enc.encode(text), limits: {} }, series, 3);
  });

  test('a refusal is known at the push that shows it (the body may be dropped there)', () => {
    const s = createAnswerStream({ source: 'n', index: 0, series: 'reads', limits: { rows: 1 } });
    s.push(enc.encode('{"column_unix_ms":[],"rows":[{"bucket_id":"a","values":[]},{'));
    expect(s.failed).toBe(true);
    const out = s.end(new Uint8Array());
    expect(!out.ok && out.error).toBe('the answer is not a KeyViz matrix: rows: at least 2 rows, more than the 1 asked for (a node keeps the busiest 1)');
  });
});
