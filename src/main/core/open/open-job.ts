// One file opened for viewing, start to end (read, decompress, JSON.parse, validate, parse the
// nodes' matrices, merge): pure data in and out, so it runs the same in a worker thread. Errors
// cross the thread boundary as data and are rebuilt as the class the reader threw.
import type { MessagePort } from 'node:worker_threads';
import { CaptureReadError, type CaptureFile, looksLikeCapture, readCapture } from '../capture';
import { type OpenedSnapshot, openSnapshot, SnapshotReadError } from '../snapshot';
import { errorText } from '../../../shared/error-text';

export interface OpenJob {
  path: string;
  /** The snapshot size limit (captures read with their own default, as before). */
  maxBytes: number;
}

/** What the worker is started with: the job, and the port its result goes to. */
export interface OpenWorkerData {
  job: OpenJob;
  port: MessagePort;
}

export type OpenedFile =
  | { kind: 'snapshot'; snapshot: OpenedSnapshot }
  | { kind: 'capture'; capture: CaptureFile };

/** An error as data: the reader's class by name, its path and its exact message. */
export interface OpenErrorData {
  kind: 'snapshot' | 'capture' | 'other';
  message: string;
  path?: string;
}

/** The worker's answer: the file's graph is in `chunks` messages on the job's port (graph-wire), or the error. */
export type OpenAnswer = { tag: 'opened'; chunks: number } | { tag: 'failed'; error: OpenErrorData };

export async function runOpen(job: OpenJob): Promise<OpenedFile> {
  return await looksLikeCapture(job.path).catch(() => false)
    ? { kind: 'capture', capture: await readCapture(job.path, { matrices: true }) }
    : { kind: 'snapshot', snapshot: await openSnapshot(job.path, job.maxBytes) };
}

export function errorData(err: unknown): OpenErrorData {
  if (err instanceof SnapshotReadError) return { kind: 'snapshot', message: err.message, path: err.path };
  if (err instanceof CaptureReadError) return { kind: 'capture', message: err.message, path: err.path };
  return { kind: 'other', message: errorText(err) };
}

/** The error as this thread would have seen it thrown (class, path, message). */
export function errorFrom(d: OpenErrorData): Error {
  const e = d.kind === 'snapshot' ? new SnapshotReadError(d.path ?? '', '')
    : d.kind === 'capture' ? new CaptureReadError(d.path ?? '', '') : new Error();
  e.message = d.message;
  return e;
}

/** Our own worker's answer, checked at the message boundary (shape tags, not every field). */
export function isOpenAnswer(m: unknown): m is OpenAnswer {
  if (typeof m !== 'object' || m === null) return false;
  const a = m as { tag?: unknown; chunks?: unknown; error?: { kind?: unknown; message?: unknown } | null };
  if (a.tag === 'opened') return typeof a.chunks === 'number' && Number.isInteger(a.chunks) && a.chunks > 0;
  return a.tag === 'failed' && typeof a.error === 'object' && a.error !== null && typeof a.error.message === 'string'
    && (a.error.kind === 'snapshot' || a.error.kind === 'capture' || a.error.kind === 'other');
}

/** The rebuilt graph is an opened file (its tag and its body; the rest is our own worker's work). */
export function isOpenedFile(v: unknown): v is OpenedFile {
  if (typeof v !== 'object' || v === null) return false;
  const f = v as { kind?: unknown; snapshot?: unknown; capture?: unknown };
  const body = f.kind === 'snapshot' ? f.snapshot : f.kind === 'capture' ? f.capture : null;
  return typeof body === 'object' && body !== null;
}
