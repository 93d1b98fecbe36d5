// Large snapshot files for the file-open tests: a valid one written by the app's own snapshot
// writer, and a hostile one streamed to disk as text (never built as one object in memory).
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { FanoutResult } from '../../src/main/core/fanout';
import { mergeMatrices, parseNodeMatrixText } from '../../src/main/core/merge';
import { writeSnapshotFile } from '../../src/main/core/snapshot';

const T0 = Date.UTC(2026, 10, 20);
const STEP = 60_000;

/** One node's writes answer: most rows shared by every node, counts on the leader, a few leadership changes. */
export function nodeAnswerText(node: number, nodes: number, rows: number, cols: number): string {
  let seed = 12345 + node * 7919;
  const rand = (): number => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed / 0x100000000; };
  const columns = Array.from({ length: cols }, (_, j) => T0 + j * STEP);
  const out: string[] = [];
  for (let r = 0; r < rows; r++) {
    const id = r < rows * 7 / 8 ? r : 100_000 * (node + 1) + r;
    const leader = id % nodes === node;
    const group = 1 + (id % 16);
    const values = new Array<number>(cols);
    const groups = new Array<number>(cols).fill(group);
    const terms = new Array<number>(cols);
    for (let j = 0; j < cols; j++) {
      values[j] = leader ? Math.floor(rand() * 5000) : rand() < 0.02 ? Math.floor(rand() * 50) : 0;
      terms[j] = 1000 + Math.floor(j / 700);
    }
    const key = Buffer.from(`user:${String(id).padStart(8, '0')}`).toString('base64');
    out.push(`{"bucket_id":"route:${id}","start":"${key}","end":null,"aggregate":false,"route_count":1,`
      + `"values":[${values.join(',')}],"raft_group_ids":[${groups.join(',')}],"leader_terms":[${terms.join(',')}]}`);
  }
  return `{"column_unix_ms":[${columns.join(',')}],"rows":[${out.join(',')}],"series":"writes","generated_at":"2026-11-24T12:00:00Z"}\n`;
}

/** nodes × rows × cols through the app's merge and snapshot writer; returns the bytes on disk. */
export async function writeLargeSnapshot(path: string, nodes: number, rows: number, cols: number): Promise<number> {
  const answers = Array.from({ length: nodes }, (_, i) => nodeAnswerText(i, nodes, rows, cols));
  const urls = answers.map((_, i) => `http://10.0.0.${i + 1}:8080`);
  const matrices = answers.map((text, i) => parseNodeMatrixText(text, urls[i]!, i).matrix);
  const merge = mergeMatrices(matrices, { series: 'writes', nodeRows: rows });
  const result: FanoutResult = {
    outcome: 'complete', login: [], warnings: [], merge, missing: null,
    nodes: answers.map((text, i) => ({ status: { node: urls[i]!, ok: true, elapsed_ms: 5, bytes: text.length, warnings: [] },
      matrix: matrices[i]!, raw: Buffer.from(text) })),
    fanout: { nodes: urls.map((node) => ({ node, ok: true })), responded: nodes, expected: nodes },
  };
  return writeSnapshotFile(path, { result, request: { series: 'writes', rows, fromMs: null, toMs: null, compat: false },
    appVersion: 'test', createdAtMs: T0 + cols * STEP });
}

/**
 * A snapshot whose one node matrix has `rows` rows of `cols` cells (about 100 bytes a row at 24
 * columns): streamed out row by row. Returns the bytes written.
 */
export async function writeHostileSnapshot(path: string, rows: number, cols: number): Promise<number> {
  const out = createWriteStream(path);
  let bytes = 0;
  const write = async (s: string): Promise<void> => {
    bytes += Buffer.byteLength(s);
    if (!out.write(s)) await once(out, 'drain');
  };
  const columns = Array.from({ length: cols }, (_, j) => T0 + j * STEP).join(',');
  await write('{"format":"keyviz-inspector/snapshot","version":1,"created_at":"2026-11-24T12:00:00Z","app_version":"x",'
    + '"request":{"series":"writes","rows":1024,"from_unix_ms":null,"to_unix_ms":null,"compat":false},'
    + `"matrix":{"column_unix_ms":[${columns}],"rows":[],"series":"writes","fanout":{"nodes":[{"node":"n1","ok":true}],"responded":1,"expected":1}},`
    + `"nodes":[{"node":"n1","ok":true,"elapsed_ms":1,"bytes":1,"warnings":[],"matrix":{"column_unix_ms":[${columns}],"series":"writes","rows":[`);
  const values = Array.from({ length: cols }, (_, j) => (j * 7) % 10).join(',');
  const CHUNK = 1000;
  for (let r = 0; r < rows; r += CHUNK) {
    let s = '';
    for (let k = r; k < Math.min(rows, r + CHUNK); k++) s += `${k ? ',' : ''}{"bucket_id":"route:${k}","values":[${values}]}`;
    await write(s);
  }
  await write(']}}],"warnings":[]}\n');
  out.end();
  await once(out, 'close');
  return bytes;
}
