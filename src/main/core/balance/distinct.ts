// One node given twice (two addresses, or its answer saved twice) would count its traffic twice
// and take two shares. As the fan-out does, a later input is left out only when both say the same
// node_id and gave the same answer; a node's word alone is no proof.
import { sameMatrix, sameNodeIds } from '../fanout/twins';
import type { BalanceInput, LeftOut } from './types';

export function distinctNodes(inputs: readonly BalanceInput[]): { kept: BalanceInput[]; leftOut: LeftOut[]; warnings: string[] } {
  const twins = sameNodeIds(inputs.map((x) => (x.identity?.ok ? x.identity.nodeId : undefined)));
  const leftOut: LeftOut[] = [];
  const warnings: string[] = [];
  const drop = new Set<number>();
  for (const [i, j] of twins) {
    const a = inputs[j]!;
    const b = inputs[i]!;
    if (sameMatrix(a.matrix, b.matrix)) {
      drop.add(i);
      leftOut.push({ node: b.node, duplicateOf: a.node });
    } else {
      warnings.push(`${a.node} and ${b.node} both say they are node ${a.identity!.nodeId}, but answered differently: both are counted`);
    }
  }
  return { kept: inputs.filter((_, i) => !drop.has(i)), leftOut, warnings };
}
