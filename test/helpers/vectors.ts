// elastickv's merge conformance vectors (contract §6.1), kept in test/fixtures/contract.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Series } from '../../src/shared/elastickv/wire';

export interface Vector { id: string; series: Series; inputs: unknown[] | string; expected: unknown }
export const VECTORS = JSON.parse(readFileSync(resolve(import.meta.dirname, '../fixtures/contract/merge-vectors.json'), 'utf8')) as Vector[];
/** M13 only says "same as M01": it repeats M01 and is skipped. */
export const REAL_VECTORS = VECTORS.filter((v) => typeof v.inputs !== 'string');
