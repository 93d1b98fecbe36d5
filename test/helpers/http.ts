// A tiny client for tests: real HTTP over loopback with undici, raw headers kept.
import { request } from 'undici';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json(): unknown;
  setCookies: string[];
}

export async function http(url: string, opts: {
  method?: string; headers?: Record<string, string>; body?: string | Buffer;
} = {}): Promise<Reply> {
  const res = await request(url, { method: (opts.method ?? 'GET') as 'GET', headers: opts.headers, body: opts.body });
  const text = await res.body.text();
  const sc = res.headers['set-cookie'];
  return {
    status: res.statusCode,
    headers: res.headers,
    text,
    json: () => JSON.parse(text) as unknown,
    setCookies: sc === undefined ? [] : Array.isArray(sc) ? sc : [sc],
  };
}

export function login(base: string, accessKey: string, secretKey: string, headers: Record<string, string> = {}): Promise<Reply> {
  return http(`${base}/admin/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ access_key: accessKey, secret_key: secretKey }),
  });
}

/** `name=value` pairs from Set-Cookie headers, ready for a Cookie header. */
export function cookieHeader(setCookies: string[]): string {
  return setCookies.map((c) => c.split(';')[0]).join('; ');
}

export function cookieValue(setCookies: string[], name: string): string | undefined {
  for (const c of setCookies) {
    const [pair] = c.split(';');
    const eq = pair!.indexOf('=');
    if (pair!.slice(0, eq) === name) return pair!.slice(eq + 1);
  }
  return undefined;
}

/** A settable clock for sessions, rate limits and the ring buffer. */
export class TestClock {
  constructor(public ms: number) {}
  readonly now = (): number => this.ms;
  advance(ms: number): void { this.ms += ms; }
}
