// Per-node segments of a capture and the capture's status: each node its own polls, successes,
// failures and bytes; the aggregate is the worst case (failed > truncated > completed).
import type { AggregateStatus, Segment } from '../../../shared/capture';
import type { NodeStatus } from '../fanout';

export class Segments {
  private readonly list: Segment[];
  private readonly lastOk: boolean[];
  private readonly everFailed: boolean[];

  constructor(nodes: readonly string[]) {
    this.list = nodes.map((node) => ({ node, status: 'recording', polls: 0, ok: 0, failed: 0, bytes: 0 }));
    this.lastOk = nodes.map(() => false);
    this.everFailed = nodes.map(() => false);
  }

  /** One poll's statuses, in configured order. */
  add(statuses: readonly NodeStatus[]): void {
    statuses.forEach((s, i) => {
      const seg = this.list[i]!;
      seg.polls++;
      seg.bytes += s.bytes;
      // Another address of a node already asked: its twin answered for it, no failure of its own.
      const ok = s.ok || s.duplicate_of !== undefined;
      if (ok) seg.ok++;
      else {
        seg.failed++;
        seg.last_error = s.error ?? 'failed';
        this.everFailed[i] = true;
      }
      this.lastOk[i] = ok;
    });
  }

  /** While recording. */
  current(): Segment[] {
    return this.list.map((s) => ({ ...s }));
  }

  /**
   * At the end: `completed` if the node's last poll succeeded (`recovered` if it had failed
   * before) or it was never polled, `failed` if its last poll failed, `truncated` if the disk
   * guard cut the capture short while the node was fine.
   */
  final(truncated: boolean): Segment[] {
    return this.list.map((s, i) => {
      const ok = s.polls > 0 && this.lastOk[i]!;
      // Never polled (stopped or cut short before the first poll): nothing failed.
      const status = s.polls === 0 ? (truncated ? 'truncated' : 'completed') : !ok ? 'failed' : truncated ? 'truncated' : 'completed';
      return { ...s, status, ...(ok && this.everFailed[i] ? { recovered: true } : {}) };
    });
  }
}

export function aggregateOf(segments: readonly Segment[]): Exclude<AggregateStatus, 'interrupted'> {
  if (segments.some((s) => s.status === 'failed')) return 'failed';
  if (segments.some((s) => s.status === 'truncated')) return 'truncated';
  return 'completed';
}
