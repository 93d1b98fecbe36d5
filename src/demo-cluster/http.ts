// Small HTTP helpers shaped like elastickv's admin router (contract §1).
import type { IncomingMessage, ServerResponse } from 'node:http';

export { rfc3339 } from '../shared/time';

/** Request body cap on every admin path (64 KiB). */
export const BODY_LIMIT = 64 * 1024;

/** `writeJSONError`: `{"error","message"}` (message omitted when empty), trailing newline. */
export function sendError(res: ServerResponse, status: number, code: string, message = '',
  extraHeaders: Record<string, string> = {}): void {
  const body = message ? { error: code, message } : { error: code };
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    ...extraHeaders,
  });
  res.end(`${JSON.stringify(body)}\n`);
}

export function sendJSON(res: ServerResponse, status: number, value: unknown,
  extraHeaders: Record<string, string | string[]> = {}): void {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    ...extraHeaders,
  });
  res.end(`${JSON.stringify(value)}\n`);
}

/** A JSON body already written as bytes (the matrix answer), with sendJSON's headers. */
export function sendJSONBytes(res: ServerResponse, status: number, body: Buffer): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(body);
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

export type BodyResult = { ok: true; body: Buffer } | { ok: false; tooLarge: boolean };

/** Read the body up to the cap (Go's MaxBytesReader: more than the cap is an error). */
export function readBody(req: IncomingMessage, limit = BODY_LIMIT): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (r: BodyResult): void => {
      if (done) return;
      done = true;
      resolve(r);
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Stop buffering; drain the rest so the answer can still be written.
        chunks.length = 0;
        finish({ ok: false, tooLarge: true });
        return;
      }
      if (!done) chunks.push(chunk);
    });
    req.on('end', () => finish({ ok: true, body: Buffer.concat(chunks) }));
    req.on('error', () => finish({ ok: false, tooLarge: false }));
  });
}

/** First value of a cookie, like Go's `r.Cookie(name)`. */
export function getCookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      const v = part.slice(eq + 1).trim();
      return v.startsWith('"') && v.endsWith('"') && v.length >= 2 ? v.slice(1, -1) : v;
    }
  }
  return undefined;
}

export function remoteIp(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}
