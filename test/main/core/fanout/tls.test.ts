// https:// nodes: the system CAs, an extra CA file, or a pinned certificate fingerprint.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ClusterClient, peekCertificate, type TlsOptions } from '../../../../src/main/core/fanout';
import { peerCertificateSchema } from '../../../../src/shared/ipc';

const dir = resolve(import.meta.dirname, '../../../fixtures/tls');
const cert = readFileSync(resolve(dir, 'node.crt'), 'utf8');
const key = readFileSync(resolve(dir, 'node.key'), 'utf8');
const fingerprint = new X509Certificate(cert).fingerprint256;
const Q = { series: 'reads' as const, rows: 10, fromMs: null, toMs: null };

let server: Server;
let url: string;
const seenCookies: Array<string | undefined> = [];
beforeAll(async () => {
  server = createServer({ cert, key }, (req, res) => {
    seenCookies.push(req.headers.cookie);
    req.resume();
    if (req.url?.startsWith('/admin/api/v1/auth/login')) {
      res.writeHead(200, { 'set-cookie': ['admin_session=tls.jwt.sig; Path=/admin; Secure; HttpOnly'] });
      res.end('{"role":"full","expires_at":"2030-01-01T00:00:00Z"}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ column_unix_ms: [1], rows: [{ bucket_id: 'route:1', values: [3] }], series: 'reads' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

async function round(tls?: TlsOptions) {
  const c = new ClusterClient({ nodes: [url], accessKey: 'k', secret: 's', tls, timeoutMs: 3000 });
  try {
    return await c.fetch(Q);
  } finally {
    await c.close();
  }
}

describe('https nodes', () => {
  test('a self-signed node is refused with the system CAs alone, before any secret is sent', async () => {
    seenCookies.length = 0;
    const r = await round();
    expect(r.outcome).toBe('failed');
    expect(r.login[0]).toMatchObject({ ok: false, error: expect.stringMatching(/TLS certificate not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\)/) });
    expect(seenCookies).toEqual([]); // the TLS handshake failed: no request reached the node
  });

  test('trusted with its CA file', async () => {
    const r = await round({ ca: cert });
    expect(r.outcome).toBe('complete');
    expect([...r.merge!.matrix.rows[0]!.values]).toEqual([3]);
  });

  test('trusted with its pinned SHA-256 fingerprint (colons and case do not matter)', async () => {
    const first = await round({ pinSha256: fingerprint });
    expect(first.outcome, JSON.stringify(first.login) + JSON.stringify(first.nodes.map((n) => n.status))).toBe('complete');
    expect((await round({ pinSha256: fingerprint.replace(/:/g, '').toLowerCase() })).outcome).toBe('complete');
  });

  test('a different pin is refused, naming the certificate it saw', async () => {
    const r = await round({ pinSha256: 'AB'.repeat(32) });
    expect(r.outcome).toBe('failed');
    expect(r.login[0]).toMatchObject({ ok: false, error: expect.stringMatching(/does not match the pinned fingerprint/) });
    expect(() => new ClusterClient({ nodes: [url], accessKey: 'k', secret: 's', tls: { pinSha256: 'abc' } })).toThrow(/64 hex digits/);
  });

  test('the certificate is shown before it is trusted: fingerprint, subject, and whether the system trusts it; no request sent', async () => {
    seenCookies.length = 0;
    const seen = await peekCertificate(url, 3000);
    expect(seen).toMatchObject({ fingerprint256: fingerprint, trusted: false, trustError: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    expect(seen.subject).toMatch(/CN=/);
    // The core's answer is the IPC contract's shape, field for field (parsing drops nothing).
    expect(peerCertificateSchema.parse(seen)).toEqual(seen);
    expect(seenCookies).toEqual([]);
    expect(await peekCertificate(url, 3000, cert)).toMatchObject({ trusted: true, trustError: null });
    await expect(peekCertificate(url.replace('https', 'http'), 3000)).rejects.toThrow(/not an https:\/\/ address/);
  });
});
