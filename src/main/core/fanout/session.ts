// The admin session: one login (nodes tried in order, one at a time: each node allows 5 logins a
// minute), the two admin cookies kept in memory only, and a per-node login for a node that
// refuses the shared cookie. The secret stays in this object, never in its printed form.
import { inspect } from 'node:util';
import { type Dispatcher, request } from 'undici';
import { errorBodySchema, loginResponseSchema, type LoginResponse } from '../../../shared/elastickv/wire';
import type { NodeAddress } from './address';
import { describeTransportError } from './errors';

interface Cookies {
  session: string;
  csrf: string | null;
}

/** Why a login failed: `credentials` (401) means the secret or key is wrong. */
export type LoginFailureKind = 'credentials' | 'forbidden' | 'rate_limited' | 'transport' | 'other';

export type LoginResult = { ok: true; node: NodeAddress; role: LoginResponse['role'] }
  | { ok: false; node: NodeAddress; error: string; kind: LoginFailureKind };

type Failure = { ok: false; error: string; kind: LoginFailureKind };

/** Why no node accepted the login, node by node (for messages and views). */
export function describeLoginFailures(attempts: readonly LoginResult[]): string {
  return attempts.filter((a) => !a.ok).map((a) => `${a.node.input}: ${'error' in a ? a.error : ''}`).join('; ');
}

const ERROR_EXCERPT = 512;

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
  const code = parsed.success ? parsed.data.error : '';
  const detail = `HTTP ${status}${code ? ` ${code}` : ''}: ${body.slice(0, ERROR_EXCERPT).trim()}`;
  if (status === 401) return `login refused: the access key or secret is wrong (${detail})`;
  if (status === 403) return `login refused: this access key is not authorised for admin access (${detail})`;
  if (status === 429) {
    return `login rate-limited by the node (5 a minute per client); retry in ${retryAfter ?? '60'} s (${detail})`;
  }
  return `login failed (${detail})`;
}

export class AdminSession {
  readonly accessKey: string;
  #secret: string;
  #shared: Cookies | null = null;
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

  private async loginOn(node: NodeAddress, signal: AbortSignal): Promise<{ ok: true; cookies: Cookies; role: LoginResponse['role'] } | Failure> {
    let res: Dispatcher.ResponseData;
    try {
      res = await request(`${node.origin}/admin/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ access_key: this.accessKey, secret_key: this.#secret }),
        dispatcher: this.dispatcher,
        signal,
      });
    } catch (err) {
      return { ok: false, error: `login failed: ${describeTransportError(err, signal)}`, kind: 'transport' };
    }
    let body: string;
    try {
      body = await res.body.text();
    } catch (err) {
      return { ok: false, error: `login failed: ${describeTransportError(err, signal)}`, kind: 'transport' };
    }
    if (res.statusCode !== 200) {
      const ra = res.headers['retry-after'];
      return { ok: false, error: loginFailure(res.statusCode, body, Array.isArray(ra) ? ra[0] : ra), kind: failureKind(res.statusCode) };
    }
    const sc = res.headers['set-cookie'];
    const setCookie = sc === undefined ? [] : Array.isArray(sc) ? sc : [sc];
    const session = cookieValue(setCookie, 'admin_session');
    const parsed = loginResponseSchema.safeParse((() => { try { return JSON.parse(body); } catch { return null; } })());
    if (!session || !parsed.success) return { ok: false, error: 'login failed: the node answered 200 without a session cookie and role', kind: 'other' };
    return { ok: true, cookies: { session, csrf: cookieValue(setCookie, 'admin_csrf') }, role: parsed.data.role };
  }

  /** Log in on the nodes in order until one accepts; never two logins at once. */
  async login(nodes: readonly NodeAddress[], timeoutMs: number): Promise<{ ok: boolean; attempts: LoginResult[] }> {
    const attempts: LoginResult[] = [];
    for (const node of nodes) {
      const r = await this.loginOn(node, AbortSignal.timeout(timeoutMs));
      if (r.ok) {
        this.#shared = r.cookies;
        this.role = r.role;
        attempts.push({ ok: true, node, role: r.role });
        return { ok: true, attempts };
      }
      attempts.push({ ok: false, node, error: r.error, kind: r.kind });
    }
    return { ok: false, attempts };
  }

  /** One fresh login on this node itself (its cookie then serves only it). */
  async loginOnNode(node: NodeAddress, signal: AbortSignal): Promise<{ ok: true } | Failure> {
    const r = await this.loginOn(node, signal);
    if (!r.ok) return r;
    this.#perNode.set(node.key, r.cookies);
    this.#shared ??= r.cookies;
    this.role ??= r.role;
    return { ok: true };
  }

  /**
   * `POST /auth/logout` with the CSRF double submit on every node that holds a session of its own,
   * and once for the shared one; then the cookies are dropped. Best effort: a node that is down
   * cannot log out, and the JWT expires within the hour anyway (elastickv does not revoke it).
   */
  async logout(nodes: readonly NodeAddress[], timeoutMs: number): Promise<void> {
    const signal = AbortSignal.timeout(timeoutMs);
    const sent = new Set<Cookies>();
    await Promise.all(nodes.map(async (node) => {
      const c = this.#perNode.get(node.key) ?? this.#shared;
      if (!c || !c.csrf || sent.has(c)) return;
      sent.add(c);
      try {
        const res = await request(`${node.origin}/admin/api/v1/auth/logout`, {
          method: 'POST', dispatcher: this.dispatcher, signal,
          headers: { cookie: `admin_session=${c.session}; admin_csrf=${c.csrf}`, 'x-admin-csrf': c.csrf },
        });
        await res.body.dump();
      } catch { /* unreachable: nothing more to do */ }
    }));
    this.#shared = null;
    this.#perNode.clear();
  }

  /** Drop the secret and every cookie. */
  forget(): void {
    this.#secret = '';
    this.#shared = null;
    this.#perNode.clear();
  }

  toJSON(): object {
    return { accessKey: this.accessKey, loggedIn: this.loggedIn, role: this.role };
  }

  [inspect.custom](): string {
    return `AdminSession { accessKey: ${JSON.stringify(this.accessKey)}, loggedIn: ${this.loggedIn}, secret and cookies hidden }`;
  }
}
