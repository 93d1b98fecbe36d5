// A node as operators call it: the node_id its GET /cluster gave, when the app has it.
import type { IdentityResponse } from '../../shared/ipc';

export function nodeIdOf(identity: IdentityResponse | null, node: string): string | null {
  return identity?.nodes.find((i) => i.node === node)?.nodeId ?? null;
}
