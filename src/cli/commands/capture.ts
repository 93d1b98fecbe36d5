// `keyviz-inspector capture`: record the cluster view every N into one append-only file.
import { version } from '../../../package.json';
import { lstat } from 'node:fs/promises';
import { CaptureFileError, existsAlready, runCapture } from '../../main/core/capture';
import { END_REASON, type Segment } from '../../shared/capture';
import { formatDuration as duration, formatBytes as size } from '../../shared/format';
import { parseFlags, UsageError } from '../args';
import { CLUSTER_FLAGS, CLUSTER_FLAGS_HELP, clusterFromFlags, durationFlag, logInFirst } from '../cluster-flags';
import type { Command } from '../command';
import { stateWord } from '../node-table';
import { MAX_CAPTURE_EVERY_MS, MAX_CAPTURE_FOR_MS, MIN_CAPTURE_EVERY_MS } from '../../shared/limits';

const HELP = `Usage: keyviz-inspector capture --every DURATION [--for DURATION] --out FILE [--force]
         (--profile NAME | --node URL ... --access-key K) (--secret-key-env VAR | --secret-key-file F)

Record the merged cluster view every DURATION, for DURATION or until Ctrl+C,
into one append-only file (docs/capture-format.md). After the first poll each
node is asked only for the columns since its last answer. Every poll is on disk
before the next starts: a crash keeps all completed polls. Ctrl+C stops after
the poll in flight and writes the end record. A status line per poll goes to
stderr. The free space on the disk is checked before each poll; the capture
stops cleanly (status truncated) before the disk fills.

DURATION: 500ms, 5s, 10m, 1h, or plain seconds.

Flags:
  --every DURATION      time between polls (required), ${MIN_CAPTURE_EVERY_MS}ms to ${MAX_CAPTURE_EVERY_MS / 3_600_000}h
  --for DURATION        how long to record: at least one --every, at most ${MAX_CAPTURE_FOR_MS / MAX_CAPTURE_EVERY_MS} days (default: until Ctrl+C)
  --out FILE            the capture file (required; an existing file is refused)
  --force               replace FILE if it exists
${CLUSTER_FLAGS_HELP}
  -h, --help            show this help

Exit status: 0 every node's segment completed, 3 some failed or the capture was
cut short but at least one node ended ok, 1 every node failed, 2 bad usage.
`;


function segmentLine(s: Segment, width: number): string {
  return `${s.node.padEnd(width)}  ${s.status.padEnd(9)}  ${String(s.polls).padStart(5)}  ${String(s.ok).padStart(4)}  ${String(s.failed).padStart(6)}  `
    + `${size(s.bytes).padStart(9)}  ${s.recovered ? `recovered; last error: ${s.last_error}` : s.last_error ?? ''}`;
}

/** What the capture will do, before it starts: the polls --every and --for make (the loop polls at 0, every, 2 × every… before for). */
function plan(everyMs: number, forMs: number | null): string {
  if (forMs === null) return `every ${duration(everyMs)} until Ctrl+C`;
  const polls = Math.ceil(forMs / everyMs);
  const uneven = forMs % everyMs !== 0
    ? `, the last ${duration((polls - 1) * everyMs)} after the first (${duration(forMs)} is not a whole number of ${duration(everyMs)})` : '';
  return `every ${duration(everyMs)} for ${duration(forMs)}: ${polls} poll${polls === 1 ? '' : 's'}${uneven}`;
}

export const capture: Command = {
  help: HELP,
  async run(argv, io) {
    const { values } = parseFlags(argv, {
      ...CLUSTER_FLAGS, every: { type: 'string' }, for: { type: 'string' }, out: { type: 'string' }, force: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    }, 'capture');
    if (values.help) { io.out(HELP); return 0; }
    const everyMs = durationFlag('every', values.every, MIN_CAPTURE_EVERY_MS, MAX_CAPTURE_EVERY_MS);
    if (everyMs === undefined) throw new UsageError('--every DURATION is required (e.g. --every 5s)');
    const forMs = durationFlag('for', values.for, 1, MAX_CAPTURE_FOR_MS) ?? null;
    if (forMs !== null && forMs < everyMs) {
      throw new UsageError(`--for ${values.for} is shorter than --every ${values.every}: the capture would make a single poll; `
        + `give --for ${values.every} or more, or drop --for to record until Ctrl+C`);
    }
    if (!values.out) throw new UsageError('--out FILE is required: the capture file to write');
    // An existing file is refused before logging in (the writer refuses it again, without a race).
    if (!values.force && await lstat(values.out).then(() => true, () => false)) throw new UsageError(existsAlready(values.out));
    const cluster = await clusterFromFlags(values, io.files?.parseWorker);
    const { client, query, profile } = cluster;
    const stop = new AbortController();
    void io.waitForSignal().then((sig) => {
      io.err(`${sig}: stopping after the poll in flight…`);
      stop.abort();
    });
    for (const w of client.warnings) io.err(`warning: ${w}`);
    const width = Math.max(4, ...client.nodes.map((n) => n.input.length));
    try {
      // A refused login ends it before the file is made (it would record only refusals, and use up the nodes' login allowance).
      await logInFirst(cluster, 'nothing recorded');
      io.err(`capture: ${plan(everyMs, forMs)}; writing ${values.out}`);
      const summary = await runCapture({
        client, query, everyMs, forMs, path: values.out, force: values.force ?? false, appVersion: version, signal: stop.signal,
        ...(profile ? { label: profile.name } : {}),
        onPoll: ({ seq, statuses, fileBytes, recordBytes }) => io.err(`poll ${seq}${forMs !== null ? `/${Math.ceil(forMs / everyMs)}` : ''} `
          + `(+${size(recordBytes)}, file ${size(fileBytes)}): ${statuses.map((s) => (s.ok ? `${s.node} ok ${s.elapsed_ms} ms` : `${s.node} ${stateWord(s)} (${s.error})`)).join(' · ')}`),
      });
      io.err(`${'node'.padEnd(width)}  status     polls    ok  failed      bytes  detail`);
      for (const s of summary.segments) io.err(segmentLine(s, width));
      io.err(`${summary.aggregate}: ${summary.polls} poll(s) (${END_REASON[summary.reason]}); ${summary.path} (${size(summary.fileBytes)})`);
      if (summary.aggregate === 'completed') return 0;
      return summary.segments.some((s) => s.status !== 'failed') ? 3 : 1;
    } catch (err) {
      if (err instanceof CaptureFileError) throw new UsageError(err.message);
      throw err;
    } finally {
      await client.close();
    }
  },
};
