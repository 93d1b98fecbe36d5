// Starts bench/support/answer-server.ts in another process (so the client, not the servers, is
// what gets measured) and returns its loopback addresses. `env`: BENCH_NODES / BENCH_COLS for
// another size than the design ceiling.
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

export function startAnswerServers(env: Record<string, string> = {}): Promise<{ child: ChildProcess; urls: string[] }> {
  const runner = `import('vite').then(async ({ runnerImport }) => { const { module } = await runnerImport(${JSON.stringify(
    resolve(import.meta.dirname, 'answer-server.ts'))}); await module.default(); })`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', runner], { cwd: resolve(import.meta.dirname, '../..'),
    stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  return new Promise((res, rej) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) res({ child, urls: JSON.parse(out) as string[] });
    });
    child.on('exit', (code) => rej(new Error(`answer servers exited ${code}`)));
  });
}
