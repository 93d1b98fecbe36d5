// What the views of merged rounds share (live, snapshot, capture replay): the round on screen, its
// cell detail with nodes named by node_id, its hot keys (asked or saved), and the snapshot it exports.
import type { HotKeysView, IpcRequest } from '../../../shared/ipc';
import type { SavedHotKeys } from '../../../shared/snapshot';
import type { FanoutResult, MatrixQuery } from '../../core/fanout';
import { type CellDetail, cellDetail, type MergedMatrix, type MergeResult } from '../../core/merge';
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
  // Nodes by node_id where this round's GET /cluster said who they are.
  const ids = new Map<string, string>();
  r.identities?.forEach((id, i) => { if (id?.nodeId) ids.set(r.nodes[i]!.status.node, id.nodeId); });
  return cellDetail(r.merge, row, col, (source) => ids.get(source) ?? source);
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
