// Entry point of the built `keyviz-inspector` binary (plain Node, no Electron).
import { join } from 'node:path';
import { handlesSignals, main } from './main';
import { StringDecoder } from 'node:string_decoder';
import { terminalText } from './terminal';
import { errorText } from '../shared/error-text';

const ttyDecoder = new StringDecoder('utf8');

// A command that stops cleanly listens from the start, so a signal that arrives while nodes are
// still starting is kept and it shuts down once ready, instead of dying half-started. Any other
// command (a read, a merge, one fan-out) keeps Node's default: a signal ends it at once.
const signalled = new Promise<NodeJS.Signals>((resolve) => {
  if (!handlesSignals(process.argv.slice(2))) return;
  const on = (signal: NodeJS.Signals): void => {
    // A second signal while closing: give up waiting and leave at once.
    process.once(signal, () => process.exit(130));
    resolve(signal);
  };
  process.once('SIGINT', on);
  process.once('SIGTERM', on);
});

// A reader that stops early (`| head`) closes stdout: leave quietly, as Unix tools do.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

main(process.argv.slice(2), {
  // Text is always made safe (inside JSON an escape means the same character); bytes stay exact
  // for a file or a pipe and are made safe on a terminal (decoded across chunk boundaries).
  out: (text) => process.stdout.write(typeof text === 'string' ? terminalText(text)
    : process.stdout.isTTY ? terminalText(ttyDecoder.write(Buffer.from(text))) : text),
  err: (text) => process.stderr.write(terminalText(text.endsWith('\n') ? text : `${text}\n`)),
  waitForSignal: () => signalled,
  stdoutIsTerminal: process.stdout.isTTY === true,
  files: { parseWorker: join(__dirname, 'parse-worker.js'), matrixFileWorker: join(__dirname, 'matrix-file-worker.js') },
}).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    process.stderr.write(terminalText(`keyviz-inspector: ${errorText(err)}\n`));
    process.exitCode = 1;
  },
);
