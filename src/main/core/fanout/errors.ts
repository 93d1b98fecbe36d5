// Transport failures in an operator's words.
import { nodeText } from '../../../shared/node-text';

/** Why a request failed before an HTTP answer: refused, reset, timed out, TLS, DNS. */
export function describeTransportError(err: unknown, signal?: AbortSignal, deadlineMs?: number): string {
  if (signal?.aborted) {
    const reason = signal.reason as { name?: string } | undefined;
    if (reason?.name === 'TimeoutError' || deadlineMs !== undefined) {
      return `no answer within the deadline${deadlineMs !== undefined ? ` (${deadlineMs} ms)` : ''}`;
    }
    return 'cancelled';
  }
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.code ?? e.cause?.code ?? '';
  switch (code) {
    case 'ECONNREFUSED': return 'connection refused (is the node running, and is its admin listener at this address?)';
    case 'ECONNRESET': case 'UND_ERR_SOCKET': return 'connection reset before the answer was complete';
    case 'ENOTFOUND': case 'EAI_AGAIN': return 'host name not found';
    case 'EHOSTUNREACH': case 'ENETUNREACH': return 'host unreachable';
    case 'UND_ERR_HEADERS_TIMEOUT': case 'UND_ERR_BODY_TIMEOUT': case 'UND_ERR_CONNECT_TIMEOUT': return 'the node stopped answering';
    case 'CERT_HAS_EXPIRED': case 'DEPTH_ZERO_SELF_SIGNED_CERT': case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE': case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `TLS certificate not trusted (${code}): add the node's CA or pin its certificate`;
    case 'KEYVIZ_PIN_MISMATCH': return e.message ?? 'certificate does not match the pinned fingerprint';
    // An error's message may quote what the node sent (a header, a certificate name).
    default: return nodeText(`${e.message ?? String(err)}${code ? ` (${code})` : ''}`);
  }
}
