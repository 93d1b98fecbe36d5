// Captures in the app: record the live view every N (each node's segment shown as it goes, Stop
// finishes the poll in flight), and replay a capture with a time slider.
import { useEffect, useState } from 'react';
import type { Segment } from '../../../shared/capture';
import { api } from '../api';
import { formatBytes as size } from '../../../shared/format';
import { useAppStore } from '../store';

/** Capture events, wherever the window is (a capture outlives the view it was started from), and the one already running. */
export function useCaptureEvents(): void {
  useEffect(() => {
    const { onCaptureEvent, recordingFound } = useAppStore.getState();
    let off: (() => void) | undefined;
    try {
      off = api.onCaptureEvent(onCaptureEvent);
    } catch {
      return undefined; // no bridge: App already says so
    }
    api.captureStatus().then((p) => { if (p) recordingFound(p); }).catch(() => {});
    return off;
  }, []);
}

const EVERY = [['1 s', 1000], ['5 s', 5000], ['10 s', 10_000], ['30 s', 30_000], ['1 min', 60_000]] as const;
const FOR = [['10 s', 10_000], ['1 min', 60_000], ['10 min', 600_000], ['1 h', 3_600_000], ['until stopped', null]] as const;

/** "Record…": how often and how long, then a save dialog. */
export function RecordButton(): React.JSX.Element | null {
  const live = useAppStore((s) => s.connection?.can.capture === true);
  const recording = useAppStore((s) => s.recording !== null && s.recording.ended === null);
  const startRecording = useAppStore((s) => s.startRecording);
  const [open, setOpen] = useState(false);
  const [every, setEvery] = useState(5000);
  const [forMs, setFor] = useState<number | null>(600_000);
  if (!live) return null;
  const start = async (): Promise<void> => {
    setOpen(false);
    await startRecording(every, forMs);
  };
  return (
    <span className="record">
      <button type="button" disabled={recording} onClick={() => setOpen(!open)}>{recording ? 'Recording…' : 'Record…'}</button>
      {open && (
        <span className="record-form" role="group" aria-label="Record">
          <label>every <select value={every} onChange={(e) => setEvery(Number(e.target.value))}>
            {EVERY.map(([l, v]) => <option key={v} value={v}>{l}</option>)}</select></label>
          <label>for <select value={String(forMs)} onChange={(e) => setFor(e.target.value === 'null' ? null : Number(e.target.value))}>
            {FOR.map(([l, v]) => <option key={l} value={String(v)}>{l}</option>)}</select></label>
          <button type="button" onClick={() => void start()}>Start…</button>
        </span>
      )}
    </span>
  );
}

function SegmentChip({ s }: { s: Segment }): React.JSX.Element {
  return (
    <span className={`badge badge-${s.status === 'failed' || (s.status === 'recording' && s.last_error && s.failed > 0) ? 'failed' : 'ok'}`}
      data-segment={s.status} title={s.last_error ? `last error: ${s.last_error}` : undefined}>
      <span className="dot" aria-hidden="true" /> {s.node} · {s.status} · {s.ok}/{s.polls} ok{s.recovered ? ' · recovered' : ''}
      <span className="size"> · {size(s.bytes)}</span>
    </span>
  );
}

/** The capture being recorded (or just finished): each node's segment, the file, Stop. */
export function RecordingBar(): React.JSX.Element | null {
  const rec = useAppStore((s) => s.recording);
  const stopping = useAppStore((s) => s.stopping);
  const stopRecording = useAppStore((s) => s.stopRecording);
  const replayRecording = useAppStore((s) => s.replayRecording);
  const dismissRecording = useAppStore((s) => s.dismissRecording);
  if (!rec) return null;
  return (
    <section className="recording" aria-label="Capture">
      {/* One line (the path in full in its tooltip): the heatmap keeps the height. */}
      <span className="recording-text" title={rec.path ?? undefined}>
        <strong>{rec.ended ? `Capture ${rec.error ? 'failed' : rec.ended.aggregate}` : 'Recording'}</strong>
        {' '}{rec.polls} poll{rec.polls === 1 ? '' : 's'} · {size(rec.fileBytes)} · {rec.path}
        {rec.error && <span role="alert" className="error"> — {rec.error}</span>}
        {rec.ended && !rec.error && rec.ended.reason === 'disk' && <span className="warning"> — stopped before the disk filled</span>}
      </span>
      <div className="node-strip">{rec.segments.map((s) => <SegmentChip key={s.node} s={s} />)}</div>
      <span className="buttons">
        {!rec.ended && <button type="button" disabled={stopping} onClick={stopRecording}>{stopping ? 'Stopping after this poll…' : 'Stop'}</button>}
        {rec.ended && rec.path && !rec.error && <button type="button" onClick={() => void replayRecording()}>Replay</button>}
        {rec.ended && <button type="button" aria-label="Dismiss" onClick={dismissRecording}>×</button>}
      </span>
    </section>
  );
}

/** Replay: the capture's polls on a slider, its status and each node's segment. */
export function ReplayBar(): React.JSX.Element | null {
  const c = useAppStore((s) => s.connection);
  const showFrame = useAppStore((s) => s.showFrame);
  if (!c?.capture) return null;
  const { polls, frame, aggregate, segments } = c.capture;
  const at = polls[frame];
  return (
    <section className="replay" aria-label="Replay">
      <p className="file-banner" role="status">
        <strong>Capture</strong> of {c.label}, {polls.length} polls every {c.capture.everyMs / 1000} s · status <strong>{aggregate}</strong>
        {aggregate === 'interrupted' ? ' (the recorder stopped without finishing; every completed poll is here)' : ''} · read-only
      </p>
      <label className="slider">Poll {frame + 1} of {polls.length}{at ? ` · ${new Date(at.at).toLocaleString()} · ${at.ok} node(s) answered` : ''}
        <input type="range" min={1} max={polls.length} value={frame + 1} aria-label="Poll"
          onChange={(e) => void showFrame(Number(e.target.value) - 1)} />
      </label>
      <div className="node-strip" aria-label="Segments">{segments.map((s) => <SegmentChip key={s.node} s={s} />)}</div>
    </section>
  );
}
