// A snapshot file as a read-only view: no network, the same picture, cell detail and hot keys as
// when it was exported; exported again, it keeps the time its data was taken and its redaction.
import { basename } from 'node:path';
import type { BalanceAnswer, ClusterView, HotKeysView, IpcRequest, ServedAnswer, TimeSpan } from '../../../shared/ipc';
import type { SavedHotKeys } from '../../../shared/snapshot';
import type { CellDetail, MergedMatrix } from '../../core/merge';
import type { OpenedSnapshot } from '../../core/snapshot';
import { fromSavedQuery } from '../../../shared/query';
import { availability, fileHotKeys, type MergedRound, mergedCell, mergedMatrix, type SnapshotSource } from './merged';
import { BalanceOfRound, servedOf } from './balance';
import { toClusterView } from './picture';
import { VIEW_CAN } from './can';
import type { ViewSide } from './side';
import type { View } from './view';


export class SnapshotView implements View {
  readonly kind = 'snapshot';
  readonly can = VIEW_CAN.snapshot;
  private readonly weighed = new BalanceOfRound();
  readonly redacted: boolean;
  private readonly shown: MergedRound;
  private readonly picture: ClusterView;
  private readonly saved: Map<string, SavedHotKeys>;
  private readonly file: string;

  constructor(s: OpenedSnapshot) {
    const { result, meta } = s;
    if (!result.merge) throw new Error(`${meta.path}: no node answered in this snapshot: there is nothing to show`);
    this.shown = { result: { ...result, merge: result.merge }, query: fromSavedQuery(meta.request), compat: meta.request.compat,
      takenAtMs: Date.parse(meta.createdAt) };
    this.redacted = meta.redacted;
    this.picture = toClusterView(result, 0);
    this.saved = new Map(s.hotKeys.map((h) => [h.bucket_id, h]));
    this.file = basename(meta.path);
  }

  refresh(): ClusterView {
    return this.picture;
  }

  matrix(): MergedMatrix {
    return mergedMatrix(this.shown)!;
  }

  cell(row: number, col: number): CellDetail | null {
    return mergedCell(this.shown, row, col);
  }

  side(): ViewSide {
    return { what: 'snapshot', file: this.file, atMs: this.shown.takenAtMs ?? null };
  }

  hotKeys(req: IpcRequest<'hotKeys'>): HotKeysView {
    return fileHotKeys(availability(this.shown, req, 'file', this.saved));
  }

  snapshot(): SnapshotSource {
    return { ...this.shown, redacted: this.redacted, hotKeys: [...this.saved.values()] };
  }

  balance(span: TimeSpan | null = null): BalanceAnswer {
    return this.weighed.of(this.shown, span);
  }

  served(req: IpcRequest<'served'>): ServedAnswer {
    return servedOf(this.shown, req.buckets, req.span);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
