// The simulated node's matrix answer as it was built before the ring of typed columns (issue 19):
// JS rows pivoted cell by cell, then JSON.stringify. Kept only as the oracle the answer writer is
// checked against, with the cases whose digests were recorded from it (matrix-answer.digests.json).
import { budgetAndOrder, columnsInWindow, type MatrixParams } from '../../src/demo-cluster/matrix';
import { buildKeyspace } from '../../src/demo-cluster/keyspace';
import { type Cell, TrafficModel } from '../../src/demo-cluster/traffic';
import { rfc3339 } from '../../src/shared/time';
import type { MatrixRow, Series } from '../../src/shared/elastickv/wire';
import type { SamplerBucket } from '../../src/demo-cluster/keyspace';

interface PivotRow { bucket: SamplerBucket; values: number[]; groups: number[]; terms: number[]; total: number }

function pick(cell: Cell, series: Series): number {
  switch (series) {
    case 'reads': return cell.reads;
    case 'writes': return cell.writes;
    case 'read_bytes': return cell.readBytes;
    case 'write_bytes': return cell.writeBytes;
  }
}

/** The answer body exactly as the node sent it (trailing newline included). */
export function referenceAnswer(model: TrafficModel, node: number, nowMs: number, history: number, params: MatrixParams): string {
  const ks = columnsInWindow(model, node, nowMs, history, params.fromMs, params.toMs);
  const width = ks.length;
  const rows: Array<PivotRow | undefined> = new Array<PivotRow | undefined>(model.buckets.length);
  const cell: Cell = { reads: 0, writes: 0, readBytes: 0, writeBytes: 0, group: 0, term: 0 };
  for (let j = 0; j < width; j++) {
    const col = model.column(ks[j]!);
    for (let i = 0; i < model.buckets.length; i++) {
      if (!model.cellIn(col, node, i, cell)) continue;
      let row = rows[i];
      if (!row) {
        row = { bucket: model.buckets[i]!, values: new Array<number>(width).fill(0),
          groups: new Array<number>(width).fill(0), terms: new Array<number>(width).fill(0), total: 0 };
        rows[i] = row;
      }
      const v = pick(cell, params.series);
      row.values[j] = v;
      row.groups[j] = cell.group;
      row.terms[j] = cell.term;
      row.total += v;
    }
  }
  const list = budgetAndOrder(rows.filter((r): r is PivotRow => r !== undefined), params.rows);
  const wireRows = list.map((r) => {
    const b = r.bucket;
    const row = { bucket_id: b.bucketId } as MatrixRow;
    if (b.label) row.label = b.label;
    row.start = b.start ? b.start.toString('base64') : null;
    row.end = b.end ? b.end.toString('base64') : null;
    row.aggregate = b.aggregate;
    if (b.aggregate && b.routeIds.length > 0) row.route_ids = [...b.routeIds];
    if (b.aggregate && b.routeCount > b.routeIds.length) row.route_ids_truncated = true;
    row.route_count = b.aggregate ? b.routeCount || b.routeIds.length : 1;
    row.values = r.values;
    if (r.values.length > 0) { row.raft_group_ids = r.groups; row.leader_terms = r.terms; }
    return row;
  });
  const body = { column_unix_ms: ks.map((k) => model.columnAt(node, k)), rows: wireRows, series: params.series, generated_at: rfc3339(nowMs) };
  return `${JSON.stringify(body)}\n`;
}

export interface ClusterConfig { seed: number; nodes: number; routes: number; history: number; stepMs: number; jitterMs?: number; groups?: number }

/** The model a DemoCluster with this config builds (same defaults as DemoCluster.start). */
export function modelFor(c: ClusterConfig): TrafficModel {
  const groups = c.groups ?? Math.min(8, 2 * c.nodes);
  const jitterMs = c.jitterMs ?? Math.min(800, Math.floor(c.stepMs / 4));
  return new TrafficModel(buildKeyspace({ seed: c.seed, routes: c.routes, groups }),
    { seed: c.seed, nodes: c.nodes, stepMs: c.stepMs, jitterMs, ringColumns: c.history });
}

export const CONFIGS: readonly ClusterConfig[] = [
  { seed: 1, nodes: 3, routes: 48, history: 240, stepMs: 60_000 },
  { seed: 7, nodes: 6, routes: 200, history: 600, stepMs: 60_000 },
  { seed: 12345, nodes: 1, routes: 30, history: 100, stepMs: 60_000, jitterMs: 0 },
  { seed: 3, nodes: 4, routes: 60, history: 300, stepMs: 1000 },
  { seed: 1, nodes: 3, routes: 48, history: 1440, stepMs: 60_000 },
];
export const CLOCKS: readonly number[] = [Date.UTC(2026, 10, 24, 9, 30, 17, 250), Date.UTC(2026, 10, 24, 12, 37, 28, 361), Date.UTC(2025, 0, 1)];
const SERIES_LIST: readonly Series[] = ['reads', 'writes', 'read_bytes', 'write_bytes'];

export interface AnswerCase { name: string; config: number; node: number; nowMs: number; params: MatrixParams }

/** Every recorded case: each config × clock × window × series × row budget, on a node chosen in turn. */
export function answerCases(): AnswerCase[] {
  const out: AnswerCase[] = [];
  let turn = 0;
  CONFIGS.forEach((c, ci) => {
    for (const now of CLOCKS) {
      const span = c.history * c.stepMs;
      const windows: Array<[number, number]> = [
        [0, 0], [now - Math.floor(span / 2), 0], [0, now - Math.floor(span / 3)],
        [now - 50 * c.stepMs - 7, now - 20 * c.stepMs + 3], [now + 1e9, 0], [now - 10 * c.stepMs, now - 40 * c.stepMs],
      ];
      windows.forEach(([fromMs, toMs], wi) => {
        for (const series of SERIES_LIST) {
          for (const rows of [1024, 7, 1]) {
            const node = turn++ % c.nodes;
            out.push({ name: `c${ci} t${now} w${wi} ${series} rows=${rows} n${node}`, config: ci, node, nowMs: now, params: { series, fromMs, toMs, rows } });
          }
        }
      });
    }
  });
  return out;
}
