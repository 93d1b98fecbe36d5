// An incomplete sketch is said as what it means for the list, naming only what happened.
import { describe, expect, test } from 'vitest';
import { sketchGapsText } from '../../src/renderer/src/hotkeys-words';

describe('sketchGapsText', () => {
  test('nothing missing: nothing said', () => {
    expect(sketchGapsText({ dropped_samples: 0, skipped_long_keys: 0 })).toBeNull();
  });
  test('long keys only: they are missing from the list, the counts shown are not called low', () => {
    expect(sketchGapsText({ dropped_samples: 0, skipped_long_keys: 3 })).toBe('Incomplete sketch: 3 key(s) too long for the sampler are not listed.');
  });
  test('both: each with what it means', () => {
    expect(sketchGapsText({ dropped_samples: 1200, skipped_long_keys: 1 })).toBe('Incomplete sketch: 1,200 sample(s) dropped (the sampler fell behind): '
      + 'the counts below may be lower than the real ones; 1 key(s) too long for the sampler are not listed.');
  });
});
