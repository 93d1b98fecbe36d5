// The connection pool to the nodes: system CAs by default, an extra CA, or a pinned certificate
// (SHA-256 fingerprint) that replaces chain verification for self-signed node certificates.
import type { TLSSocket } from 'node:tls';
import { Agent, buildConnector } from 'undici';

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
