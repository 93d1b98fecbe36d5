// Captures: the one being recorded (or just finished), whichever view is open (a capture outlives
// the view it was started from), and replaying one poll after another.
import type { StateCreator } from 'zustand';
import type { Segment } from '../../../shared/capture';
import type { CaptureEvent, IpcResponse } from '../../../shared/ipc';
import { api } from '../api';
import { errorText as message } from '../errors';
import type { Store } from './types';
import { rangeBounds } from './view';

export interface Recording {
  path: string | null;
  polls: number;
  segments: Segment[];
  fileBytes: number;
  /** Set when it ended. */
  ended: { aggregate: string; reason: string } | null;
  error: string | null;
}

export interface CaptureData {
  recording: Recording | null;
  /** Stop was asked: the poll in flight finishes first. */
  stopping: boolean;
}

export interface CaptureSlice extends CaptureData {
  /** Record the live view every `everyMs` for `forMs` (null: until stopped); main asks where to save it. */
  startRecording(everyMs: number, forMs: number | null): Promise<void>;
  stopRecording(): void;
  dismissRecording(): void;
  /** Open the finished recording for replay. */
  replayRecording(): Promise<void>;
  onCaptureEvent(e: CaptureEvent): void;
  /** A capture was running before this window loaded (a reload): catch up with it. */
  recordingFound(status: NonNullable<IpcResponse<'captureStatus'>>): void;
  /** Replay: show poll `index` (0-based) of the capture. */
  showFrame(index: number): Promise<void>;
}

export const captureInitial = (): CaptureData => ({ recording: null, stopping: false });

const fresh = (path: string | null): Recording => ({ path, polls: 0, segments: [], fileBytes: 0, ended: null, error: null });

export const createCaptureSlice: StateCreator<Store, [], [], CaptureSlice> = (set, get) => ({
  ...captureInitial(),

  async startRecording(everyMs, forMs) {
    const { connection: c, series, rows, range } = get();
    if (!c?.can.capture) return;
    try {
      const r = await api.startCapture({ connectionId: c.id, label: c.label, everyMs, forMs,
        query: { series, rows, ...rangeBounds(range, Date.now()) } });
      // Events may have come first (a fast first poll): keep what they said.
      if (r.path && get().recording?.path !== r.path) set({ recording: fresh(r.path) });
    } catch (err) {
      set({ recording: { ...fresh(null), ended: { aggregate: 'failed', reason: 'error' }, error: message(err) } });
    }
  },

  stopRecording() {
    set({ stopping: true });
    // Done (or nothing was running): the 'done' event normally says so; never stay "stopping".
    void api.stopCapture().catch(() => {}).finally(() => set({ stopping: false }));
  },

  dismissRecording() {
    set({ recording: null });
  },

  async replayRecording() {
    const path = get().recording?.path;
    if (!path) return;
    set({ recording: null });
    await get().openSnapshot(path);
  },

  onCaptureEvent(e) {
    const rec = get().recording;
    if (e.type === 'poll') {
      set({ recording: { ended: null, error: null, ...rec, path: e.path, polls: e.seq, segments: e.segments, fileBytes: e.fileBytes } });
    } else if (e.type === 'done') {
      set({ stopping: false, recording: { path: e.path, polls: e.polls, segments: e.segments, fileBytes: e.fileBytes,
        ended: { aggregate: e.aggregate, reason: e.reason }, error: null } });
    } else {
      set({ stopping: false, recording: { polls: 0, segments: [], fileBytes: 0, ...rec, path: e.path, error: e.error,
        ended: { aggregate: 'failed', reason: 'error' } } });
    }
  },

  recordingFound(p) {
    if (get().recording) return;
    set({ recording: { ...fresh(p.path), polls: p.seq, segments: p.segments, fileBytes: p.fileBytes } });
  },

  async showFrame(index) {
    const c = get().connection;
    if (!c?.capture || index === c.capture.frame) return;
    set({ connection: { ...c, capture: { ...c.capture, frame: index } } });
    try {
      await api.captureFrame({ connectionId: c.id, index });
      await get().refresh();
    } catch (err) {
      set({ error: message(err) });
    }
  },
});
