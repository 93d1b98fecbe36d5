// One GET to a node's admin API as the fan-out makes it: the session's cookies (only to the
// nodes the operator named), the peer header (the node answers for itself), one fresh login on
// that node after a 401, and redirects never followed (the cookie must not leave for another host).
// Also the one capped body reader every request of the fan-out uses.
import { type Dispatcher, request } from 'undici';
import { MAX_SMALL_BODY_BYTES } from '../../../shared/limits';
import { nodeText } from '../../../shared/node-text';
import type { NodeAddress } from './address';
import type { Deadline } from './deadline';
import { describeTransportError } from './errors';
import type { AdminSession } from './session';
import { PEER_HEADER } from '../../../shared/elastickv/admin-api';

export interface GetContext {
  session: AdminSession;
  dispatcher: Dispatcher;
  /** The round's deadline for the nodes' answers (the re-login on a 401 included). */
  deadline: Deadline;
}

export type Got = { ok: true; res: Dispatcher.ResponseData } | { ok: false; error: string; code?: number };

export async function adminGet(node: NodeAddress, url: string, ctx: GetContext): Promise<Got> {
  const get = async (): Promise<Dispatcher.ResponseData> => {
    const headers: Record<string, string> = { accept: 'application/json', [PEER_HEADER]: '1' };
    const cookie = ctx.session.cookieHeader(node);
    if (cookie) headers.cookie = cookie;
    return request(url, { method: 'GET', headers, dispatcher: ctx.dispatcher, signal: ctx.deadline.signal });
  };
  let res: Dispatcher.ResponseData;
  try {
    res = await get();
    if (res.statusCode === 401) {
      // Expired, or this node signs with its own key: one fresh login on this node, one retry.
      await discardBody(res.body, ctx.deadline.signal);
      const relogin = await ctx.session.loginOnNode(node, ctx.deadline);
      if (!relogin.ok) return { ok: false, error: `session refused, and logging in on this node failed: ${relogin.error}`, code: 401 };
      res = await get();
    }
  } catch (err) {
    return { ok: false, error: describeTransportError(err, ctx.deadline.signal, ctx.deadline.ms) };
  }
  if (res.statusCode >= 300 && res.statusCode < 400) {
    const loc = res.headers.location;
    await discardBody(res.body, ctx.deadline.signal);
    return { ok: false, code: res.statusCode, error: `redirected to ${nodeText((Array.isArray(loc) ? loc[0] : loc) ?? '(no Location)')}; `
      + 'redirects are never followed, so the session cannot leak to another host' };
  }
  return { ok: true, res };
}

type Body = Dispatcher.ResponseData['body'];

export interface ReadOptions {
  /** The request's deadline: when it fires the read stops, whatever the node is still sending. */
  signal?: AbortSignal;
  /** Hears the bytes received so far. */
  counted?: (bytes: number) => void;
}

interface Read {
  /** What arrived, cut at the cap (empty when not kept). */
  data: Buffer;
  /** The body went past the cap: reading stopped there and the connection was dropped. */
  over: boolean;
  /** The transport failed (or the signal fired) before the end. */
  error?: unknown;
}

/**
 * The one capped reader: streams at most `maxBytes`, then stops and destroys the body (which drops
 * the connection: an HTTP/1.1 answer cannot be cut short otherwise). Bounded by `signal` too, so a
 * node dripping an endless body a byte at a time ends at the deadline. Never throws.
 */
async function readUpTo(body: Body, maxBytes: number, keep: boolean, opts: ReadOptions): Promise<Read> {
  const chunks: Buffer[] = [];
  let n = 0;
  const { signal, counted } = opts;
  const onAbort = (): void => { body.destroy(signal?.reason instanceof Error ? signal.reason : undefined); };
  if (signal?.aborted) {
    body.destroy();
    return { data: Buffer.alloc(0), over: false, error: signal.reason };
  }
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      n += chunk.length;
      counted?.(n);
      if (n > maxBytes) {
        if (keep) chunks.push(chunk.subarray(0, chunk.length - (n - maxBytes)));
        body.destroy();
        return { data: Buffer.concat(chunks), over: true };
      }
      if (keep) chunks.push(chunk);
    }
    return { data: Buffer.concat(chunks), over: false };
  } catch (error) {
    return { data: Buffer.concat(chunks), over: false, error };
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

/** A body as text, or null (and the connection dropped) once it passes `maxBytes`; throws what the transport threw. */
export async function readCapped(body: Body, maxBytes: number, opts: ReadOptions = {}): Promise<string | null> {
  const r = await readUpTo(body, maxBytes, true, opts);
  if (r.error !== undefined) throw r.error;
  return r.over ? null : r.data.toString('utf8');
}

/**
 * An error answer's body, whole when small (to parse elastickv's `{"error","message"}`), else its
 * first MAX_SMALL_BODY_BYTES; whatever arrived when the transport fails. Messages quote less.
 */
export async function readErrorBody(body: Body, opts: ReadOptions = {}): Promise<string> {
  return (await readUpTo(body, MAX_SMALL_BODY_BYTES, true, opts)).data.toString('utf8');
}

/**
 * A body nobody reads (a 401 before the re-login, a redirect, a logout), drained so the connection
 * can serve again, up to MAX_SMALL_BODY_BYTES: past that, or at the deadline, the connection goes.
 * (undici's `dump()` does the same with a 128 KiB default and no deadline unless given one.)
 */
export async function discardBody(body: Body, signal?: AbortSignal): Promise<void> {
  await readUpTo(body, MAX_SMALL_BODY_BYTES, false, signal ? { signal } : {});
}
