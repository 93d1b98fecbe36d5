// The admin session: one login for the cluster (a staggered race under one deadline, see
// `login`), the two admin cookies kept in memory only, and a per-node login for a node that
// refuses the shared cookie. The secret stays in this object, never in its printed form.
import { inspect } from 'node:util';
import { type Dispatcher, request } from 'undici';
import { errorBodySchema, loginResponseSchema, type LoginResponse } from '../../../shared/elastickv/wire';
import { ERROR_EXCERPT_BYTES, MAX_COOKIE_BYTES, MAX_SMALL_BODY_BYTES } from '../../../shared/limits';
import { nodeText } from '../../../shared/node-text';
import type { NodeAddress } from './address';
import { discardBody, readCapped, readErrorBody } from './admin-get';
import type { Deadline } from './deadline';
import { describeTransportError } from './errors';
import { adminPath, ENDPOINTS } from '../../../shared/elastickv/admin-api';

interface Cookies {
  session: string;
  csrf: string | null;
}

/**
 * Why a login failed: `credentials` (401) means the secret or key is wrong; `not_needed`: another
 * node accepted the login first and this attempt was called off.
 */
export type LoginFailureKind = 'credentials' | 'forbidden' | 'rate_limited' | 'transport' | 'not_needed' | 'other';

export type LoginResult = { ok: true; node: NodeAddress; role: LoginResponse['role'] }
  | { ok: false; node: NodeAddress; error: string; kind: LoginFailureKind };

type Failure = { ok: false; error: string; kind: LoginFailureKind };

/** The node's own answer that `loginFailure` quotes after the status: `(HTTP 401 code: body)`. */
const QUOTED_ANSWER = / \((HTTP \d{3}[^:]*): [\s\S]*\)$/;

/** A login failure's reason with the node's quoted answer left out (its status and code kept). */
export function loginFailureInWords(error: string): string {
  return error.replace(QUOTED_ANSWER, ' ($1)');
}

/**
 * Why no node accepted the login, for messages and views: each reason once, with the nodes that
 * gave it, and the status and code each node answered but not its body (the attempts keep that).
 * Three nodes refusing one secret read as one sentence, not three quoted JSON bodies.
 */
export function describeLoginFailures(attempts: readonly LoginResult[]): string {
  const reasons = loginFailureGroups(attempts);
  if (reasons.length === 0) return 'no node was asked';
  const who = (nodes: string[]): string => (reasons.length === 1 && nodes.length > 1 ? `all ${nodes.length} nodes` : nodes.join(', '));
  return reasons.map(({ reason, nodes }) => `${reason}, said by ${who(nodes)}`).join('; ');
}

/** The failed attempts by reason (loginFailureInWords), first seen first: each reason once, its kind and the nodes that gave it. */
export function loginFailureGroups(attempts: readonly LoginResult[]): Array<{ reason: string; kind: LoginFailureKind; nodes: string[] }> {
  const byReason = new Map<string, { reason: string; kind: LoginFailureKind; nodes: string[] }>();
  for (const a of attempts) {
    if (a.ok || a.kind === 'not_needed') continue;
    const reason = loginFailureInWords(a.error);
    const group = byReason.get(reason);
    if (group) group.nodes.push(a.node.input);
    else byReason.set(reason, { reason, kind: a.kind, nodes: [a.node.input] });
  }
  return [...byReason.values()];
}

/**
 * How long the login waits on one node before it also asks the next (RFC 8305's 250 ms connection
 * attempt delay), shortened so that every node has been asked by half the deadline: the last one
 * still has half of it to answer. A healthy node answers a login in milliseconds (an HMAC, no Raft),
 * so a healthy cluster sees one login. Never under RFC 8305's 10 ms floor.
 */
export function loginStaggerMs(timeoutMs: number, nodes: number): number {
  return Math.max(10, Math.min(250, Math.floor(timeoutMs / (2 * Math.max(1, nodes)))));
}

// RFC 6265 §4.1.1 cookie-value: cookie-octets, optionally in double quotes. No comma, semicolon,
// space, backslash, quote or control: a value that could smuggle a second cookie is never forwarded.
const COOKIE_OCTETS = /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]+$/;

/** A cookie value as RFC 6265 allows one, not empty, at most MAX_COOKIE_BYTES (it is all ASCII once valid). */
export function validCookieValue(value: string): boolean {
  const inner = value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
  return value.length <= MAX_COOKIE_BYTES && COOKIE_OCTETS.test(inner);
}

function cookieValue(setCookie: string[], name: string): string | null {
  for (const c of setCookie) {
    const pair = c.split(';', 1)[0]!;
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim();
  }
  return null;
}

function failureKind(status: number): LoginFailureKind {
  return status === 401 ? 'credentials' : status === 403 ? 'forbidden' : status === 429 ? 'rate_limited' : 'other';
}

