// The merge against a real elastickv cluster's answers (test/fixtures/real-elastickv): compat is
// elastickv's own server-side merge cell for cell; the shaped view keeps elastickv's row totals,
// and a healthy cluster gives no warning and no conflict.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { matrixJson, mergeMatrices, parseNodeMatrixText } from '../../../../src/main/core/merge';
import { isHealthy, nodesWith, readText, RECORDINGS, recordedSets, SERIES, serverTotals, SHARED_RECORDINGS } from '../../../helpers/recordings';

const inputs = (set: string, series: string) =>
  nodesWith(set, series).map((n, i) => parseNodeMatrixText(readText(set, 'nodes', `${n}-${series}.json`), `${n}.json`, i).matrix);
const cases = recordedSets().flatMap((set) => SERIES.filter((s) => nodesWith(set, s).length > 0).map((series) => [set, series] as const));
const total = (v: ArrayLike<number>): number => { let t = 0; for (let i = 0; i < v.length; i++) t += v[i]!; return t; };

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
}

describe('recordings of a real elastickv cluster', () => {
  // CI has the team's shared folder beside the checkout; a laptop clone may not.
  test.skipIf(!existsSync(SHARED_RECORDINGS))('the in-repo copy equals shared/recordings/real-elastickv, file for file', () => {
    const ours = files(RECORDINGS).map((f) => relative(RECORDINGS, f)).sort();
    expect(ours).toEqual(files(SHARED_RECORDINGS).map((f) => relative(SHARED_RECORDINGS, f)).sort());
    for (const f of ours) expect(readFileSync(join(RECORDINGS, f)).equals(readFileSync(join(SHARED_RECORDINGS, f))), f).toBe(true);
  });

  test('the copy holds both sets and every series', () => {
    expect(recordedSets()).toEqual(['real-3n-9routes', 'real-3n-node-down']);
    expect(cases.length).toBe(6);
  });

  test.each(cases)('%s %s: merge --compat is elastickv\'s own fan-out, cell for cell', (set, series) => {
    const ours = JSON.parse(matrixJson(mergeMatrices(inputs(set, series), { compat: true }).matrix)) as Record<string, unknown>;
    const { fanout: _f, generated_at: _g, ...theirs } = JSON.parse(readText(set, 'server', `n1-fanout-${series}.json`)) as Record<string, unknown>;
    const { generated_at: _o, ...mine } = ours;
    expect(mine).toEqual(theirs);
  });

  test.each(cases)('%s %s: the shaped view keeps every row\'s total, with no conflict', (set, series) => {
    const r = mergeMatrices(inputs(set, series));
    const server = serverTotals(set, series);
    expect(new Map(r.matrix.rows.map((row) => [row.bucketId, total(row.values)]))).toEqual(server);
    expect(r.matrix.rows.filter((row) => row.conflicts)).toEqual([]);
    // Aligned: one slot per flush, not one column per node.
    expect(r.matrix.columns.length).toBe(inputs(set, series)[0]!.columns.length);
  });

  test.each(cases.filter(([set]) => isHealthy(set)))('%s %s: a healthy cluster gives no warning', (set, series) => {
    expect(mergeMatrices(inputs(set, series)).warnings).toEqual([]);
  });

  test('real-3n-9routes: its three leadership transfers are the events, each in the slot after it happened', () => {
    const r = mergeMatrices(inputs('real-3n-9routes', 'writes'));
    const transfers = readText('real-3n-9routes', 'transfers.txt').trim().split('\n').map((l) => {
      const [at, , group, , to] = l.split(' ');
      return { at: Number(at), group: Number(group), to: `${to}.json` };
    });
    const step = r.stepMs!;
    expect(r.events.map((e) => ({ group: e.group, to: r.inputs[e.to]!.source }))).toEqual(transfers.map(({ group, to }) => ({ group, to })));
    r.events.forEach((e, i) => {
      const slot = r.matrix.columns[e.column]!;
      expect(slot).toBeGreaterThan(transfers[i]!.at - step);
      expect(slot).toBeLessThan(transfers[i]!.at + 2 * step);
      expect(e.toTerm).toBe(e.fromTerm + 1);
    });
    // Group 1 handed to n2: n1 counted 10 writes of route 1 in term 4 and n2 12, in one slot (README point 5).
    const g1 = r.events.find((e) => e.group === 1)!;
    expect(g1.cells).toContainEqual({ bucketId: 'route:1:redis#1', fromCount: 10, toCount: 12 });
    const row = r.matrix.rows.findIndex((x) => x.bucketId === 'route:1:redis#1');
    expect(r.matrix.rows[row]!.values[g1.column]).toBe(22);
    expect(r.matrix.rows[row]!.handovers![g1.column]).toBe(1);
  });

  test('real-3n-node-down: the two answering nodes, merged, give elastickv\'s totals and no warning', () => {
    const r = mergeMatrices(inputs('real-3n-node-down', 'writes'));
    expect(r.warnings).toEqual([]);
    expect(new Map(r.matrix.rows.map((row) => [row.bucketId, total(row.values)]))).toEqual(serverTotals('real-3n-node-down', 'writes'));
  });
});
