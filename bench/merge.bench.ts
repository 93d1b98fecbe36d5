// The merge at the design ceiling: 6 node answers × 1024 rows × 4096 columns with identity
// arrays. Every time is also given as a ratio to JSON.parse of the same bytes, measured here.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { cellDetail, mergeMatrices, type NodeMatrix, parseNodeMatrixText, writeMatrixJson } from '../src/main/core/merge';
import { decodeMatrixBytes } from '../src/main/core/merge/stream';
import { ms, ratio } from './measure';
import { COLS, NODES, nodeAnswer, ROWS } from './support/node-answers';

function heapMiB(): number {
  return process.memoryUsage().heapUsed / 1048576;
}

export default async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'keyviz-bench-'));
  try {
    const files = Array.from({ length: NODES }, (_, i) => {
      const f = join(dir, `node${i}.json`);
      writeFileSync(f, nodeAnswer(i));
      return f;
    });
    const texts = files.map((f) => readFileSync(f, 'utf8'));
    const bytes = texts.reduce((a, t) => a + t.length, 0);
    console.log(`${NODES} inputs × ${ROWS} rows × ${COLS} columns, writes with identity arrays: ${(bytes / 1048576).toFixed(0)} MiB of JSON`);

    let t = performance.now();
    for (const text of texts) JSON.parse(text);
    const baseline = performance.now() - t;

    let peak = heapMiB();
    t = performance.now();
    const inputs: NodeMatrix[] = texts.map((text, i) => {
      const m = parseNodeMatrixText(text, files[i]!, i).matrix;
      peak = Math.max(peak, heapMiB());
      return m;
    });
    const parse = performance.now() - t;

    // What merge and balance run on their files now: the streaming decoder over the bytes.
    const raw = files.map((f) => readFileSync(f));
    t = performance.now();
    for (const [i, b] of raw.entries()) decodeMatrixBytes(b, files[i]!, i);
    const decode = performance.now() - t;

    t = performance.now();
    const compat = mergeMatrices(inputs, { compat: true });
    const mergeCompat = performance.now() - t;
    peak = Math.max(peak, heapMiB());

    t = performance.now();
    const shaped = mergeMatrices(inputs);
    const mergeShaped = performance.now() - t;
    peak = Math.max(peak, heapMiB());

    // Real nodes flush on their own milliseconds: the same inputs, each node's columns shifted.
    const jittered = inputs.map((m, i) => ({ ...m, columns: m.columns.map((c, j) => c + i * 97 + ((j * 31) % 40)) }));
    t = performance.now();
    const shapedJitter = mergeMatrices(jittered);
    const mergeJitter = performance.now() - t;
    peak = Math.max(peak, heapMiB());

    t = performance.now();
    let outBytes = 0;
    writeMatrixJson(compat.matrix, (chunk) => { outBytes += chunk.length; });
    const serialise = performance.now() - t;
    peak = Math.max(peak, heapMiB());

    console.log(`  baseline JSON.parse of all inputs   ${ms(baseline)}`);
    console.log(`  parse + validate into typed arrays  ${ms(parse)}  (${ratio(parse, baseline)} JSON.parse)`);
    console.log(`  streaming decoder, the same         ${ms(decode)}  (${ratio(decode, baseline)} JSON.parse)`);
    console.log(`  merge, compat                       ${ms(mergeCompat)}  (${ratio(mergeCompat, baseline)} JSON.parse)  `
      + `${compat.matrix.rows.length} rows × ${compat.matrix.columns.length} columns`);
    console.log(`  merge, shaped (align+order+coverage) ${ms(mergeShaped)}  (${ratio(mergeShaped, baseline)} JSON.parse)  `
      + `${shaped.matrix.rows.length} rows × ${shaped.matrix.columns.length} columns`);
    console.log(`  merge, shaped, jittered flushes     ${ms(mergeJitter)}  (${ratio(mergeJitter, baseline)} JSON.parse)  `
      + `${shapedJitter.matrix.rows.length} rows × ${shapedJitter.matrix.columns.length} columns (compat would stripe them into `
      + `${NODES * COLS})`);
    console.log(`  serialise compat result             ${ms(serialise)}  (${ratio(serialise, baseline)} JSON.parse)  `
      + `${(outBytes / 1048576).toFixed(0)} MiB`);
    console.log(`  peak JS heap during the run          ${peak.toFixed(0)} MiB (typed arrays live outside it)`);

    // What a hover costs in the main process: one cell's detail with every node's own value.
    const R = shaped.matrix.rows.length;
    const C = shaped.matrix.columns.length;
    t = performance.now();
    for (let i = 0; i < 1000; i++) cellDetail(shaped, (i * 7919) % R, (i * 104729) % C);
    console.log(`  cell detail (hover), per cell        ${ms((performance.now() - t) / 1000)}`);

    // Whole processes: `merge --compat` writing its output to a file, against a process that only
    // reads and JSON.parses the same files; at the size (1440 columns) and at the ceiling.
    await build({ configFile: resolve(import.meta.dirname, '../vite.cli.config.mts'), logLevel: 'warn' });
    const cli = resolve(import.meta.dirname, '../out/cli/keyviz-inspector.js');
    const outFile = join(dir, 'merged.json');
    const timeProcess = (args: string[], out: string | null): number => {
      const fd = out === null ? 'ignore' : openSync(out, 'w');
      const start = performance.now();
      try {
        const r = spawnSync(process.execPath, args, { stdio: ['ignore', fd, 'inherit'] });
        if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
        return performance.now() - start;
      } finally {
        if (typeof fd === 'number') closeSync(fd);
      }
    };
    for (const cols of [1440, COLS]) {
      const sized = cols === COLS ? files : Array.from({ length: NODES }, (_, i) => {
        const f = join(dir, `node${i}-${cols}.json`);
        writeFileSync(f, nodeAnswer(i, NODES, ROWS, cols));
        return f;
      });
      const readParse = `for (const f of ${JSON.stringify(sized)}) JSON.parse(require('fs').readFileSync(f, 'utf8'))`;
      const timesBase: number[] = [];
      const timesMerge: number[] = [];
      for (let i = 0; i < 3; i++) {
        timesBase.push(timeProcess(['-e', readParse], null));
        timesMerge.push(timeProcess([cli, 'merge', '--compat', ...sized], outFile));
      }
      const best = (a: number[]): number => Math.min(...a);
      const all = (a: number[]): string => a.map((v) => v.toFixed(0)).join(', ');
      console.log(`  process, ${NODES} × ${ROWS} × ${cols} (${(statSync(sized[0]!).size * NODES / 1048576).toFixed(0)} MiB in, `
        + `${(statSync(outFile).size / 1048576).toFixed(0)} MiB out), best of 3:`);
      console.log(`    read + JSON.parse only           ${ms(best(timesBase))}  (runs: ${all(timesBase)} ms)`);
      console.log(`    merge --compat > file            ${ms(best(timesMerge))}  (${(best(timesMerge) / best(timesBase)).toFixed(2)}× the read+parse `
        + `process; runs: ${all(timesMerge)} ms)`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
