import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { DemoCluster, DEMO_ACCESS_KEY, DEMO_SECRET_KEY, startDemoCluster } from '../../src/demo-cluster';
import { mintSession } from '../../src/demo-cluster/jwt';
import { errorBodySchema, loginResponseSchema } from '../../src/shared/elastickv/wire';
import { cookieHeader, cookieValue, http, login, TestClock } from '../helpers/http';

const T0 = Date.UTC(2026, 10, 24, 9, 0, 0);
let clock: TestClock;
let cluster: DemoCluster;
const api = (i: number, path: string): string => `${cluster.urls[i]}/admin/api/v1/${path}`;

beforeEach(async () => {
  clock = new TestClock(T0);
  cluster = await startDemoCluster({ nodes: 3, clock: clock.now, history: 30, routes: 12 });
});
afterEach(async () => { await cluster.stop(); });

function expectError(r: { status: number; text: string; headers: Record<string, unknown> }, status: number, code: string, message?: string): void {
  expect(r.status).toBe(status);
  expect(r.text.endsWith('\n')).toBe(true);
  expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(r.headers['x-content-type-options']).toBe('nosniff');
  expect(r.headers['cache-control']).toBe('no-store');
  const body = errorBodySchema.parse(JSON.parse(r.text));
  expect(body.error).toBe(code);
  if (message !== undefined) expect(body.message).toBe(message);
}

