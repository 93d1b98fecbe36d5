// A round's result as the renderer draws it: flat typed arrays (row-major) and the statuses.
import type { ClusterView, ViewMatrix } from '../../../shared/ipc';
import { describeLoginFailures, type FanoutResult } from '../../core/fanout';
import type { MergedMatrix } from '../../core/merge';
import { rowGroup } from '../../../shared/elastickv/key-text';

/**
 * The merged rows' values as one row-major array: the merge's own when its rows already lie so
 * (one buffer, in order, nothing else in it: the merge lays them out in display order), else a copy.
 * Shared, not copied: nothing changes a merged matrix, and IPC copies it anyway.
 */
function rowMajorValues(m: MergedMatrix, W: number): Float64Array<ArrayBuffer> | null {
  const first = m.rows[0]?.values;
  if (!(first instanceof Float64Array) || first.byteOffset !== 0 || first.buffer.byteLength !== m.rows.length * W * 8) return null;
  for (let i = 0; i < m.rows.length; i++) {
    const v = m.rows[i]!.values;
    if (v.buffer !== first.buffer || v.byteOffset !== i * W * 8 || v.length !== W) return null;
  }
  return new Float64Array(first.buffer as ArrayBuffer);
}

export function toViewMatrix(m: MergedMatrix): ViewMatrix {
  const W = m.columns.length;
  const cells = m.rows.length * W;
  const shared = rowMajorValues(m, W);
  const values = shared ?? new Float64Array(cells);
  const conflicts = new Uint8Array(cells);
  const handovers = new Uint8Array(cells);
  m.rows.forEach((r, i) => {
    const at = i * W;
    if (!shared) values.set(r.values.subarray(0, W), at);
    if (r.conflicts) conflicts.set(r.conflicts.subarray(0, W), at);
    if (r.handovers) handovers.set(r.handovers.subarray(0, W), at);
  });
  return {
    series: m.series, generatedAt: m.generatedAt, columns: Float64Array.from(m.columns), values, conflicts, handovers,
    rows: m.rows.map((r) => ({ bucketId: r.bucketId, label: r.label, start: r.start, end: r.end, aggregate: r.aggregate,
      routeCount: r.routeCount, routeIds: r.routeIds, routeIdsTruncated: r.routeIdsTruncated, conflict: r.conflicts !== null,
      group: r.groups ? rowGroup(r.groups.subarray(0, W), r.values.subarray(0, W)) : 0 })),
  };
}

export function toClusterView(r: FanoutResult, elapsedMs: number): ClusterView {
  return {
    outcome: r.outcome,
    nodes: r.nodes.map((n) => n.status),
    fanout: r.fanout,
    warnings: [
      ...r.warnings.map((message) => ({ kind: 'node_address', message })),
      ...(r.merge?.warnings ?? []).map((w) => ({ kind: w.kind, message: w.message, ...(w.bucketId ? { bucket_id: w.bucketId } : {}) })),
    ],
    matrix: r.merge ? toViewMatrix(r.merge.matrix) : null,
    elapsedMs,
    events: r.merge ? r.merge.events.map((e) => ({ group: e.group, columnMs: r.merge!.matrix.columns[e.column]!,
      from: r.merge!.inputs[e.from]!.source, to: r.merge!.inputs[e.to]!.source, fromTerm: e.fromTerm, toTerm: e.toTerm, cells: e.cells })) : [],
    eventsOmitted: r.merge?.eventsOmitted ?? 0,
    missing: r.missing,
    login: r.outcome === 'failed' && r.login.length > 0 && r.login.every((a) => !a.ok)
      ? { error: describeLoginFailures(r.login),
        credentialsRefused: r.login.some((a) => !a.ok && a.kind === 'credentials') }
      : null,
  };
}
