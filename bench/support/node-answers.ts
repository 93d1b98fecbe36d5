// Synthetic node answers at the design ceiling, shared by the merge and fan-out benchmarks.
export const NODES = 6;
export const ROWS = 1024;
export const COLS = 4096;
const STEP = 60_000;

/**
 * One node's local writes matrix: most rows shared, writes on the leader only, all nodes flushed on
 * the same ms. The design ceiling by default; the file-open tests ask for other sizes.
 */
export function nodeAnswer(node: number, nodes = NODES, rowCount = ROWS, colCount = COLS): string {
  let seed = 12345 + node * 7919;
  const rand = (): number => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed / 0x100000000; };
  const t0 = Date.UTC(2026, 10, 20);
  const cols = Array.from({ length: colCount }, (_, j) => t0 + j * STEP);
  const rows: string[] = [];
  for (let r = 0; r < rowCount; r++) {
    // 7/8 of the rows are the same buckets on every node; the rest are this node's own.
    const id = r < rowCount * 7 / 8 ? r : 100_000 * (node + 1) + r;
    const leader = id % nodes === node;
    const group = 1 + (id % 16);
    const values = new Array<number>(colCount);
    const groups = new Array<number>(colCount);
    const terms = new Array<number>(colCount);
    for (let j = 0; j < colCount; j++) {
      values[j] = leader ? Math.floor(rand() * 5000) : rand() < 0.02 ? Math.floor(rand() * 50) : 0;
      groups[j] = group;
      terms[j] = 1000 + Math.floor(j / 700);
    }
    const key = Buffer.from(`user:${String(id).padStart(8, '0')}`).toString('base64');
    rows.push(`{"bucket_id":"route:${id}","start":"${key}","end":null,"aggregate":false,"route_count":1,`
      + `"values":[${values.join(',')}],"raft_group_ids":[${groups.join(',')}],"leader_terms":[${terms.join(',')}]}`);
  }
  return `{"column_unix_ms":[${cols.join(',')}],"rows":[${rows.join(',')}],"series":"writes","generated_at":"2026-11-24T12:00:00Z"}\n`;
}