function loginFailure(status: number, body: string, retryAfter: string | undefined): string {
  const parsed = errorBodySchema.safeParse((() => { try { return JSON.parse(body); } catch { return null; } })());
  const code = parsed.success ? nodeText(parsed.data.error) : '';
  const detail = `HTTP ${status}${code ? ` ${code}` : ''}: ${nodeText(body.slice(0, ERROR_EXCERPT_BYTES).trim())}`;
  if (status === 401) return `login refused: the access key or secret is wrong (${detail})`;
  if (status === 403) return `login refused: this access key is not authorised for admin access (${detail})`;
  if (status === 429) {
    return `login rate-limited by the node (5 a minute per client); retry in ${nodeText(retryAfter ?? '60')} s (${detail})`;
  }
  return `login failed (${detail})`;
}

/** Why an attempt was called off: another node accepted the login. */
class NotNeeded extends Error {
  override name = 'NotNeeded';
}

export class AdminSession {
  readonly accessKey: string;
  #secret: string;
  #shared: Cookies | null = null;
  /** The node that issued the shared cookies (its key): the one that answered, so the one to log out on. */
  #sharedFrom: string | null = null;
  readonly #perNode = new Map<string, Cookies>();
  role: LoginResponse['role'] | null = null;

  constructor(accessKey: string, secret: string, private readonly dispatcher: Dispatcher) {
    this.accessKey = accessKey;
    this.#secret = secret;
  }

  get loggedIn(): boolean {
    return this.#shared !== null;
  }

  /** The Cookie header for a node: its own session if it needed one, else the shared one. */
  cookieHeader(node: NodeAddress): string | null {
    const c = this.#perNode.get(node.key) ?? this.#shared;
    if (!c) return null;
    return c.csrf ? `admin_session=${c.session}; admin_csrf=${c.csrf}` : `admin_session=${c.session}`;
  }

  private async loginOn(node: NodeAddress, signal: AbortSignal, deadlineMs?: number):
    Promise<{ ok: true; cookies: Cookies; role: LoginResponse['role'] } | Failure> {
    const transport = (err: unknown): Failure => ({ ok: false, error: `login failed: ${describeTransportError(err, signal, deadlineMs)}`, kind: 'transport' });
    let res: Dispatcher.ResponseData;
    try {
      res = await request(`${node.origin}${adminPath(ENDPOINTS.login)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ access_key: this.accessKey, secret_key: this.#secret }),
        dispatcher: this.dispatcher,
        signal,
      });
    } catch (err) {
      return transport(err);
    }
    if (res.statusCode !== 200) {
      // The status says why; the body (what arrived of it) is quoted.
      const body = await readErrorBody(res.body, { signal });
      const ra = res.headers['retry-after'];
      return { ok: false, error: loginFailure(res.statusCode, body, Array.isArray(ra) ? ra[0] : ra), kind: failureKind(res.statusCode) };
    }
    let body: string | null;
    try {
      body = await readCapped(res.body, MAX_SMALL_BODY_BYTES, { signal });
    } catch (err) {
      return transport(err);
    }
    if (body === null) {
      return { ok: false, error: `login failed: the answer is larger than ${MAX_SMALL_BODY_BYTES} bytes (a login answer is a few dozen): not read`, kind: 'other' };
    }
    const sc = res.headers['set-cookie'];
    const setCookie = sc === undefined ? [] : Array.isArray(sc) ? sc : [sc];
    const session = cookieValue(setCookie, 'admin_session');
    const csrf = cookieValue(setCookie, 'admin_csrf');
    const parsed = loginResponseSchema.safeParse((() => { try { return JSON.parse(body); } catch { return null; } })());
    if (!session || !parsed.success) return { ok: false, error: 'login failed: the node answered 200 without a session cookie and role', kind: 'other' };
    for (const [name, value] of [['admin_session', session], ['admin_csrf', csrf]] as const) {
      if (value !== null && !validCookieValue(value)) {
        return { ok: false, error: `login failed: the node's ${name} cookie is not a valid cookie value; not used`, kind: 'other' };
      }
    }
    return { ok: true, cookies: { session, csrf }, role: parsed.data.role };
  }

