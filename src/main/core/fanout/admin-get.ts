// One GET to a node's admin API as the fan-out makes it: the session's cookies (only to the
// nodes the operator named), the peer header (the node answers for itself), one fresh login on
// that node after a 401, and redirects never followed (the cookie must not leave for another host).
import { type Dispatcher, request } from 'undici';
import type { NodeAddress } from './address';
import { describeTransportError } from './errors';
import type { AdminSession } from './session';

export interface GetContext {
  session: AdminSession;
  dispatcher: Dispatcher;
  signal: AbortSignal;
  deadlineMs: number;
}

export type Got = { ok: true; res: Dispatcher.ResponseData } | { ok: false; error: string; code?: number };

export async function adminGet(node: NodeAddress, url: string, ctx: GetContext): Promise<Got> {
  const get = async (): Promise<Dispatcher.ResponseData> => {
    const headers: Record<string, string> = { accept: 'application/json', 'x-admin-fanout-peer': '1' };
    const cookie = ctx.session.cookieHeader(node);
    if (cookie) headers.cookie = cookie;
    return request(url, { method: 'GET', headers, dispatcher: ctx.dispatcher, signal: ctx.signal });
  };
  let res: Dispatcher.ResponseData;
  try {
    res = await get();
    if (res.statusCode === 401) {
      // Expired, or this node signs with its own key: one fresh login on this node, one retry.
      await res.body.dump().catch(() => {});
      const relogin = await ctx.session.loginOnNode(node, ctx.signal);
      if (!relogin.ok) return { ok: false, error: `session refused, and logging in on this node failed: ${relogin.error}`, code: 401 };
      res = await get();
    }
  } catch (err) {
    return { ok: false, error: describeTransportError(err, ctx.signal, ctx.deadlineMs) };
  }
  if (res.statusCode >= 300 && res.statusCode < 400) {
    const loc = res.headers.location;
    await res.body.dump().catch(() => {});
    return { ok: false, code: res.statusCode, error: `redirected to ${(Array.isArray(loc) ? loc[0] : loc) ?? '(no Location)'}; redirects are never followed, `
      + 'so the session cannot leak to another host' };
  }
  return { ok: true, res };
}

/** A body as text, or null (and the connection dropped) once it passes `maxBytes`; `counted` hears the bytes so far. */
export async function readCapped(body: Dispatcher.ResponseData['body'], maxBytes: number, counted?: (bytes: number) => void): Promise<string | null> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const chunk of body) {
    n += (chunk as Buffer).length;
    counted?.(n);
    if (n > maxBytes) {
      body.destroy();
      return null;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
