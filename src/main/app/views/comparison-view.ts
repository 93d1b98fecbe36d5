// B − A of two open views of one series: the difference per cell, each side's value in the cell
// detail. Not a snapshot (export each side); no hot keys (open either side to see them).
import type { BalanceAnswer, ClusterView, HotKeysView, ServedAnswer } from '../../../shared/ipc';
import { type CellDetail, diffCellDetail, type MatrixDiff, type MergedMatrix } from '../../core/merge';
import type { SnapshotSource } from './merged';
import { toViewMatrix } from './picture';
import { VIEW_CAN } from './can';
import type { ViewSide } from './side';
import type { View } from './view';


export class ComparisonView implements View {
  readonly kind = 'comparison';
  readonly can = VIEW_CAN.comparison;
  private readonly picture: ClusterView;

  /** The node strip shows the two sides as `A · …` and `B · …`, named as the diff names them. */
  constructor(private readonly diff: MatrixDiff, readonly redacted: boolean) {
    const side = (node: string) => ({ node, ok: true, elapsed_ms: 0, bytes: 0, warnings: [] });
    const a = `A · ${diff.labels.a}`;
    const b = `B · ${diff.labels.b}`;
    this.picture = {
      outcome: 'complete', nodes: [side(a), side(b)],
      fanout: { nodes: [{ node: a, ok: true }, { node: b, ok: true }], responded: 2, expected: 2 },
      warnings: [], matrix: toViewMatrix(diff.matrix), elapsedMs: 0, login: null, events: [], eventsOmitted: 0, missing: null,
    };
  }

  refresh(): ClusterView {
    return this.picture;
  }

  matrix(): MergedMatrix {
    return this.diff.matrix;
  }

  cell(row: number, col: number): CellDetail | null {
    return diffCellDetail(this.diff, row, col);
  }

  side(): ViewSide {
    return { what: 'comparison', file: null, atMs: null };
  }

  hotKeys(): HotKeysView {
    return { state: 'unavailable', why: { reason: 'comparison' } };
  }

  /** A difference is no node's traffic: each side has its own balance. */
  balance(): BalanceAnswer {
    return { state: 'unavailable', why: { reason: 'comparison' } };
  }

  served(): ServedAnswer {
    return { state: 'unavailable', why: { reason: 'comparison' } };
  }

  snapshot(): SnapshotSource {
    throw new Error('a comparison is not a snapshot: export each side, or export it as CSV or PNG');
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