  /**
   * One login for the cluster, under one deadline whatever the number of nodes (happy-eyeballs
   * style): the first node is asked; the next one when the last failed or has not answered within
   * `loginStaggerMs`; the first to accept wins and the attempts still in flight are called off. A
   * healthy first node answers before the stagger: one login (each node allows 5 a minute). The
   * attempts come back in configured order, each with its reason; nodes never asked are left out
   * (as when an earlier node accepted), unless the deadline passed before they could be.
   */
  async login(nodes: readonly NodeAddress[], deadline: Deadline): Promise<{ ok: boolean; attempts: LoginResult[] }> {
    const stagger = loginStaggerMs(deadline.ms, nodes.length);
    const results: Array<LoginResult | undefined> = nodes.map(() => undefined);
    const calls: AbortController[] = [];
    let winner: NodeAddress | null = null;
    await new Promise<void>((resolve) => {
      let next = 0;
      let running = 0;
      let timer: NodeJS.Timeout | undefined;
      const settleIfDone = (): void => {
        if (running > 0 || (winner === null && next < nodes.length && !deadline.expired)) return;
        clearTimeout(timer);
        resolve();
      };
      const startNext = (): void => {
        clearTimeout(timer);
        if (winner !== null || deadline.expired || next >= nodes.length) return settleIfDone();
        const i = next++;
        const node = nodes[i]!;
        const call = new AbortController();
        calls[i] = call;
        running++;
        const signal = AbortSignal.any([deadline.signal, call.signal]);
        // loginOn reports every failure as a value; the catch only keeps the race from stalling.
        void this.loginOn(node, signal, deadline.ms).catch((err: unknown): Failure => ({
          ok: false, error: `login failed: ${describeTransportError(err, signal, deadline.ms)}`, kind: 'transport',
        })).then((r) => {
          running--;
          if (call.signal.reason instanceof NotNeeded || (r.ok && winner !== null)) {
            results[i] = { ok: false, node, error: `not needed: ${winner!.input} accepted the login`, kind: 'not_needed' };
          } else if (r.ok) {
            winner = node;
            this.#shared = r.cookies;
            this.#sharedFrom = node.key;
            this.role = r.role;
            results[i] = { ok: true, node, role: r.role };
            for (const c of calls) if (c !== undefined && c !== call) c.abort(new NotNeeded());
          } else {
            results[i] = { ok: false, node, error: r.error, kind: r.kind };
            startNext(); // a failure asks the next node at once
          }
          settleIfDone();
        });
        // Unless this one answers first, the next node is asked after the stagger.
        if (next < nodes.length) timer = setTimeout(startNext, stagger);
      };
      startNext();
    });
    const attempts = results.flatMap((r, i): LoginResult[] => {
      if (r) return [r];
      // Never asked: left out after a success; said when the deadline came first.
      return winner ? [] : [{ ok: false, node: nodes[i]!, kind: 'transport',
        error: `login not tried: the login deadline (${deadline.ms} ms) passed before this node's turn` }];
    });
    return { ok: winner !== null, attempts };
  }

  /** One fresh login on this node itself (its cookie then serves only it). */
  async loginOnNode(node: NodeAddress, deadline: Deadline): Promise<{ ok: true } | Failure> {
    const r = await this.loginOn(node, deadline.signal, deadline.ms);
    if (!r.ok) return r;
    this.#perNode.set(node.key, r.cookies);
    if (!this.#shared) {
      this.#shared = r.cookies;
      this.#sharedFrom = node.key;
    }
    this.role ??= r.role;
    return { ok: true };
  }

  /**
   * `POST /auth/logout` with the CSRF double submit on every node that holds a session of its own,
   * and once for the shared one; then the cookies are dropped. Best effort: a node that is down
   * cannot log out, and the JWT expires within the hour anyway (elastickv does not revoke it).
   */
  async logout(nodes: readonly NodeAddress[], deadline: Deadline): Promise<void> {
    const signal = deadline.signal;
    const sent = new Set<Cookies>();
    // The shared session is logged out once: on the node that issued it (it answered), not
    // whichever is listed first (that one may be the node that hangs).
    const from = nodes.findIndex((n) => n.key === this.#sharedFrom);
    const order = from > 0 ? [nodes[from]!, ...nodes.filter((_, i) => i !== from)] : nodes;
    await Promise.all(order.map(async (node) => {
      const c = this.#perNode.get(node.key) ?? this.#shared;
      if (!c || !c.csrf || sent.has(c)) return;
      sent.add(c);
      try {
        const res = await request(`${node.origin}${adminPath(ENDPOINTS.logout)}`, {
          method: 'POST', dispatcher: this.dispatcher, signal,
          headers: { cookie: `admin_session=${c.session}; admin_csrf=${c.csrf}`, 'x-admin-csrf': c.csrf },
        });
        await discardBody(res.body, signal);
      } catch { /* unreachable: nothing more to do */ }
    }));
    this.#shared = null;
    this.#sharedFrom = null;
    this.#perNode.clear();
  }

  /** Drop the secret and every cookie. */
  forget(): void {
    this.#secret = '';
    this.#shared = null;
    this.#sharedFrom = null;
    this.#perNode.clear();
  }

  toJSON(): object {
    return { accessKey: this.accessKey, loggedIn: this.loggedIn, role: this.role };
  }

  [inspect.custom](): string {
    return `AdminSession { accessKey: ${JSON.stringify(this.accessKey)}, loggedIn: ${this.loggedIn}, secret and cookies hidden }`;
  }
}
