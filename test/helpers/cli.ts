// Run the built `keyviz-inspector` binary as a child process, the way a user does.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { resolve } from 'node:path';

export const CLI = resolve(import.meta.dirname, '../../out/cli/keyviz-inspector.js');

export interface Finished { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

export function runCli(args: string[], env: Record<string, string> = {}): Promise<Finished> {
  return new Promise((resolveRun, reject) => {
    const p = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    p.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    p.on('error', reject);
    p.on('close', (code, signal) => resolveRun({ code, signal, stdout, stderr }));
  });
}

/** A long-running CLI child: resolves its first stdout line, then lets the test stop it. */
export class CliProcess {
  readonly child: ChildProcessWithoutNullStreams;
  stdout = '';
  stderr = '';
  readonly closed: Promise<Finished>;

  constructor(args: string[]) {
    this.child = spawn(process.execPath, [CLI, ...args]);
    this.child.stdout.on('data', (d: Buffer) => { this.stdout += d.toString(); });
    this.child.stderr.on('data', (d: Buffer) => { this.stderr += d.toString(); });
    this.closed = new Promise((res) => {
      this.child.on('close', (code, signal) => res({ code, signal, stdout: this.stdout, stderr: this.stderr }));
    });
  }

  /** The first complete stdout line, or a rejection if the process ends without one. */
  firstLine(): Promise<string> {
    return new Promise((res, rej) => {
      const check = (): void => {
        const nl = this.stdout.indexOf('\n');
        if (nl >= 0) { cleanup(); res(this.stdout.slice(0, nl)); }
      };
      const onClose = (): void => { cleanup(); rej(new Error(`exited before printing a line; stderr: ${this.stderr}`)); };
      const cleanup = (): void => { this.child.stdout.off('data', check); this.child.off('close', onClose); };
      this.child.stdout.on('data', check);
      this.child.on('close', onClose);
      check();
    });
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<Finished> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.closed;
  }
}
