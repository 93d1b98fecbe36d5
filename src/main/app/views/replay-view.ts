// A capture replayed: one poll at a time (the last one first), each merged as the capture merged it
// when recorded. No network; a capture records matrices, not hot keys.
import { basename } from 'node:path';
import type { BalanceAnswer, ClusterView, HotKeysView, IpcRequest, ServedAnswer, TimeSpan } from '../../../shared/ipc';
import { type CaptureFile, CaptureReplay } from '../../core/capture';
import type { MatrixQuery } from '../../core/fanout';
import type { CellDetail, MergedMatrix } from '../../core/merge';
import { fromSavedQuery } from '../../../shared/query';
import { availability, fileHotKeys, type MergedRound, mergedCell, mergedMatrix, type SnapshotSource, withMerge } from './merged';
import { BalanceOfRound, servedOf } from './balance';
import { toClusterView } from './picture';
import { VIEW_CAN } from './can';
import type { ViewSide } from './side';
import type { View } from './view';

const NO_HOT_KEYS = new Map();

export class ReplayView implements View {
  readonly kind = 'replay';
  readonly can = VIEW_CAN.replay;
  private readonly weighed = new BalanceOfRound();
  readonly redacted = false;
  private readonly replay: CaptureReplay;
  private readonly query: MatrixQuery;
  private readonly file: string;
  /** null = no node answered in the poll shown. */
  private shown: MergedRound | null = null;
  private picture!: ClusterView;

  constructor(file: CaptureFile) {
    if (file.polls.length === 0) throw new Error(`${file.path}: this capture holds no poll`);
    this.replay = new CaptureReplay(file);
    this.query = fromSavedQuery(file.header.request);
    this.file = basename(file.path);
    this.frame(file.polls.length - 1);
  }

  /** Show poll `index` (0-based). */
  frame(index: number): void {
    const r = this.replay.frame(index);
    const result = withMerge(r);
    this.shown = result ? { result, query: this.query, compat: false, takenAtMs: Date.parse(this.replay.pollAt(index)) } : null;
    this.picture = toClusterView(r, 0);
  }

  refresh(): ClusterView {
    return this.picture;
  }

  matrix(): MergedMatrix | null {
    return mergedMatrix(this.shown);
  }

  cell(row: number, col: number): CellDetail | null {
    return mergedCell(this.shown, row, col);
  }

  /** The poll on screen: its time. */
  side(): ViewSide {
    return { what: 'capture', file: this.file, atMs: this.shown?.takenAtMs ?? null };
  }

  hotKeys(req: IpcRequest<'hotKeys'>): HotKeysView {
    return fileHotKeys(availability(this.shown, req, 'capture', NO_HOT_KEYS));
  }

  snapshot(): SnapshotSource {
    if (!this.shown) throw new Error('no node answered in this poll: there is nothing to export');
    return { ...this.shown, redacted: false, hotKeys: [] };
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
