/** Where a command writes, and how it waits to be stopped: injectable for tests. */
export interface CommandIO {
  out(text: string | Uint8Array): void;
  err(text: string): void;
  waitForSignal(): Promise<NodeJS.Signals>;
  /** stdout is a terminal (not a file or a pipe): a command whose output is bulk data refuses to write it there. */
  stdoutIsTerminal?: boolean;
  /** Files shipped beside the built tool (absent when running from sources). */
  files?: { parseWorker?: string; matrixFileWorker?: string };
}

export interface Command {
  help: string;
  /** Resolves to the exit status. */
  run(argv: string[], io: CommandIO): Promise<number>;
}

/** A command as the tool lists it (commands/index.ts): known without loading its code. */
export interface CommandEntry {
  name: string;
  summary: string;
  /** It stops cleanly on SIGINT/SIGTERM (io.waitForSignal); any other command simply dies on one, as Unix tools do. */
  handlesSignals?: boolean;
  /** Work started before the command's code loads (loading it takes a while): `argv` is its arguments. */
  prepare?(argv: readonly string[], io: CommandIO): void;
  load(): Promise<Command>;
}
