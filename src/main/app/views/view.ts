// One open view, whatever it shows: each kind answers the same questions (its picture, a cell, hot
// keys, what it exports) and says what it can do. ClusterService keeps them by connection id and
// never asks which kind it holds.
import type { BalanceAnswer, ClusterView, HotKeysView, IpcRequest, ProgressEvent, ServedAnswer, TimeSpan, ViewCan, ViewKind } from '../../../shared/ipc';
import type { CellDetail, MergedMatrix } from '../../core/merge';
import type { SnapshotSource } from './merged';
import type { ViewSide } from './side';

export interface View {
  readonly kind: ViewKind;
  readonly can: ViewCan;
  /** The picture: a round asked now (live), or the view as it is (files, comparisons). */
  refresh(req: IpcRequest<'fetch'>, onProgress?: (e: ProgressEvent) => void): Promise<ClusterView> | ClusterView;
  /** The merged matrix on screen; null until something answered. */
  matrix(): MergedMatrix | null;
  /** Its keys are redacted (a redacted snapshot, or a comparison of two). */
  readonly redacted: boolean;
  cell(row: number, col: number): CellDetail | null;
  /** What a comparison calls this view: its kind, its file, when its data was taken. */
  side(): ViewSide;
  hotKeys(req: IpcRequest<'hotKeys'>): Promise<HotKeysView> | HotKeysView;
  /** Which node carries the traffic of the round on screen (over `span`, else all of it), or why this view cannot say. */
  balance(span?: TimeSpan | null): BalanceAnswer;
  /** Which node served some buckets of the round on screen over `span`, or why this view cannot say. */
  served(req: IpcRequest<'served'>): ServedAnswer;
  /** What a snapshot export writes; throws, saying why, when this view cannot be one. */
  snapshot(): SnapshotSource;
  close(): Promise<void>;
}
