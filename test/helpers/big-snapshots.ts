// Large snapshot files for the file-open tests: a valid one written by the app's own snapshot
// writer, and a hostile one streamed to disk as text (never built as one object in memory).
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { FanoutResult } from '../../src/main/core/fanout';
import { mergeMatrices, parseNodeMatrixText } from '../../src/main/core/merge';
import { writeSnapshotFile } from '../../src/main/core/snapshot';
import { nodeAnswer } from '../../bench/support/node-answers';

/** The answers' first column time and step (as bench/support/node-answers.ts writes them). */
const T0 = Date.UTC(2026, 10, 20);
const STEP = 60_000;

/** nodes × rows × cols through the app's merge and snapshot writer; returns the bytes on disk. */
export async function writeLargeSnapshot(path: string, nodes: number, rows: number, cols: number): Promise<number> {
  const answers = Array.from({ length: nodes }, (_, i) => nodeAnswer(i, nodes, rows, cols));
  const urls = answers.map((_, i) => `http://10.0.0.${i + 1}:8080`);
  const matrices = answers.map((text, i) => parseNodeMatrixText(text, urls[i]!, i).matrix);
  const merge = mergeMatrices(matrices, { series: 'writes', nodeRows: rows });
  const result: FanoutResult = {
    outcome: 'complete', login: [], warnings: [], merge, missing: null,
    nodes: answers.map((text, i) => ({ status: { node: urls[i]!, ok: true, elapsed_ms: 5, bytes: text.length, warnings: [] },
      matrix: matrices[i]!, raw: [Buffer.from(text)] })),
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
