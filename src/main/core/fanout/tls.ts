// The connection pool to the nodes: system CAs by default, an extra CA, or a pinned certificate
// (SHA-256 fingerprint) that replaces chain verification for self-signed node certificates.
import { isIP } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { Agent, buildConnector } from 'undici';
import { describeRefusal, FileReadError, readRegularText } from '../files/read-file';
import { MAX_PEM_BYTES } from '../../../shared/limits';
import type { PeerCertificate } from '../../../shared/identity';

export type { PeerCertificate } from '../../../shared/identity';

export interface TlsOptions {
  /** Extra CA certificates (PEM), trusted on top of the system's. */
  ca?: string;
  /** SHA-256 fingerprint of the node certificate to trust (hex, colons optional). */
  pinSha256?: string;
}

const normFp = (fp: string): string => fp.replace(/[^0-9a-f]/gi, '').toUpperCase();

export function createNodeAgent(tls: TlsOptions = {}): Agent {
  const pin = tls.pinSha256 ? normFp(tls.pinSha256) : null;
  if (pin !== null && pin.length !== 64) throw new Error('a pinned certificate fingerprint must be 64 hex digits (SHA-256)');
  const connector = buildConnector({
    ...(tls.ca ? { ca: tls.ca } : {}),
    // With a pin, the pin is the trust decision (self-signed node certificates); it is checked
    // below, on every connection: a resumed TLS session shows no certificate, so none are resumed.
    rejectUnauthorized: pin === null,
    ...(pin !== null ? { maxCachedSessions: 0 } : {}),
  });
  return new Agent({
    keepAliveTimeout: 4000,
    connect: (opts, callback) => {
      connector(opts, (err, socket) => {
        if (err || !socket) { callback(err ?? new Error('no socket'), null); return; }
        if (pin !== null && 'getPeerCertificate' in socket) {
          const fp = normFp((socket as TLSSocket).getPeerCertificate().fingerprint256 ?? '');
          if (fp !== pin) {
            socket.destroy();
            callback(Object.assign(new Error(`certificate ${fp.slice(0, 16)}… does not match the pinned fingerprint`),
              { code: 'KEYVIZ_PIN_MISMATCH' }), null);
            return;
          }
        }
        callback(null, socket);
      });
    },
  });
}

/** An extra CA file (PEM) for https:// nodes, or an error that names it and says why. A CA file is small: a big one is not one. */
export async function readCaFile(path: string): Promise<string> {
  try {
    return await readRegularText(path, MAX_PEM_BYTES);
  } catch (err) {
    const r = err instanceof FileReadError ? err.refusal : null;
    throw new Error(`cannot read the CA file ${path} (${r === null ? String(err) : r.kind === 'io' ? r.code : describeRefusal(r)})`);
  }
}

/**
 * The certificate a node presents, without trusting it: shown to the user, who decides whether
 * to pin its fingerprint. Nothing but the TLS handshake is sent (no cookie, no secret).
 */
export async function peekCertificate(origin: string, timeoutMs: number, ca?: string): Promise<PeerCertificate> {
  const url = new URL(origin);
  if (url.protocol !== 'https:') throw new Error(`${origin} is not an https:// address: there is no certificate to check`);
  const { connect } = await import('node:tls');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port: Number(url.port || 443), servername: isIP(host) ? undefined : host, rejectUnauthorized: false,
      ...(ca ? { ca } : {}) }, () => {
      const c = socket.getPeerCertificate();
      const name = (x: Record<string, unknown> | undefined): string => (x ? Object.entries(x).map(([k, v]) => `${k}=${String(v)}`).join(', ') : '');
      socket.destroy();
      if (!c?.fingerprint256) { reject(new Error(`${origin} presented no certificate`)); return; }
      const err = socket.authorizationError;
      resolve({ node: origin, fingerprint256: c.fingerprint256, subject: name(c.subject as unknown as Record<string, unknown>),
        issuer: name(c.issuer as unknown as Record<string, unknown>), validFrom: c.valid_from, validTo: c.valid_to,
        trusted: socket.authorized, trustError: err ? String(err) : null });
    });
    socket.setTimeout(timeoutMs, () => { socket.destroy(); reject(new Error(`${origin}: no TLS handshake within ${timeoutMs} ms`)); });
    socket.on('error', (e: NodeJS.ErrnoException) => reject(new Error(`${origin}: ${e.code ?? e.message}`)));
  });
}
