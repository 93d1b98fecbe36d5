// The admin session token: an HS256 JWT exactly as elastickv mints and checks it (contract §2.4).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type Role = 'full' | 'read_only';

export interface SessionClaims {
  sub: string;
  role: Role;
  iat: number;
  exp: number;
  jti: string;
}

/** 1 h, hard-coded in elastickv (no flag, no refresh). */
export const SESSION_TTL_S = 3600;
const CLOCK_SKEW_S = 30;
const HEADER = b64url(Buffer.from('{"alg":"HS256","typ":"JWT"}'));

function b64url(buf: Buffer): string {
  return buf.toString('base64url');
}

function sign(data: string, key: Buffer): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

export function mintSession(key: Buffer, sub: string, role: Role, nowMs: number): { token: string; claims: SessionClaims } {
  const iat = Math.floor(nowMs / 1000);
  const claims: SessionClaims = { sub, role, iat, exp: iat + SESSION_TTL_S, jti: randomBytes(16).toString('hex') };
  const payload = b64url(Buffer.from(JSON.stringify(claims)));
  const unsigned = `${HEADER}.${payload}`;
  return { token: `${unsigned}.${b64url(sign(unsigned, key))}`, claims };
}

/** Returns the claims, or null for any token elastickv would reject. */
export function verifySession(token: string, keys: readonly Buffer[], nowMs: number): SessionClaims | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [header, payload, sig] = parts as [string, string, string];
  if (header !== HEADER) return null;
  const given = Buffer.from(sig, 'base64url');
  const unsigned = `${header}.${payload}`;
  const signedByUs = keys.some((k) => {
    const want = sign(unsigned, k);
    return want.length === given.length && timingSafeEqual(want, given);
  });
  if (!signedByUs) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const c = raw as Record<string, unknown>;
  const nowS = nowMs / 1000;
  if (typeof c.exp !== 'number' || nowS >= c.exp) return null;
  if (typeof c.iat !== 'number' || c.iat > nowS + CLOCK_SKEW_S) return null;
  if (typeof c.sub !== 'string' || c.sub === '') return null;
  if (c.role !== 'full' && c.role !== 'read_only') return null;
  return { sub: c.sub, role: c.role, iat: c.iat, exp: c.exp, jti: typeof c.jti === 'string' ? c.jti : '' };
}
