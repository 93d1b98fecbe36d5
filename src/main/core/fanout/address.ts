// Node addresses as operators write them (`host:port`, `http(s)://host:port`), normalised so the
// same node is recognised however it is written.
import { isIP } from 'node:net';
import { withDefaultScheme } from '../../../shared/elastickv/admin-api';

export interface NodeAddress {
  /** As the operator wrote it (used in messages). */
  input: string;
  /** scheme://host[:port], host lower-cased, default port omitted (what requests go to). */
  origin: string;
  /** scheme://host:port with the port explicit: one node, however it was written. */
  key: string;
  /** `host:port` (IPv6 in brackets), how elastickv names peers. */
  hostPort: string;
  secure: boolean;
  loopback: boolean;
}

export class NodeAddressError extends Error {}

function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || h === '0:0:0:0:0:0:0:1';
  return false;
}

export function parseNodeAddress(input: string): NodeAddress {
  const raw = input.trim();
  if (!raw) throw new NodeAddressError('a node address is empty');
  let url: URL;
  try {
    url = new URL(withDefaultScheme(raw));
  } catch {
    throw new NodeAddressError(`'${input}' is not a node address (expected host:port or http(s)://host:port)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new NodeAddressError(`'${input}': only http:// and https:// nodes are supported`);
  }
  if (!url.hostname) throw new NodeAddressError(`'${input}' has no host`);
  if (url.username || url.password) throw new NodeAddressError(`'${input}': credentials do not belong in a node address`);
  const secure = url.protocol === 'https:';
  const port = url.port || (secure ? '443' : '80');
  const host = url.hostname.toLowerCase();
  const hostPort = `${host}:${port}`;
  const origin = `${url.protocol}//${host}${url.port ? `:${url.port}` : ''}`;
  return { input, origin, key: `${url.protocol}//${hostPort}`, hostPort, secure, loopback: isLoopback(host) };
}

/** Parse every address; the same node listed twice is kept once, with a warning. */
export function parseNodeList(inputs: readonly string[]): { nodes: NodeAddress[]; warnings: string[] } {
  const nodes: NodeAddress[] = [];
  const warnings: string[] = [];
  for (const input of inputs) {
    const a = parseNodeAddress(input);
    const dup = nodes.find((n) => n.key === a.key);
    if (dup) {
      warnings.push(`'${input}' is the same node as '${dup.input}' (${a.key}): asked once and counted once`);
      continue;
    }
    nodes.push(a);
  }
  if (nodes.length === 0) throw new NodeAddressError('no node to ask: give at least one node address');
  return { nodes, warnings };
}

/** The warning for a node reached in clear over a network. */
export function plaintextWarning(a: NodeAddress): string | null {
  if (a.secure || a.loopback) return null;
  return `${a.input}: plain http:// to a non-loopback host: the session cookie (and, at login, the secret) travel unencrypted`;
}
