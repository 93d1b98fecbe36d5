// One node's local matrix: one request with the session's two cookies and the peer header, under
// the fan-out's shared deadline, a per-node body cap enforced while streaming, a share of the
// total cap, no redirects, one per-node re-login on 401. Every outcome in an operator's words.
import { finished } from 'node:stream';
import type { Dispatcher } from 'undici';
import { errorBodySchema } from '../../../shared/elastickv/wire';
import { matrixPath } from '../../../shared/elastickv/admin-api';
import type { MatrixQuery } from '../../../shared/query';
import type { NodeMatrix } from '../merge';
import { rememberActivity } from '../merge/leadership';
import type { AnswerParser } from './parse-pool';
import type { NodeAddress } from './address';
import { adminGet, readErrorBody } from './admin-get';
import { ERROR_EXCERPT_BYTES, KIB, MIB } from '../../../shared/limits';
import { nodeText } from '../../../shared/node-text';
import { describeTransportError } from './errors';
import type { AdminSession } from './session';
import type { Deadline } from './deadline';
import { errorText } from '../../../shared/error-text';
import type { NodeStatusV1 } from '../../../shared/snapshot';

/** What every node is asked: the shared query shape, defined once. */
export type { MatrixQuery };

/** Per-node status, as the snapshot file and the app show it: the shared schema's type, defined once. */
export type NodeStatus = NodeStatusV1;

export interface NodeAnswer {
  status: NodeStatus;
  matrix: NodeMatrix | null;
  /** The answer's bytes as received, when ok (kept for snapshots and captures). */
  raw: BodyParts | null;
}

/**
 * A body as its pieces, in order: never joined (joining 40 MB answers costs the main thread a copy
 * of every byte received, and a second copy of the body held); a file writes them one by one.
 */
export type BodyParts = readonly Buffer[];

/** What stands for the body in a decoding session's outcome (the bytes stay here, as pieces). */
const BODY = new Uint8Array(0);

export interface Budget {
  perNode: number;
  /** Bytes left for all nodes together. */
  totalLeft: number;
  total: number;
}


/** `buildKeyVizPeerURL` (contract §5.2, vectors §6.3): the node's origin and the shared path and query. */
export function matrixUrl(node: NodeAddress, q: MatrixQuery): string {
  return `${node.origin}${matrixPath(q)}`;
}

const sizeText = (n: number): string => (n % MIB === 0 ? `${n / MIB} MiB` : `${n} bytes`);

/** elastickv's `{"error","message"}` body, or null when the text is not one. */
export function errorBodyOf(body: string): { error: string; message?: string } | null {
  try {
    const r = errorBodySchema.safeParse(JSON.parse(body));
    return r.success ? r.data : null;
  } catch {
    return null; // not JSON: the caller keeps the text
  }
}

/** A refusal in an operator's words, quoting (escaped) the start of what the node said. */
export function statusMessage(code: number, body: string): string {
  const parsed = errorBodyOf(body);
  const detail = `HTTP ${code}: ${nodeText(body.slice(0, ERROR_EXCERPT_BYTES).trim())}`;
  if (parsed?.error === 'keyviz_disabled') return `KeyViz is disabled on this node (start it with --keyvizEnabled) [${detail}]`;
  if (code === 401) return `session refused (does this node share the admin signing key?) [${detail}]`;
  if (code === 403) return `this access key may not read KeyViz here [${detail}]`;
  if (code === 404) return `no KeyViz endpoint at this address (is it an elastickv admin listener?) [${detail}]`;
  if (code === 429) return `the node is rate-limiting requests [${detail}]`;
  if (code >= 500) return `the node failed to answer [${detail}]`;
  return `the node refused the request [${detail}]`;
}

/** An error answer's body, capped (see readErrorBody): enough to parse elastickv's error and quote it. */
async function excerpt(body: Dispatcher.ResponseData['body']): Promise<string> {
  return readErrorBody(body);
}

