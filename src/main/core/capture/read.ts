// Reading a capture: line by line (a capture can be long; a line, the file and what it inflates
// to are capped), every record validated; a last line cut by a crash is ignored and the capture
// reads as `interrupted`, with every completed poll.
// Replay rebuilds each node's matrix as of any poll from the first full answer and the increments.
import { pipeline, type Readable } from 'node:stream';
import { constants as zlibConstants, createGunzip, gunzipSync } from 'node:zlib';
import {
  CAPTURE_FORMAT, CAPTURE_VERSION, type CaptureEnd, captureEndSchema, type CaptureHeader, captureHeaderSchema, capturePollSchema,
  type AggregateStatus, type Segment,
} from '../../../shared/capture';
import type { NodeStatusV1 } from '../../../shared/snapshot';
import type { FanoutResult } from '../fanout';
import { fanoutBlock, keptWindow, leaveOutOversized, outcomeOfStatuses } from '../round';
import { MatrixInputError, mergeMatrices, type NodeMatrix, parseNodeMatrix } from '../merge';
import { missingTraffic } from '../fanout/missing';
import { aggregateOf, Segments } from './segments';
import { isGzip } from '../snapshot/read';
import { byteCap, CHUNK_BYTES, describeRefusal, FileReadError, jsonLimitWhy, type OpenedFile, openRegularFile, peekRegularFile } from '../files/read-file';
import { MAX_CAPTURE_BYTES, MAX_CAPTURE_LINE_BYTES, MAX_JSON_TEXT_BYTES } from '../../../shared/limits';
import { savedAnswerLimits } from '../merge/parse';
import { lineText, readLineBytes } from './lines';
import { checkJsonValue, readEmbedded } from '../files/embedded-matrices';
import { decodeMatrixBytes } from '../merge/stream';
import { formatBytes } from '../../../shared/format';
import { firstIssue } from '../../../shared/issues';
import { errorText } from '../../../shared/error-text';

export class CaptureReadError extends Error {
  constructor(readonly path: string, detail: string) {
    super(`${path}: ${detail}`);
  }
}

