// Recording the live view from the app: one capture at a time, with its own session to the same
// nodes (a sibling client, so the view's own refreshes do not disturb its increments), progress
// sent to the window after every poll, Stop = finish the poll in flight and write the end record.
import { type CaptureSummary, runCapture } from './core/capture';
import type { ClusterService } from './cluster-service';
import { type Dialogs, FILTERS } from './dialogs';
import { defaultName } from './snapshot-service';
import type { CaptureEvent, IpcRequest, IpcResponse } from '../shared/ipc';

export interface CaptureServiceOptions {
  clusters: ClusterService;
  dialogs: Dialogs;
  appVersion: string;
  /** Free bytes on a disk (tests inject it). */
  freeBytes?: (dir: string) => Promise<number>;
}

export class CaptureService {
  private running: { stop: AbortController; done: Promise<CaptureSummary | null> } | null = null;

  constructor(private readonly o: CaptureServiceOptions) {}

  async start(req: IpcRequest<'startCapture'>, send: (e: CaptureEvent) => void): Promise<IpcResponse<'startCapture'>> {
    if (this.running) throw new Error('a capture is already recording: stop it first');
    const path = await this.o.dialogs.saveFile(`${defaultName(req.label, req.query.series)}.kvcap`, FILTERS.capture);
    if (path === null) return { path: null };
    const client = this.o.clusters.sibling(req.connectionId);
    const stop = new AbortController();
    const done = runCapture({
      client, query: req.query, everyMs: req.everyMs, forMs: req.forMs, path, force: true, label: req.label, appVersion: this.o.appVersion,
      signal: stop.signal, ...(this.o.freeBytes ? { freeBytes: this.o.freeBytes } : {}),
      onPoll: (p) => send({ type: 'poll', path, seq: p.seq, segments: p.segments, fileBytes: p.fileBytes }),
    }).then((summary) => {
      send({ type: 'done', path, aggregate: summary.aggregate, reason: summary.reason, polls: summary.polls, segments: summary.segments,
        fileBytes: summary.fileBytes });
      return summary;
    }, (err: unknown) => {
      send({ type: 'error', path, error: err instanceof Error ? err.message : String(err) });
      return null;
    }).finally(async () => {
      this.running = null;
      await client.close();
    });
    this.running = { stop, done };
    return { path };
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
