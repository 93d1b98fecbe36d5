// Two addresses of one node (127.0.0.1 and localhost, a DNS alias) would count its traffic twice.
// A node says who it is (GET /cluster's node_id), but its word alone is no proof: a node that
// claimed another's node_id could have that node left out. So two addresses are taken for one node
// only when both say the same node_id and gave the same answer (one ring, one sketch).
import type { HotKeysResponse } from '../../../shared/elastickv/wire';
import type { NodeMatrix } from '../merge';

const sameArray = (a: ArrayLike<number> | null, b: ArrayLike<number> | null): boolean => {
  if (a === null || b === null) return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

/** One node's matrix asked twice: the same columns, rows and cells. */
export function sameMatrix(a: NodeMatrix, b: NodeMatrix): boolean {
  if (!sameArray(a.exactColumns ?? a.columns, b.exactColumns ?? b.columns) || a.rows.length !== b.rows.length) return false;
  return a.rows.every((r, i) => {
    const s = b.rows[i]!;
    return r.bucketId === s.bucketId && sameArray(r.values, s.values)
      && sameArray(r.groups, s.groups) && sameArray(r.terms, s.terms);
  });
}

/** One node's hot keys asked twice: the same sketch (its time) and the same keys. */
export function sameHotKeys(a: HotKeysResponse, b: HotKeysResponse): boolean {
  return a.snapshot_at === b.snapshot_at && a.keys.length === b.keys.length
    && a.keys.every((k, i) => k.key_b64 === b.keys[i]!.key_b64 && k.count === b.keys[i]!.count);
}

/** Positions whose node_id an earlier position also gave, each → the earliest such position. */
export function sameNodeIds(ids: ReadonlyArray<string | undefined>): Map<number, number> {
  const first = new Map<string, number>();
  const out = new Map<number, number>();
  ids.forEach((id, i) => {
    if (!id) return;
    const j = first.get(id);
    if (j === undefined) first.set(id, i);
    else out.set(i, j);
  });
  return out;
}

/** The status of an address found to be another's twin (not a failure: its twin answered for both). */
export function twinStatus(node: string, twin: string, nodeId: string, asked: boolean): {
  node: string; ok: false; error: string; duplicate_of: string; elapsed_ms: number; bytes: number;
} {
  return { node, ok: false, duplicate_of: twin, elapsed_ms: 0, bytes: 0,
    error: `${asked ? 'counted once' : 'not asked'}: the same node as ${twin} (node_id ${nodeId}, the same answer), whose answer counts for both` };
}
