// Login, logout, session and CSRF checks, in elastickv's order and with its error bodies
// (contract §2.2-§2.7).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getCookie, readBody, remoteIp, rfc3339, sendError, sendJSON } from './http';
import { type Role, type SessionClaims, mintSession, SESSION_TTL_S, verifySession } from './jwt';

export const SESSION_COOKIE = 'admin_session';
export const CSRF_COOKIE = 'admin_csrf';
export const CSRF_HEADER = 'x-admin-csrf';

/** A SigV4 credential; `role` null = a valid key that is in neither admin role list. */
export interface Credential {
  secret: string;
  role: Role | null;
}

export interface AuthContext {
  credentials: ReadonlyMap<string, Credential>;
  /** Primary first; a token signed by any of them is accepted. */
  signingKeys(): readonly Buffer[];
  secureCookies: boolean;
  now(): number;
  limiter: LoginRateLimiter;
}

/** Per-node, per-source-IP login limiter: every POST counts, success or not. */
export class LoginRateLimiter {
  private readonly hits = new Map<string, number[]>();
  constructor(readonly limit = 5, readonly windowMs = 60_000, private readonly maxTracked = 1024) {}

  allow(ip: string, nowMs: number): boolean {
    const recent = (this.hits.get(ip) ?? []).filter((t) => t > nowMs - this.windowMs);
    if (recent.length >= this.limit) {
      this.hits.set(ip, recent);
      return false;
    }
    recent.push(nowMs);
    this.hits.delete(ip); // re-insert: Map order = least recently used first
    this.hits.set(ip, recent);
    if (this.hits.size > this.maxTracked) this.hits.delete(this.hits.keys().next().value!);
    return true;
  }

  get retryAfterSeconds(): number {
    return Math.max(1, Math.ceil(this.windowMs / 1000));
  }
}

function cookie(name: string, value: string, httpOnly: boolean, secure: boolean, expire: boolean): string {
  // Go's http.Cookie.String() attribute order: Path, Expires, Max-Age, HttpOnly, Secure, SameSite.
  const attrs = [`${name}=${value}`, 'Path=/admin'];
  if (expire) attrs.push('Expires=Thu, 01 Jan 1970 00:00:00 GMT', 'Max-Age=0');
  else attrs.push(`Max-Age=${SESSION_TTL_S}`);
  if (httpOnly) attrs.push('HttpOnly');
  if (secure) attrs.push('Secure');
  attrs.push('SameSite=Strict');
  return attrs.join('; ');
}

function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function handleLogin(ctx: AuthContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'POST') return sendError(res, 405, 'method_not_allowed', 'login requires POST');
  if (!ctx.limiter.allow(remoteIp(req), ctx.now())) {
    return sendError(res, 429, 'rate_limited', 'too many login attempts from this source; try again later',
      { 'Retry-After': String(ctx.limiter.retryAfterSeconds) });
  }
  const ctype = (req.headers['content-type'] ?? '').trim().toLowerCase();
  if (!ctype.startsWith('application/json')) {
    return sendError(res, 415, 'unsupported_media_type', 'login requires Content-Type: application/json');
  }
  const read = await readBody(req);
  if (!read.ok) {
    return read.tooLarge
      ? sendError(res, 413, 'payload_too_large', 'request body exceeds the 65536-byte limit')
      : sendError(res, 400, 'invalid_body', 'failed to read body');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(read.body.toString('utf8'));
  } catch {
    return sendError(res, 400, 'invalid_body', 'body is not valid JSON');
  }
  // Go decodes into a struct: null is an empty struct; other non-objects or wrong field types fail.
  const obj = parsed === null ? {} : parsed;
  if (typeof obj !== 'object' || Array.isArray(obj)) return sendError(res, 400, 'invalid_body', 'body is not valid JSON');
  const fields = obj as Record<string, unknown>;
  for (const f of ['access_key', 'secret_key']) {
    if (fields[f] !== undefined && fields[f] !== null && typeof fields[f] !== 'string') {
      return sendError(res, 400, 'invalid_body', 'body is not valid JSON');
    }
  }
  const accessKey = typeof fields.access_key === 'string' ? fields.access_key.trim() : '';
  const secretKey = typeof fields.secret_key === 'string' ? fields.secret_key : '';
  if (accessKey === '' || secretKey === '') {
    return sendError(res, 400, 'missing_fields', 'access_key and secret_key are required');
  }
  const cred = ctx.credentials.get(accessKey);
  // Compare even for an unknown key so timing does not tell which keys exist.
  const secretOk = constantTimeEqual(cred?.secret ?? randomBytes(16).toString('hex'), secretKey) && cred !== undefined;
  if (!secretOk) return sendError(res, 401, 'invalid_credentials', 'access_key or secret_key is invalid');
  if (cred.role === null) return sendError(res, 403, 'forbidden', 'access_key is not authorised for admin access');

  const key = ctx.signingKeys()[0]!;
  const { token, claims } = mintSession(key, accessKey, cred.role, ctx.now());
  const csrf = randomBytes(32).toString('base64url');
  sendJSON(res, 200, { role: cred.role, expires_at: rfc3339(claims.exp * 1000) }, {
    'Set-Cookie': [
      cookie(SESSION_COOKIE, token, true, ctx.secureCookies, false),
      cookie(CSRF_COOKIE, csrf, false, ctx.secureCookies, false),
    ],
  });
}

/** SessionAuth: the claims, or null after answering 401. */
export function requireSession(ctx: AuthContext, req: IncomingMessage, res: ServerResponse): SessionClaims | null {
  const token = getCookie(req, SESSION_COOKIE);
  if (token === undefined || token.trim() === '') {
    sendError(res, 401, 'unauthenticated', 'missing session cookie');
    return null;
  }
  const claims = verifySession(token, ctx.signingKeys(), ctx.now());
  if (!claims) {
    sendError(res, 401, 'unauthenticated', 'invalid or expired session');
    return null;
  }
  return claims;
}

/** CSRFDoubleSubmit: true to go on; GET/HEAD/OPTIONS always pass. */
export function checkCsrf(req: IncomingMessage, res: ServerResponse): boolean {
  const m = req.method ?? 'GET';
  if (m === 'GET' || m === 'HEAD' || m === 'OPTIONS') return true;
  const fromCookie = getCookie(req, CSRF_COOKIE);
  if (fromCookie === undefined || fromCookie.trim() === '') {
    sendError(res, 403, 'csrf_missing', 'admin_csrf cookie is required');
    return false;
  }
  const rawHeader = req.headers[CSRF_HEADER];
  const fromHeader = (Array.isArray(rawHeader) ? rawHeader[0] : rawHeader)?.trim() ?? '';
  if (fromHeader === '') {
    sendError(res, 403, 'csrf_missing', 'X-Admin-CSRF header is required for write operations');
    return false;
  }
  if (!constantTimeEqual(fromHeader, fromCookie)) {
    sendError(res, 403, 'csrf_mismatch', 'CSRF token mismatch');
    return false;
  }
  return true;
}

export function handleLogout(ctx: AuthContext, req: IncomingMessage, res: ServerResponse): void {
  if (!requireSession(ctx, req, res)) return;
  if (!checkCsrf(req, res)) return;
  if (req.method !== 'POST') return sendError(res, 405, 'method_not_allowed', 'logout requires POST');
  res.writeHead(204, {
    'Cache-Control': 'no-store',
    'Set-Cookie': [
      cookie(SESSION_COOKIE, '', true, ctx.secureCookies, true),
      cookie(CSRF_COOKIE, '', false, ctx.secureCookies, true),
    ],
  });
  res.end();
}