/** A file that is not a regular file, too large, or unreadable, in this reader's words. */
function fileError(path: string, err: unknown): CaptureReadError {
  if (!(err instanceof FileReadError)) return new CaptureReadError(path, `cannot open it (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  const r = err.refusal;
  return new CaptureReadError(path, r.kind === 'io' ? `cannot open it (${r.code})`
    : r.kind === 'not-regular' ? describeRefusal(r)
    : r.grew ? `too large to open (it grew past ${formatBytes(r.limit)} while being read)`
    : `too large to open (${formatBytes(r.size)}; the limit is ${formatBytes(r.limit)})`);
}

export interface CapturePoll {
  seq: number;
  at: string;
  statuses: NodeStatusV1[];
  /** Per node: its answer this poll (whole, or the increment when its status says incremental); null when failed. Only when read with matrices. */
  matrices: Array<NodeMatrix | null>;
}

export interface CaptureFile {
  path: string;
  header: CaptureHeader;
  polls: CapturePoll[];
  end: CaptureEnd | null;
  /** The capture's status: the end record's, or `interrupted` when there is none. */
  aggregate: AggregateStatus;
  /** The end record's segments, or (interrupted) as computed from the polls that were kept. */
  segments: Segment[];
  /** A partial last line (the poll being written when it crashed) was ignored. */
  torn: boolean;
}

/** The first bytes read to tell a capture from a snapshot: its header line starts within them. */
const SNIFF_BYTES = 4 * 1024;

/** Is this file a capture (its first bytes, decompressed when gzip)? Throws FileReadError for what is not a regular file. */
export async function looksLikeCapture(path: string): Promise<boolean> {
  let head = await peekRegularFile(path, SNIFF_BYTES);
  if (isGzip(head)) {
    try {
      // 4 KiB of deflate inflate to at most ~4 MiB: bounded, whatever the file.
      head = gunzipSync(head, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
    } catch {
      return false;
    }
  }
  return head.toString('utf8').startsWith('{"type":"header"');
}

export interface ReadCaptureOptions {
  /** Keep each node's answer (for replay); without it only statuses are kept. */
  matrices?: boolean;
  /** On disk and decompressed (default MAX_CAPTURE_BYTES). */
  maxBytes?: number;
  /** One line, its newline included (default MAX_CAPTURE_LINE_BYTES; never above V8's longest string). */
  maxLineBytes?: number;
}

export async function readCapture(path: string, opts: ReadCaptureOptions = {}): Promise<CaptureFile> {
  const maxBytes = opts.maxBytes ?? MAX_CAPTURE_BYTES;
  const maxLine = Math.min(opts.maxLineBytes ?? MAX_CAPTURE_LINE_BYTES, MAX_JSON_TEXT_BYTES);
  let file: OpenedFile;
  let gzip: boolean;
  try {
    file = await openRegularFile(path, maxBytes);
  } catch (err) {
    throw fileError(path, err);
  }
  try {
    gzip = isGzip(await file.peek(2));
  } catch (err) {
    await file.close().catch(() => {});
    throw fileError(path, err);
  }
  const tooLong = (line: number): CaptureReadError => new CaptureReadError(path,
    `damaged capture: line ${line} is longer than ${formatBytes(maxLine)}, the limit for one line${jsonLimitWhy(maxLine)}`);
  // Any stream's failure reaches the lines through the last stream: pipeline destroys it with the error.
  const bytes: Readable = gzip
    ? pipeline(file.stream(), createGunzip({ chunkSize: CHUNK_BYTES }), byteCap(maxBytes, () => new CaptureReadError(path,
      `too large to open (it decompresses to more than ${formatBytes(maxBytes)})`)), () => {})
    : file.stream();
  let streamError: unknown = null;
  let header: CaptureHeader | null = null;
  const polls: CapturePoll[] = [];
  let end: CaptureEnd | null = null;
  let torn = false;
  let pending: Buffer | null = null;
  let n = 0;
  const where = (i: number): string => `line ${i}`;
  const handle = (line: Buffer, lineNo: number, last: boolean): void => {
    // A poll's answers decoded from their bytes, the rest JSON.parsed (embedded-matrices.ts); if
    // that fails in any way, the line is read whole as before, for the same verdict and words.
    if (opts.matrices && lineNo > 1 && readEmbedded(line, (json, matrices) => { record(json, lineNo, matrices); return true; })) return;
    let json: unknown;
    try {
      json = JSON.parse(lineText(line));
    } catch {
      // Only the very last line may be cut (the poll being written when it stopped).
      if (last) { torn = true; return; }
      throw new CaptureReadError(path, `damaged capture: ${where(lineNo)} is not valid JSON`);
    }
    record(json, lineNo);
  };
  /** One record's JSON (`embedded`: its nodes' matrices as bytes, by node, placeholders in `json`). Changes nothing unless it is good. */
  const record = (json: unknown, lineNo: number, embedded?: ReadonlyMap<number, Uint8Array>): void => {
    if (lineNo === 1) {
      const h = json as { format?: unknown; version?: unknown };
      if (h?.format !== CAPTURE_FORMAT) throw new CaptureReadError(path, 'not a KeyViz Inspector capture (no "format": "keyviz-inspector/capture" header)');
      if (typeof h.version === 'number' && h.version > CAPTURE_VERSION) {
        throw new CaptureReadError(path, `made by a newer KeyViz Inspector (capture format version ${h.version}; this one reads up to ${CAPTURE_VERSION}): update the app`);
      }
      const r = captureHeaderSchema.safeParse(json);
      if (!r.success) throw new CaptureReadError(path, `damaged capture header: ${firstIssue(r.error)}`);
      header = r.data;
      return;
    }
    if (end) throw new CaptureReadError(path, `damaged capture: ${where(lineNo)} follows the end record`);
    const type = (json as { type?: unknown })?.type;
    if (type === 'end') {
      const r = captureEndSchema.safeParse(json);
      if (!r.success) throw new CaptureReadError(path, `damaged capture: ${where(lineNo)} (end record): ${firstIssue(r.error)}`);
      end = r.data;
      return;
    }
    const r = capturePollSchema.safeParse(json);
    if (!r.success) throw new CaptureReadError(path, `damaged capture: ${where(lineNo)}: ${firstIssue(r.error)}`);
    const h = header!;
    if (r.data.nodes.length !== h.nodes.length || r.data.nodes.some((node, i) => node.node !== h.nodes[i])) {
      throw new CaptureReadError(path, `damaged capture: ${where(lineNo)} does not list the header's nodes in the header's order`);
    }
    if (r.data.seq !== polls.length + 1) throw new CaptureReadError(path, `damaged capture: ${where(lineNo)} is poll ${r.data.seq}, expected ${polls.length + 1}`);
    const matrices = opts.matrices ? r.data.nodes.map((node, i) => {
      const bytes = embedded?.get(i);
      if (!node.ok || node.matrix === undefined) {
        // Not replayed, but part of the line: it must be JSON, as reading the line whole requires.
        if (bytes) checkJsonValue(bytes);
        return null;
      }
      try {
        return (bytes ? decodeMatrixBytes(bytes, node.node, i, savedAnswerLimits()) : parseNodeMatrix(node.matrix, node.node, i, savedAnswerLimits())).matrix;
      } catch (err) {
        throw new CaptureReadError(path, `damaged capture: ${where(lineNo)}, ${node.node}: ${err instanceof MatrixInputError ? err.detail : String(err)}`);
      }
    }) : [];
    polls.push({ seq: r.data.seq, at: r.data.at, statuses: r.data.nodes.map(({ matrix: _m, ...s }) => s), matrices });
  };
  // Anything else a line can throw (a RangeError from a validator…) is that line's damage, said as such.
  const judge = (line: Buffer, lineNo: number, last: boolean): void => {
    try {
      handle(line, lineNo, last);
    } catch (err) {
      if (err instanceof CaptureReadError) throw err;
      throw new CaptureReadError(path, `damaged capture: ${where(lineNo)} cannot be read (${errorText(err)})`);
    }
  };
  try {
    for await (const line of readLineBytes(bytes, maxLine, tooLong)) {
      n++;
      if (pending !== null) judge(pending, n - 1, false);
      pending = line;
    }
  } catch (err) {
    if (err instanceof CaptureReadError) throw err;
    streamError = err; // the file or its gzip stream failed: judged below
  } finally {
    bytes.destroy(); // stopped early (a damaged line): stop reading, close the file
  }
  if (streamError instanceof CaptureReadError) throw streamError;
  if (streamError instanceof FileReadError) throw fileError(path, streamError);
  // A gzip stream cut short is a crash in the middle of the last poll, as a cut last line is.
  const cutGzip = gzip && (streamError as NodeJS.ErrnoException | null)?.code === 'Z_BUF_ERROR';
  if (streamError && !cutGzip) {
    throw new CaptureReadError(path, `cannot read it (${(streamError as NodeJS.ErrnoException).code ?? (streamError as Error).message})`);
  }
  if (pending !== null && pending.length > 0) judge(pending, n, true);
  if (cutGzip) torn = true;
  const head = header as CaptureHeader | null;
  if (!head) throw new CaptureReadError(path, 'empty: not a capture');
  let segments: Segment[];
  let aggregate: AggregateStatus;
  const ended = end as CaptureEnd | null;
  if (ended) {
    segments = ended.segments;
    aggregate = ended.aggregate_status;
  } else {
    const s = new Segments(head.nodes);
    for (const p of polls) s.add(p.statuses);
    segments = s.final(false);
    aggregate = 'interrupted';
  }
  return { path, header: head, polls, end: ended, aggregate, segments, torn };
}

/** The cluster view as of one poll of a capture: each node's matrix rebuilt, merged as live. */
export class CaptureReplay {
  /** Per node, its matrix and ring after the poll `at`. */
  private state: Array<{ matrix: NodeMatrix; ring: number } | null>;
  private at = 0;

  constructor(private readonly file: CaptureFile) {
    if (file.polls.length > 0 && file.polls[0]!.matrices.length === 0) throw new Error('read the capture with matrices to replay it');
    this.state = file.header.nodes.map(() => null);
  }

  get length(): number {
    return this.file.polls.length;
  }

  /** When poll `index` (0-based) was taken (RFC 3339). */
  pollAt(index: number): string {
    return this.file.polls[index]!.at;
  }

  private advance(): void {
    const poll = this.file.polls[this.at]!;
    const fromMs = this.file.header.request.from_unix_ms;
    poll.matrices.forEach((m, i) => {
      if (!m) return;
      const before = this.state[i];
      this.state[i] = poll.statuses[i]!.incremental && before
        ? { matrix: keptWindow(before.matrix, m, fromMs, before.ring, this.file.header.request.rows), ring: before.ring }
        : { matrix: m, ring: m.columns.length };
    });
    this.at++;
  }

  /** Poll `index` (0-based) as a fan-out result: failed nodes of that poll are left out, as live. */
  frame(index: number): FanoutResult {
    if (index < 0 || index >= this.length) throw new RangeError(`poll ${index + 1} of ${this.length}`);
    if (index < this.at - 1) { this.state = this.file.header.nodes.map(() => null); this.at = 0; }
    while (this.at <= index) this.advance();
    const poll = this.file.polls[index]!;
    const nodes = poll.statuses.map((status, i) => ({ status, raw: null, matrix: status.ok ? this.state[i]?.matrix ?? null : null }));
    // As live: answers too large to merge together are left out, each named (statuses are copies).
    nodes.forEach((n) => { n.status = { ...n.status }; });
    leaveOutOversized(nodes);
    const ok = nodes.filter((n) => n.matrix !== null);
    const { series, rows } = this.file.header.request;
    const merge = ok.length > 0 ? mergeMatrices(ok.map((n) => n.matrix!), { series, nodeRows: rows }) : null;
    // A twin address answered through its twin.
    const byName = new Map(nodes.map((n) => [n.status.node, n]));
    const answered = nodes.map((n) => n.matrix !== null || (n.status.duplicate_of !== undefined && byName.get(n.status.duplicate_of)?.matrix != null));
    const missing = missingTraffic(series, answered, nodes.map((n) => n.status.node), merge, [], []);
    return { outcome: outcomeOfStatuses(nodes.map((n) => n.status)), nodes, login: [], warnings: [], merge, fanout: fanoutBlock(nodes), missing };
  }
}

export { aggregateOf };
