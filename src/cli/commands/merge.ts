// `keyviz-inspector merge`: merge node matrices saved as files, like elastickv's fan-out would.
import { coverageJson, eventsJson, MatrixInputError, mergeMatrices, MergeInputError, warningsJson, writeMatrixJson } from '../../main/core/merge';
import { intFlag, parseFlags, seriesFlag, UsageError } from '../args';
import type { Command } from '../command';
import { readMatrixFiles } from '../matrix-files';

const HELP = `Usage: keyviz-inspector merge [--compat] [--series S] [--rows N] FILE...

Merge KeyViz matrices, one FILE per node (each as that node's
/admin/api/v1/keyviz/matrix returns it, asked with X-Admin-Fanout-Peer: 1), in
priority order: the first FILE plays elastickv's "local" node. Prints one JSON
document: the merged matrix in elastickv's wire shape, plus "warnings" and
"coverage".

The numbers follow elastickv's own merge exactly (reads sum; writes by Raft group
and leader term, with per-cell conflicts; legacy max-merge without identity). On
top of it, unless --compat: columns of different nodes within half a step share
one time slot, rows are in key order, coverage tells which files had each row and
column, and warnings name rows, columns and key ranges the files disagree on.

Flags:
  --compat        exactly elastickv's output: no shaping, no warnings, no coverage
  --series S      reads, writes, read_bytes or write_bytes (default: the files' own;
                  files of different series are an error)
  --rows N        keep the N most active rows after the merge (not with --compat)
  --no-align      keep elastickv's exact-timestamp columns
  --no-key-order  keep elastickv's first-seen row order
  -h, --help      show this help

Exit status: 0 merged, 2 bad usage or a bad input file (the message names it).
`;

export const merge: Command = {
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, {
      compat: { type: 'boolean' }, series: { type: 'string' }, rows: { type: 'string' },
      'no-align': { type: 'boolean' }, 'no-key-order': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    }, 'merge', true);
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    if (positionals.length === 0) throw new UsageError("merge needs at least one FILE\nRun 'keyviz-inspector merge --help' for usage.");
    const rows = intFlag('rows', values.rows, 1, 1_000_000);
    if (values.compat && rows !== undefined) throw new UsageError('--rows re-applies a row budget, which elastickv does not do: it cannot go with --compat');
    const series = seriesFlag(values.series);

    try {
      const { inputs, warnings } = await readMatrixFiles(positionals, io.files?.matrixFileWorker);
      const result = mergeMatrices(inputs, {
        compat: values.compat, series, rows, align: !values['no-align'], keyOrder: !values['no-key-order'],
      });
      const extra = values.compat ? ''
        : `,"warnings":${warningsJson([...warnings, ...result.warnings])}`
          + `,"events":${eventsJson(result.events, result.inputs.map((m) => m.source), result.matrix.columns)}`
          + (result.eventsOmitted > 0 ? `,"events_omitted":${result.eventsOmitted}` : '')
          + (result.coverage ? `,"coverage":${coverageJson(result.coverage, result.matrix.rows.map((r) => r.bucketId))}` : '');
      writeMatrixJson(result.matrix, (chunk) => io.out(chunk), extra);
      io.out('\n');
      for (const w of warnings) io.err(`warning: ${w.message}\n`);
      return 0;
    } catch (err) {
      if (err instanceof MatrixInputError || err instanceof MergeInputError) throw new UsageError(err.message);
      throw err;
    }
  },
};
