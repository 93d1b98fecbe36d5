// A node as operators call it: the node_id its GET /cluster gave, when the app has it.
import type { IdentityResponse } from '../../shared/ipc';

export function nodeIdOf(identity: IdentityResponse | null, node: string): string | null {
  return identity?.nodes.find((i) => i.node === node)?.nodeId ?? null;
}

/**
 * A node's name in a table: its node_id as the node strip shows it (from the identity asked, else
 * the one the round knew, e.g. a file's saved identity), else its host:port (the scheme says nothing).
 */
export function nodeName(identity: IdentityResponse | null, node: string, known: string | null = null): string {
  return nodeIdOf(identity, node) ?? known ?? node.replace(/^https?:\/\//, '');
}
