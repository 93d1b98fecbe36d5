// Recording the live view from the app: one capture at a time, with its own session to the same
// nodes (a sibling client, so the view's own refreshes do not disturb its increments), progress
// sent to the window after every poll, Stop = finish the poll in flight and write the end record.
import { type CaptureSummary, runCapture } from '../core/capture';
import type { ClusterService } from './cluster-service';
import { type Dialogs, FILTERS } from './dialogs';
import { defaultName } from './snapshot-service';
import type { CaptureEvent, IpcRequest, IpcResponse } from '../../shared/ipc';
import { errorText } from '../../shared/error-text';

export interface CaptureServiceOptions {
  clusters: ClusterService;
  dialogs: Dialogs;
  appVersion: string;
  /** Free bytes on a disk (tests inject it). */
  freeBytes?: (dir: string) => Promise<number>;
}

/** What the window shows of the capture being recorded (a reloaded window catches up with it). */
type Progress = Omit<Extract<CaptureEvent, { type: 'poll' }>, 'type'>;

export class CaptureService {
  /** Set before the save dialog opens: a second Start while it is open is refused. */
  private running: { stop: AbortController; done: Promise<CaptureSummary | null>; progress: Progress | null } | null = null;

  constructor(private readonly o: CaptureServiceOptions) {}

  status(): Progress | null {
    return this.running?.progress ?? null;
  }

  async start(req: IpcRequest<'startCapture'>, send: (e: CaptureEvent) => void): Promise<IpcResponse<'startCapture'>> {
    if (this.running) throw new Error('a capture is already recording: stop it first');
    // A file view has no nodes: say so before the user picks a file.
    const client = this.o.clusters.sibling(req.connectionId);
    const stop = new AbortController();
    let settle: (v: CaptureSummary | null) => void = () => {};
    const me: NonNullable<CaptureService['running']> = { stop, done: new Promise((r) => { settle = r; }), progress: null };
    this.running = me;
    let path: string | null;
    try {
      path = await this.o.dialogs.saveFile(`${defaultName(req.label, req.query.series)}.kvcap`, FILTERS.capture);
    } catch (err) {
      path = null;
      this.running = null;
      settle(null);
      await client.close();
      throw err;
    }
    if (path === null || stop.signal.aborted) {
      this.running = null;
      settle(null);
      await client.close();
      return { path: null };
    }
    const at = path;
    // The window may be gone (closed, reloading): a capture never dies of a failed report.
    const tell = (e: CaptureEvent): void => { try { send(e); } catch { /* nobody listening */ } };
    runCapture({
      client, query: req.query, everyMs: req.everyMs, forMs: req.forMs, path: at, force: true, label: req.label, appVersion: this.o.appVersion,
      signal: stop.signal, ...(this.o.freeBytes ? { freeBytes: this.o.freeBytes } : {}),
      onPoll: (p) => {
        me.progress = { path: at, seq: p.seq, segments: p.segments, fileBytes: p.fileBytes };
        tell({ type: 'poll', ...me.progress });
      },
    }).then((summary) => {
      tell({ type: 'done', path: at, aggregate: summary.aggregate, reason: summary.reason, polls: summary.polls, segments: summary.segments,
        fileBytes: summary.fileBytes });
      return summary;
    }, (err: unknown) => {
      tell({ type: 'error', path: at, error: errorText(err) });
      return null;
    }).then(async (summary) => {
      if (this.running === me) this.running = null;
      await client.close().catch(() => {});
      settle(summary);
    });
    return { path: at };
  }

  /** Stop after the poll in flight; resolves when the end record is written. */
  async stop(): Promise<null> {
    const r = this.running;
    if (!r) return null;
    r.stop.abort();
    await r.done;
    return null;
  }
}