describe('login', () => {
  test('succeeds with the demo credentials: role, expiry, exactly two cookies with the contract attributes', async () => {
    const r = await login(cluster.urls[0]!, DEMO_ACCESS_KEY, DEMO_SECRET_KEY);
    expect(r.status).toBe(200);
    expect(r.headers['cache-control']).toBe('no-store');
    const body = loginResponseSchema.parse(r.json());
    expect(body).toEqual({ role: 'full', expires_at: '2026-11-24T10:00:00Z' });
    expect(r.setCookies).toHaveLength(2);
    const [session, csrf] = r.setCookies as [string, string];
    expect(session).toMatch(/^admin_session=[\w-]+\.[\w-]+\.[\w-]+; Path=\/admin; Max-Age=3600; HttpOnly; Secure; SameSite=Strict$/);
    expect(csrf).toMatch(/^admin_csrf=[\w-]{43}; Path=\/admin; Max-Age=3600; Secure; SameSite=Strict$/);
    const jwt = cookieValue(r.setCookies, 'admin_session')!;
    const [header, payload] = jwt.split('.') as [string, string];
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ sub: DEMO_ACCESS_KEY, role: 'full', iat: T0 / 1000, exp: T0 / 1000 + 3600 });
    expect(typeof claims.jti).toBe('string');
  });

  test('the access key is trimmed, the secret is not', async () => {
    expect((await login(cluster.urls[0]!, `  ${DEMO_ACCESS_KEY}\t`, DEMO_SECRET_KEY)).status).toBe(200);
    expectError(await login(cluster.urls[1]!, DEMO_ACCESS_KEY, ` ${DEMO_SECRET_KEY}`), 401, 'invalid_credentials',
      'access_key or secret_key is invalid');
  });

  test('dev mode drops Secure from both cookies', async () => {
    const dev = await startDemoCluster({ nodes: 1, secureCookies: false, history: 5, routes: 12 });
    try {
      const r = await login(dev.urls[0]!, DEMO_ACCESS_KEY, DEMO_SECRET_KEY);
      expect(r.setCookies.every((c) => !c.includes('Secure'))).toBe(true);
      expect(r.setCookies[0]).toContain('HttpOnly');
    } finally {
      await dev.stop();
    }
  });

  test.each([
    ['wrong secret', { access_key: DEMO_ACCESS_KEY, secret_key: 'nope' }, 401, 'invalid_credentials'],
    ['unknown key', { access_key: 'someone', secret_key: DEMO_SECRET_KEY }, 401, 'invalid_credentials'],
    ['empty access key', { access_key: ' ', secret_key: 'x' }, 400, 'missing_fields'],
    ['missing secret', { access_key: DEMO_ACCESS_KEY }, 400, 'missing_fields'],
    ['null body', null, 400, 'missing_fields'],
    ['array body', [], 400, 'invalid_body'],
    ['number as key', { access_key: 5, secret_key: 'x' }, 400, 'invalid_body'],
  ])('%s → %i %s', async (_name, body, status, code) => {
    const r = await http(api(0, 'auth/login'), {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    expectError(r, status, code);
  });

  test('a body that is not JSON is 400 invalid_body', async () => {
    const r = await http(api(0, 'auth/login'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
    expectError(r, 400, 'invalid_body', 'body is not valid JSON');
  });

  test('Content-Type must start with application/json (case-insensitive)', async () => {
    const body = JSON.stringify({ access_key: DEMO_ACCESS_KEY, secret_key: DEMO_SECRET_KEY });
    expectError(await http(api(0, 'auth/login'), { method: 'POST', headers: { 'content-type': 'text/plain' }, body }),
      415, 'unsupported_media_type', 'login requires Content-Type: application/json');
    expectError(await http(api(0, 'auth/login'), { method: 'POST', body }), 415, 'unsupported_media_type');
    const ok = await http(api(0, 'auth/login'), { method: 'POST', headers: { 'content-type': 'Application/JSON; charset=utf-8' }, body });
    expect(ok.status).toBe(200);
  });

  test('a body over 64 KiB is 413 payload_too_large', async () => {
    const body = JSON.stringify({ access_key: DEMO_ACCESS_KEY, secret_key: 'x'.repeat(70 * 1024) });
    expectError(await http(api(0, 'auth/login'), { method: 'POST', headers: { 'content-type': 'application/json' }, body }),
      413, 'payload_too_large');
  });

  test('login requires POST', async () => {
    expectError(await http(api(0, 'auth/login')), 405, 'method_not_allowed', 'login requires POST');
  });

  test('5 attempts a minute per source per node, failures count; 429 carries Retry-After: 60', async () => {
    for (let i = 0; i < 4; i++) expect((await login(cluster.urls[0]!, DEMO_ACCESS_KEY, 'wrong')).status).toBe(401);
    expect((await login(cluster.urls[0]!, DEMO_ACCESS_KEY, DEMO_SECRET_KEY)).status).toBe(200);
    const limited = await login(cluster.urls[0]!, DEMO_ACCESS_KEY, DEMO_SECRET_KEY);
    expectError(limited, 429, 'rate_limited', 'too many login attempts from this source; try again later');
    expect(limited.headers['retry-after']).toBe('60');
    // Limits are per node ...
    expect((await login(cluster.urls[1]!, DEMO_ACCESS_KEY, DEMO_SECRET_KEY)).status).toBe(200);
    // ... and the window slides: 59 s later still limited, 60 s after the first attempts free again.
    clock.advance(59_000);
    expect((await login(cluster.urls[0]!, DEMO_ACCESS_KEY, DEMO_SECRET_KEY)).status).toBe(429);
    clock.advance(1_001);
    expect((await login(cluster.urls[0]!, DEMO_ACCESS_KEY, DEMO_SECRET_KEY)).status).toBe(200);
  });
});

describe('session', () => {
  async function session(node = 0): Promise<string[]> {
    const r = await login(cluster.urls[node]!, DEMO_ACCESS_KEY, DEMO_SECRET_KEY);
    expect(r.status).toBe(200);
    return r.setCookies;
  }

  test('one login works on every node (shared signing key)', async () => {
    const cookie = cookieHeader(await session(0));
    for (let i = 0; i < 3; i++) expect((await http(api(i, 'keyviz/matrix'), { headers: { cookie } })).status).toBe(200);
  });

  test('no cookie, a blank cookie, a tampered or foreign token are 401 unauthenticated', async () => {
    expectError(await http(api(0, 'keyviz/matrix')), 401, 'unauthenticated', 'missing session cookie');
    expectError(await http(api(0, 'keyviz/matrix'), { headers: { cookie: 'admin_session=' } }), 401, 'unauthenticated', 'missing session cookie');
    const jwt = cookieValue(await session(), 'admin_session')!;
    const tampered = `${jwt.slice(0, -2)}${jwt.endsWith('AA') ? 'BB' : 'AA'}`;
    expectError(await http(api(0, 'keyviz/matrix'), { headers: { cookie: `admin_session=${tampered}` } }),
      401, 'unauthenticated', 'invalid or expired session');
    const other = await startDemoCluster({ nodes: 1, clock: clock.now, history: 5, routes: 12 });
    try {
      const foreign = cookieHeader((await login(other.urls[0]!, DEMO_ACCESS_KEY, DEMO_SECRET_KEY)).setCookies);
      expectError(await http(api(0, 'keyviz/matrix'), { headers: { cookie: foreign } }), 401, 'unauthenticated',
        'invalid or expired session');
    } finally {
      await other.stop();
    }
  });

  test('the session expires after exactly one hour', async () => {
    const cookie = cookieHeader(await session());
    clock.advance(3600_000 - 1000);
    expect((await http(api(0, 'keyviz/matrix'), { headers: { cookie } })).status).toBe(200);
    clock.advance(1000);
    expectError(await http(api(0, 'keyviz/matrix'), { headers: { cookie } }), 401, 'unauthenticated', 'invalid or expired session');
  });

  test('a token issued more than 30 s in the future is refused', async () => {
    const cookie = cookieHeader(await session());
    clock.advance(-31_000);
    expectError(await http(api(0, 'keyviz/matrix'), { headers: { cookie } }), 401, 'unauthenticated');
    clock.advance(2_000); // 29 s of skew is tolerated
    expect((await http(api(0, 'keyviz/matrix'), { headers: { cookie } })).status).toBe(200);
  });

  test('a token signed with the wrong key is refused even with valid claims', async () => {
    const { token } = mintSession(Buffer.alloc(64, 7), DEMO_ACCESS_KEY, 'full', clock.ms);
    expectError(await http(api(0, 'cluster'), { headers: { cookie: `admin_session=${token}` } }), 401, 'unauthenticated');
  });
});

describe('CSRF and logout', () => {
  async function cookies(): Promise<{ cookie: string; csrf: string }> {
    const sc = (await login(cluster.urls[0]!, DEMO_ACCESS_KEY, DEMO_SECRET_KEY)).setCookies;
    return { cookie: cookieHeader(sc), csrf: cookieValue(sc, 'admin_csrf')! };
  }

  test('logout needs a session first (401), then CSRF cookie and header (403)', async () => {
    expectError(await http(api(0, 'auth/logout'), { method: 'POST' }), 401, 'unauthenticated');
    const { cookie, csrf } = await cookies();
    const sessionOnly = cookie.split('; ').filter((c) => c.startsWith('admin_session=')).join('');
    expectError(await http(api(0, 'auth/logout'), { method: 'POST', headers: { cookie: sessionOnly, 'x-admin-csrf': csrf } }),
      403, 'csrf_missing', 'admin_csrf cookie is required');
    expectError(await http(api(0, 'auth/logout'), { method: 'POST', headers: { cookie } }),
      403, 'csrf_missing', 'X-Admin-CSRF header is required for write operations');
    expectError(await http(api(0, 'auth/logout'), { method: 'POST', headers: { cookie, 'x-admin-csrf': 'x'.repeat(43) } }),
      403, 'csrf_mismatch', 'CSRF token mismatch');
  });

  test('logout with CSRF is 204 and expires both cookies', async () => {
    const { cookie, csrf } = await cookies();
    const r = await http(api(1, 'auth/logout'), { method: 'POST', headers: { cookie, 'x-admin-csrf': ` ${csrf} ` } });
    expect(r.status).toBe(204);
    expect(r.text).toBe('');
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.setCookies).toEqual([
      'admin_session=; Path=/admin; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; Secure; SameSite=Strict',
      'admin_csrf=; Path=/admin; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Secure; SameSite=Strict',
    ]);
  });

  test('GET logout passes CSRF and is 405 from the handler', async () => {
    const { cookie } = await cookies();
    expectError(await http(api(0, 'auth/logout'), { headers: { cookie } }), 405, 'method_not_allowed', 'logout requires POST');
  });

  test('a POST to the matrix is stopped by CSRF (403) before the method check (405)', async () => {
    const { cookie, csrf } = await cookies();
    expectError(await http(api(0, 'keyviz/matrix'), { method: 'POST', headers: { cookie } }), 403, 'csrf_missing');
    expectError(await http(api(0, 'keyviz/matrix'), { method: 'POST', headers: { cookie, 'x-admin-csrf': csrf } }),
      405, 'method_not_allowed', 'only GET');
  });
});
