// The admin secret for commands that log in: from an environment variable or a file, never
// from a flag value (it would show in the process list and shell history).
import { readFileSync } from 'node:fs';
import { UsageError } from './args';

export function readSecret(env: string | undefined, file: string | undefined): string {
  if (env !== undefined && file !== undefined) throw new UsageError('give the secret once: --secret-key-env or --secret-key-file, not both');
  if (env !== undefined) {
    const v = process.env[env];
    if (!v) throw new UsageError(`environment variable ${env} is not set or empty (it should hold the secret key)`);
    return v;
  }
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read the secret file ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    const secret = text.replace(/\r?\n$/, '');
    if (!secret) throw new UsageError(`the secret file ${file} is empty`);
    return secret;
  }
  throw new UsageError('the secret key is missing: give --secret-key-env VAR or --secret-key-file F');
}
