// Record the live view every N: one fan-out per poll (after the first, each node is asked only for
// the columns since its last answer), one record per poll appended to the capture file, per-node
// segments, a free-space guard, and a clean end record when it ends, is stopped or is cut short.
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CAPTURE_FORMAT, CAPTURE_VERSION, type CaptureEnd, type Segment } from '../../../shared/capture';
import { rfc3339 } from '../../../shared/time';
import { toSavedQuery } from '../../../shared/query';
import { MIB } from '../../../shared/limits';
import type { BodyParts, ClusterClient, MatrixQuery, NodeStatus, RoundAnswer } from '../fanout';
import { writeMatrixJson } from '../merge';
import { aggregateOf, Segments } from './segments';
import { CaptureWriter, freeBytes as statfsFree } from './writer';

/** Time for the capture loop: real, or a test's (a "10-minute" capture then runs in seconds). */
export interface CaptureClock {
  now(): number;
  /** Resolves after `ms`, or early when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const realClock: CaptureClock = {
  now: () => Date.now(),
  sleep: (ms, signal) => sleep(ms, undefined, { signal }).catch(() => {}),
};

/** Never leave the disk with less than this free, nor with less than a few of the largest polls. */
export const DEFAULT_RESERVE_BYTES = 64 * MIB;

export interface CaptureOptions {
  client: ClusterClient;
  query: MatrixQuery;
  everyMs: number;
  /** null = until stopped. */
  forMs: number | null;
  path: string;
  force?: boolean;
  label?: string;
  appVersion: string;
  clock?: CaptureClock;
  freeBytes?: (dir: string) => Promise<number>;
  reserveBytes?: number;
  /** Abort = stop: the poll in flight finishes, then the end record is written. */
  signal?: AbortSignal;
  /** After each poll is on disk (awaited; its failures are ignored: a capture never dies of its observer). */
  onPoll?: (p: { seq: number; statuses: NodeStatus[]; segments: Segment[]; fileBytes: number; recordBytes: number }) => void | Promise<void>;
}

export interface CaptureSummary {
  path: string;
  polls: number;
  reason: CaptureEnd['reason'];
  aggregate: CaptureEnd['aggregate_status'];
  segments: Segment[];
  fileBytes: number;
  /** Record sizes, poll by poll (the first is the full matrices, the rest increments). */
  pollBytes: number[];
}

const isSpace = (c: number): boolean => c === 0x0a || c === 0x0d || c === 0x20 || c === 0x09;

/** A body's pieces as one line (trailing white space dropped), or null when a line break is inside. */
function oneLine(parts: BodyParts): Buffer[] | null {
  const out = [...parts];
  while (out.length > 0) {
    const last = out.at(-1)!;
    let end = last.length;
    while (end > 0 && isSpace(last[end - 1]!)) end--;
    if (end > 0) { out[out.length - 1] = last.subarray(0, end); break; }
    out.pop();
  }
  return out.some((p) => p.includes(0x0a) || p.includes(0x0d)) ? null : out;
}

function pollRecord(seq: number, at: number, nodes: readonly RoundAnswer[]): Array<Buffer | string> {
  const out: Array<Buffer | string> = [`{"type":"poll","seq":${seq},"at":${JSON.stringify(rfc3339(at))},"nodes":[`];
  nodes.forEach((n, i) => {
    const status = JSON.stringify(n.status);
    const m = n.increment ?? n.matrix;
    if (!m) { out.push((i ? ',' : '') + status); return; }
    out.push(`${i ? ',' : ''}${status.slice(0, -1)},"matrix":`);
    // A full answer's bytes as received (one line: its trailing newline dropped); an increment
    // (only new columns), or bytes with line breaks inside, from the parsed form.
    const line = !n.increment && n.raw ? oneLine(n.raw) : null;
    if (line) for (const p of line) out.push(p);
    else writeMatrixJson(m, (c) => out.push(c));
    out.push('}');
  });
  out.push(']}');
  return out;
}

export async function runCapture(o: CaptureOptions): Promise<CaptureSummary> {
  const clock = o.clock ?? realClock;
  const signal = o.signal ?? new AbortController().signal;
  const free = o.freeBytes ?? statfsFree;
  const nodes = o.client.nodes.map((n) => n.input);
  const writer = await CaptureWriter.create(o.path, o.force);
  const segments = new Segments(nodes);
  const pollBytes: number[] = [];
  let reason: CaptureEnd['reason'] = 'completed';
  try {
    const start = clock.now();
    await writer.append([JSON.stringify({
      type: 'header', format: CAPTURE_FORMAT, version: CAPTURE_VERSION, created_at: rfc3339(start), app_version: o.appVersion,
      ...(o.label !== undefined ? { label: o.label } : {}),
      request: toSavedQuery(o.query),
      every_ms: o.everyMs, for_ms: o.forMs, nodes,
    })]);
    for (let seq = 1; ; seq++) {
      if (signal.aborted) { reason = 'stopped'; break; }
      const largest = Math.max(0, ...pollBytes);
      if (await free(dirname(o.path)) < Math.max(o.reserveBytes ?? DEFAULT_RESERVE_BYTES, 4 * largest)) { reason = 'disk'; break; }
      const r = await o.client.fetch(o.query, {}, undefined, seq > 1);
      const statuses = r.nodes.map((n) => n.status);
      segments.add(statuses);
      const size = await writer.append(pollRecord(seq, clock.now(), r.nodes));
      pollBytes.push(size);
      try {
        await o.onPoll?.({ seq, statuses, segments: segments.current(), fileBytes: writer.bytes, recordBytes: size });
      } catch { /* see onPoll */ }
      const next = start + seq * o.everyMs;
      if (o.forMs !== null && next >= start + o.forMs) break;
      await clock.sleep(Math.max(0, next - clock.now()), signal);
    }
    const final = segments.final(reason === 'disk');
    const aggregate = aggregateOf(final);
    await writer.append([JSON.stringify({ type: 'end', at: rfc3339(clock.now()), reason, polls: pollBytes.length, aggregate_status: aggregate,
      segments: final } satisfies CaptureEnd)]);
    return { path: o.path, polls: pollBytes.length, reason, aggregate, segments: final, fileBytes: writer.bytes, pollBytes };
  } finally {
    await writer.close();
  }
}
