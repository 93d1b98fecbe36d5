// The admin secret for commands that log in: from an environment variable or a file, never
// from a flag value (it would show in the process list and shell history).
import { describeRefusal, FileReadError, readRegularText } from '../main/core/files/read-file';
import { MAX_SECRET_FILE_BYTES } from '../shared/limits';
import { UsageError } from './args';

export async function readSecret(env: string | undefined, file: string | undefined): Promise<string> {
  if (env !== undefined && file !== undefined) throw new UsageError('give the secret once: --secret-key-env or --secret-key-file, not both');
  if (env !== undefined) {
    const v = process.env[env];
    if (!v) throw new UsageError(`environment variable ${env} is not set or empty (it should hold the secret key)`);
    return v;
  }
  if (file !== undefined) {
    let text: string;
    try {
      text = await readRegularText(file, MAX_SECRET_FILE_BYTES);
    } catch (err) {
      const r = err instanceof FileReadError ? err.refusal : null;
      throw new UsageError(`cannot read the secret file ${file} (${r === null ? String(err) : r.kind === 'io' ? r.code
        : r.kind === 'too-large' ? `${describeRefusal(r)}: a secret key is a line, not a file this big` : describeRefusal(r)})`);
    }
    const secret = text.replace(/\r?\n$/, '');
    if (!secret) throw new UsageError(`the secret file ${file} is empty`);
    return secret;
  }
  throw new UsageError('the secret key is missing: give --secret-key-env VAR or --secret-key-file F');
}
