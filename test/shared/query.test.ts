// The matrix query, once: its checked form (IPC) and its file form (snapshot and capture `request`).
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { captureHeaderSchema } from '../../src/shared/capture';
import { SERIES } from '../../src/shared/elastickv/wire';
import { fromSavedQuery, matrixQuerySchema, savedQuerySchema, toSavedQuery } from '../../src/shared/query';
import { snapshotV1Schema } from '../../src/shared/snapshot';

const query = fc.record({
  series: fc.constantFrom(...SERIES), rows: fc.integer({ min: 1, max: 1024 }),
  fromMs: fc.option(fc.integer({ min: 0, max: 2 ** 45 }), { nil: null }), toMs: fc.option(fc.integer({ min: 0, max: 2 ** 45 }), { nil: null }),
});

describe('the matrix query', () => {
  test('a row budget from 1 to 1024, whole; a known series; whole bounds or null', () => {
    const q = { series: 'writes', rows: 1024, fromMs: null, toMs: 5 };
    expect(matrixQuerySchema.parse(q)).toEqual(q);
    for (const bad of [{ ...q, rows: 0 }, { ...q, rows: 1025 }, { ...q, rows: 1.5 }, { ...q, series: 'deletes' }, { ...q, fromMs: 0.5 }, { ...q, toMs: undefined }]) {
      expect(matrixQuerySchema.safeParse(bad).success).toBe(false);
    }
  });

  test('its file form has the fields the files have always had, in their order, and reads back to the same query', () => {
    expect(JSON.stringify(toSavedQuery({ series: 'reads', rows: 8, fromMs: 1, toMs: null })))
      .toBe('{"series":"reads","rows":8,"from_unix_ms":1,"to_unix_ms":null}');
    fc.assert(fc.property(query, (q) => {
      expect(fromSavedQuery(savedQuerySchema.parse(JSON.parse(JSON.stringify(toSavedQuery(q)))))).toEqual(q);
    }));
  });

  test('a file may hold any positive row budget (older files), as the snapshot and capture readers accept', () => {
    expect(savedQuerySchema.parse({ series: 'writes', rows: 8192, from_unix_ms: null, to_unix_ms: null }).rows).toBe(8192);
    expect(savedQuerySchema.safeParse({ series: 'writes', rows: 0, from_unix_ms: null, to_unix_ms: null }).success).toBe(false);
    expect(snapshotV1Schema.shape.request.safeParse({ series: 'writes', rows: 8192, from_unix_ms: null, to_unix_ms: null }).success).toBe(false);
    expect(snapshotV1Schema.shape.request.parse({ series: 'writes', rows: 8192, from_unix_ms: null, to_unix_ms: null, compat: true }).compat).toBe(true);
    expect(captureHeaderSchema.shape.request.parse({ series: 'reads', rows: 2048, from_unix_ms: 5, to_unix_ms: null }).rows).toBe(2048);
  });
});