/** Small: copying is the exception, and a block is held whole however little of it is used. */
const COPY_BLOCK = 64 * KIB;

/** Bytes of answer bodies held by the readers right now, and the most ever held at once. */
export const bodyMemory = { held: 0, peak: 0 };

/**
 * A body as received. The transport's own read buffers are kept, not copied: copies leave every
 * read buffer to the GC, and at 64 MiB that garbage (and malloc keeping the freed pages) cost
 * tens of MiB more. A buffer that is more than an eighth other bytes (chunk framing, headers) has
 * its pieces copied instead, so a node cannot make us pin much more than the body it sent. `held`
 * counts whole buffers, as the memory they pin.
 */
class BodyBytes {
  held = 0;
  private readonly parts: Buffer[] = [];
  /** Pieces of the read buffer being consumed: one socket read yields consecutive pieces. */
  private group: Buffer[] = [];
  private groupBytes = 0;
  private block: Buffer | null = null;
  private blockStart = 0;
  private blockPos = 0;

  push(piece: Buffer): void {
    if (this.group.length > 0 && piece.buffer !== this.group[0]!.buffer) this.settle();
    if (this.group.length === 0) this.grow(piece.buffer.byteLength);
    this.group.push(piece);
    this.groupBytes += piece.length;
  }

  /** The pieces received, in order (handed over: release() lets go of nothing the caller holds). */
  pieces(): BodyParts {
    this.settle();
    this.flushBlock();
    return this.parts.splice(0);
  }

  /** Let go of everything (the caller holds the concatenation, if any). */
  release(): void {
    this.grow(-this.held);
    this.parts.length = 0;
    this.group = [];
    this.block = null;
  }

  private grow(n: number): void {
    this.held += n;
    bodyMemory.held += n;
    if (bodyMemory.held > bodyMemory.peak) bodyMemory.peak = bodyMemory.held;
  }

  private settle(): void {
    if (this.group.length === 0) return;
    const whole = this.group[0]!.buffer.byteLength;
    if (this.groupBytes * 8 >= whole * 7) {
      this.flushBlock();
      this.parts.push(...this.group);
    } else {
      for (const piece of this.group) this.copy(piece);
      this.grow(-whole);
    }
    this.group = [];
    this.groupBytes = 0;
  }

  private copy(piece: Buffer): void {
    let off = 0;
    while (off < piece.length) {
      if (this.block === null || this.blockPos === this.block.length) {
        this.flushBlock();
        this.block = Buffer.allocUnsafeSlow(COPY_BLOCK);
        this.grow(this.block.length);
        this.blockStart = this.blockPos = 0;
      }
      const n = piece.copy(this.block, this.blockPos, off);
      this.blockPos += n;
      off += n;
    }
  }

  private flushBlock(): void {
    if (this.block !== null && this.blockPos > this.blockStart) {
      this.parts.push(this.block.subarray(this.blockStart, this.blockPos));
      this.blockStart = this.blockPos;
    }
  }
}

export interface FetchContext {
  session: AdminSession;
  parser: AnswerParser;
  dispatcher: Dispatcher;
  /** The round's deadline for the nodes' answers; each decode takes a step of its own from it. */
  deadline: Deadline;
  budget: Budget;
  /** Position among the nodes (for merge warnings). */
  index: number;
}

