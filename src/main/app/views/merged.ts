// What the views of merged rounds share (live, snapshot, capture replay): the round on screen, its
// cell detail with nodes named by node_id, its hot keys (asked or saved), and the snapshot it exports.
import type { HotKeysView, IpcRequest } from '../../../shared/ipc';
import type { SavedHotKeys } from '../../../shared/snapshot';
import type { FanoutResult, MatrixQuery } from '../../core/fanout';
import { type CellDetail, cellDetail, type MergedMatrix, type MergeResult, type RosterNode } from '../../core/merge';
import { briefError } from '../../../shared/error-text';
import { hotKeysAvailability, type HotKeysAvailability, type HotKeysSource } from '../../core/hotkeys/availability';

/** A round (or a file's) with a merge: what is on screen. */
export interface MergedRound {
  result: FanoutResult & { merge: MergeResult };
  query: MatrixQuery;
  compat: boolean;
  /** Files: when the data was taken (kept when exported again). */
  takenAtMs?: number;
}

/** What a snapshot export writes. */
export interface SnapshotSource extends MergedRound {
  redacted: boolean;
  hotKeys: SavedHotKeys[];
}

/** The round's result with its merge (null when no node answered: nothing to show). */
export function withMerge(result: FanoutResult): (FanoutResult & { merge: MergeResult }) | null {
  return result.merge ? { ...result, merge: result.merge } : null;
}

export function mergedCell(shown: MergedRound | null, row: number, col: number): CellDetail | null {
  if (!shown) return null;
  const r = shown.result;
  return cellDetail(r.merge, row, col, roster(r));
}

/** Every configured node of the round: named by node_id where its GET /cluster said who it is, and why a silent one gave nothing. */
function roster(r: FanoutResult): RosterNode[] {
  const nodeId = (i: number): string | null => r.identities?.[i]?.nodeId ?? null;
  const nameOf = (node: string): string => {
    const i = r.nodes.findIndex((n) => n.status.node === node);
    return (i >= 0 ? nodeId(i) : null) ?? node;
  };
  return r.nodes.map((n, i) => ({
    source: n.status.node, nodeId: nodeId(i),
    noAnswer: n.matrix !== null ? null
      : n.status.duplicate_of !== undefined ? `the same node as ${nameOf(n.status.duplicate_of)}, counted once`
        : briefError(n.status.error ?? 'no answer'),
  }));
}

export function mergedMatrix(shown: MergedRound | null): MergedMatrix | null {
  return shown?.result.merge.matrix ?? null;
}

/** The hot-keys rule applied to a cell of this round; `opened` are the keys already opened (or saved). */
export function availability(shown: MergedRound | null, req: IpcRequest<'hotKeys'>, source: HotKeysSource,
  opened: ReadonlyMap<string, SavedHotKeys>): HotKeysAvailability {
  if (!shown) return { state: 'unavailable', why: { reason: 'nothing-on-screen' } };
  return hotKeysAvailability({ matrix: shown.result.merge.matrix, row: req.row, col: req.col, bucketId: req.bucketId, latest: req.latest ?? false,
    source, pastWindow: shown.query.toMs !== null, saved: opened.get(req.bucketId) });
}

/** A file's answer: its saved keys, or why there are none (files never ask the nodes). */
export function fileHotKeys(a: HotKeysAvailability): HotKeysView {
  if (a.state === 'saved') return { state: 'answer', saved: a.saved, rowTotal: a.rowTotal, fromFile: true };
  if (a.state === 'ask') throw new Error('a file view never asks the nodes for hot keys');
  return a;
}
