// The nodes, now: each refresh is a fan-out round; hot keys are asked of the nodes and kept for the
// view's snapshot. The client (holding the secret and the session) lives here and nowhere else.
import type { BalanceAnswer, ClusterView, HotKeysView, IpcRequest, ProgressEvent, ServedAnswer, TimeSpan } from '../../../shared/ipc';
import type { SavedHotKeys } from '../../../shared/snapshot';
import type { ClusterClient } from '../../core/fanout';
import type { CellDetail, MergedMatrix } from '../../core/merge';
import { availability, type MergedRound, mergedCell, mergedMatrix, type SnapshotSource, withMerge } from './merged';
import { BalanceOfRound, servedOf } from './balance';
import { toClusterView } from './picture';
import { VIEW_CAN } from './can';
import type { ViewSide } from './side';
import type { View } from './view';


export class LiveView implements View {
  readonly kind = 'live';
  readonly can = VIEW_CAN.live;
  private readonly weighed = new BalanceOfRound();
  readonly redacted = false;
  /** The last round that merged: the view on screen stays the last good one when nothing answered. */
  private shown: MergedRound | null = null;
  /** When that round answered (the operator's clock). */
  private shownAtMs: number | null = null;
  /** Hot keys opened in this view, by bucket id (they go into its snapshot). */
  private readonly opened = new Map<string, SavedHotKeys>();

  constructor(readonly client: ClusterClient) {}

  async refresh(req: IpcRequest<'fetch'>, onProgress?: (e: ProgressEvent) => void): Promise<ClusterView> {
    const t0 = performance.now();
    const query = { series: req.series, rows: req.rows, fromMs: req.fromMs, toMs: req.toMs };
    const r = await this.client.fetch(query, {}, (node) => onProgress?.({ connectionId: req.connectionId, node }), req.incremental ?? false);
    const result = withMerge(r);
    if (result) {
      this.shown = { result, query, compat: false };
      this.shownAtMs = Date.now();
    }
    return toClusterView(r, Math.round(performance.now() - t0));
  }

  matrix(): MergedMatrix | null {
    return mergedMatrix(this.shown);
  }

  cell(row: number, col: number): CellDetail | null {
    return mergedCell(this.shown, row, col);
  }

  side(): ViewSide {
    return { what: 'live', file: null, atMs: this.shownAtMs };
  }

  async hotKeys(req: IpcRequest<'hotKeys'>): Promise<HotKeysView> {
    const a = availability(this.shown, req, 'ask', this.opened);
    if (a.state !== 'ask') {
      if (a.state === 'saved') throw new Error('a live view asks the nodes again');
      return a;
    }
    const r = await this.client.hotKeys(a.route, req.top);
    const now: SavedHotKeys = { bucket_id: req.bucketId, asked_at: new Date().toISOString(), outcome: r.outcome, nodes: r.nodes, merged: r.merged,
      split: r.split, ...(r.wholeRoute ? { whole_route: true } : {}) };
    this.opened.set(req.bucketId, now);
    return { state: 'answer', saved: now, rowTotal: a.rowTotal(r.wholeRoute), fromFile: false };
  }

  snapshot(): SnapshotSource {
    if (!this.shown) throw new Error('nothing is on screen yet: refresh first');
    return { ...this.shown, redacted: false, hotKeys: [...this.opened.values()] };
  }

  balance(span: TimeSpan | null = null): BalanceAnswer {
    return this.weighed.of(this.shown, span);
  }

  served(req: IpcRequest<'served'>): ServedAnswer {
    return servedOf(this.shown, req.buckets, req.span);
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