export async function fetchNodeMatrix(node: NodeAddress, q: MatrixQuery, ctx: FetchContext): Promise<NodeAnswer> {
  const t0 = performance.now();
  const status: NodeStatus = { node: node.input, ok: false, elapsed_ms: 0, bytes: 0, warnings: [] };
  const fail = (error: string, code?: number): NodeAnswer => {
    status.error = error;
    if (code !== undefined) status.status_code = code;
    status.elapsed_ms = Math.round(performance.now() - t0);
    return { status, matrix: null, raw: null };
  };
  const got = await adminGet(node, matrixUrl(node, q), ctx);
  if (!got.ok) return fail(got.error, got.code);
  const { res } = got;
  status.status_code = res.statusCode;
  if (res.statusCode !== 200) return fail(statusMessage(res.statusCode, await excerpt(res.body)), res.statusCode);

  // A node that announces more than the cap is refused before a byte of the body is read.
  const announced = Number(res.headers['content-length'] ?? NaN);
  if (announced > ctx.budget.perNode) {
    res.body.destroy();
    return fail(`response larger than ${sizeText(ctx.budget.perNode)} (the node announced ${sizeText(announced)}), aborted`, 200);
  }
  // Otherwise stream it under the per-node and the total cap: past either, abort. 'data' events,
  // not async iteration: its read() concatenates whatever is buffered into fresh copies. Each
  // chunk is decoded as it arrives (in a parse worker when there are some), beside being kept.
  const limits = { rows: q.rows, fromMs: q.fromMs, toMs: q.toMs };
  let session;
  try {
    session = ctx.parser.open({ source: node.input, index: ctx.index, series: q.series, limits });
  } catch (err) {
    res.body.destroy(); // a worker that cannot start must not hold the socket until the deadline
    return fail(`could not parse the answer (${errorText(err)})`, 200);
  }
  const body = res.body;
  const bytes = new BodyBytes();
  /** Whether the body's bytes are kept: not once the decoder refused (the answer is refused whatever follows). */
  let keeping = true;
  const failure = await new Promise<string | null>((resolve) => {
    const stop = (why: string | null): void => {
      body.off('data', onData);
      resolve(why);
    };
    const abort = (why: string): void => {
      stop(why);
      body.destroy();
    };
    const onData = (chunk: Buffer): void => {
      status.bytes += chunk.length;
      ctx.budget.totalLeft -= chunk.length;
      if (status.bytes > ctx.budget.perNode) abort(`response larger than ${sizeText(ctx.budget.perNode)}, aborted`);
      else if (ctx.budget.totalLeft < 0) abort(`the nodes' answers together passed the ${sizeText(ctx.budget.total)} total cap; this one was aborted`);
      else if (!session.failed) {
        bytes.push(chunk);
        session.push(chunk);
        // A decoder behind by more than its backlog: read no more until it catches up (TCP holds the rest).
        const behind = session.wait();
        if (behind) {
          body.pause();
          void behind.then(() => body.resume());
        }
      } else if (keeping) {
        // Read on to the end as before (the caps and the deadline still say what went wrong first).
        keeping = false;
        bytes.release();
      }
    };
    body.on('data', onData);
    finished(body, (err) => stop(err ? describeTransportError(err, ctx.deadline.signal, ctx.deadline.ms) : null));
  });
  if (failure !== null) {
    session.abort();
    bytes.release();
    return fail(failure, 200);
  }
  let out;
  let parts: BodyParts;
  try {
    parts = keeping ? bytes.pieces() : [];
    bytes.release();
    // What is left to decode once the body is in gets one timeout of its own: a loaded machine (a
    // worker starting cold) must not drop a healthy node, and a round still ends within two.
    out = await ctx.deadline.step().race(session.end(BODY));
  } catch (err) {
    session.abort();
    return fail(`could not parse the answer (${errorText(err)})`, 200);
  }
  if (out === null) {
    session.abort();
    return fail(`the answer (${sizeText(status.bytes)}) arrived but was not decoded within ${ctx.deadline.ms} ms (the timeout); left out`, 200);
  }
  if (!out.ok) return fail(out.error, 200);
  const matrix = out.matrix;
  if (out.activity) rememberActivity(matrix, out.activity);
  status.warnings.push(...out.warnings);
  // The body as received, unless the decoder kept something else (an empty answer's stand-in).
  const kept = out.bytes === BODY ? parts : [Buffer.from(out.bytes.buffer, out.bytes.byteOffset, out.bytes.byteLength)];
  status.ok = true;
  if (matrix.generatedAt) status.generated_at = matrix.generatedAt;
  status.elapsed_ms = Math.round(performance.now() - t0);
  return { status, matrix, raw: kept };
}
