// The per-node status lines commands print on stderr: address, ok or FAILED, HTTP status, time,
// bytes received, and the error (or what else is worth saying about the node).
import { formatBytes } from '../shared/format';
import type { CommandIO } from './command';

interface NodeLine { node: string; ok: boolean; error?: string; status_code?: number; elapsed_ms: number; bytes: number; duplicate_of?: string }

/** ok, FAILED, or `same` for another address of a node already asked (not a failure). */
export const stateWord = (n: { ok: boolean; duplicate_of?: string }): string => (n.ok ? 'ok' : n.duplicate_of !== undefined ? 'same' : 'FAILED');

export function printNodeTable<N extends NodeLine>(io: CommandIO, nodes: readonly N[], detail: (n: N) => string): void {
  const width = Math.max(4, ...nodes.map((n) => n.node.length));
  io.err(`${'node'.padEnd(width)}  status  http  time      bytes      detail\n`);
  for (const n of nodes) {
    io.err(`${n.node.padEnd(width)}  ${stateWord(n).padEnd(6)}  ${String(n.status_code ?? '-').padEnd(4)}  `
      + `${`${n.elapsed_ms} ms`.padEnd(8)}  ${formatBytes(n.bytes).padEnd(9)}  ${n.error ?? detail(n)}\n`);
  }
}
