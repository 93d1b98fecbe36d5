// Keys and rows in the operator's words: real hot keys of a recorded cluster, route rows, and
// anything else shown as before.
import { describe, expect, test } from 'vitest';
import { keyInfo, rowGroup, rowTitle } from '../../../src/shared/elastickv/key-text';
import { readText } from '../../helpers/recordings';

const b64 = (s: string): string => Buffer.from(s, 'latin1').toString('base64');

describe('keyInfo', () => {
  test('every hot key a real cluster answered reads as a Redis user key with its kind', () => {
    const answer = JSON.parse(readText('real-3n-9routes', 'hotkeys', 'route3-fanout.json')) as { keys: Array<{ key_b64: string }> };
    expect(answer.keys.length).toBeGreaterThan(0);
    for (const k of answer.keys) {
      const info = keyInfo(k.key_b64);
      expect(info.user_key).toMatch(/^hot:\d$|^[a-z]+:/);
      expect(['redis_string', 'redis_ttl']).toContain(info.kind);
    }
    expect(keyInfo('IXJlZGlzfHN0cnxob3Q6NA==')).toEqual({ user_key: 'hot:4', kind: 'redis_string', kind_label: 'Redis string' });
    expect(keyInfo(b64('!redis|ttl|hot:4'))).toMatchObject({ user_key: 'hot:4', kind_label: 'Redis TTL' });
  });

  test('a binary Redis key: its kind, no text; an unknown layout: the raw key as text, or null', () => {
    expect(keyInfo(b64('!redis|str|\x00\xff'))).toEqual({ user_key: null, kind: 'redis_string', kind_label: 'Redis string' });
    expect(keyInfo(b64('user:42'))).toEqual({ user_key: 'user:42', kind: null, kind_label: null });
    expect(keyInfo(b64('!unknown|layout|k'))).toEqual({ user_key: '!unknown|layout|k', kind: null, kind_label: null });
    expect(keyInfo(b64('\x18\xc0'))).toEqual({ user_key: null, kind: null, kind_label: null });
  });

  test('malformed internal layouts are shown raw, never throw', () => {
    for (const raw of ['!redis|', '!redis|str', '!lst|itm|\x00\x00\x00\x09k', '!ddb|item|', '!s3|obj|head|\x00']) {
      expect(() => keyInfo(b64(raw))).not.toThrow();
      expect(keyInfo(b64(raw)).kind).toBeNull();
    }
    expect(keyInfo('not base64!')).toEqual({ user_key: null, kind: null, kind_label: null });
  });
});

describe('rows in words', () => {
  test('route, sub-bucket, group and adapter; aggregates; anything else as its id', () => {
    const row = (bucketId: string, aggregate = false, routeCount = 1) => ({ bucketId, aggregate, routeCount });
    expect(rowTitle(row('route:3:redis'), 3)).toBe('route 3 · group 3 · redis');
    expect(rowTitle(row('route:1:redis#1'), 1)).toBe('route 1#1 · group 1 · redis');
    expect(rowTitle(row('route:7'), 0)).toBe('route 7');
    // A label elastickv may add later reads as it is.
    expect(rowTitle(row('route:9:newadapter'), 2)).toBe('route 9 · group 2 · newadapter');
    expect(rowTitle(row('virtual:18446744073709551615', true, 12), 0)).toBe('12 cold routes (aggregate)');
    expect(rowTitle(row('something-else'), 1)).toBe('something-else');
  });

  test('a row\'s group is the one most of its counted cells carry', () => {
    expect(rowGroup([0, 3, 3, 1, 0])).toBe(3);
    expect(rowGroup([2, 2, 1], [0, 0, 5])).toBe(1);
    expect(rowGroup([])).toBe(0);
    // Counted cell by cell, however its runs interleave; ties go to the lower id.
    expect(rowGroup([1, 1, 2, 2, 2, 1, 1])).toBe(1);
    expect(rowGroup([2, 2, 1, 1])).toBe(1);
    expect(rowGroup([5, 5, 5, 7, 7], [1, 0, 0, 1, 1])).toBe(7);
  });
});
