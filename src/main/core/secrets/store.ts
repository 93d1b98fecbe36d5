// Remembered secrets: a file of its own beside profiles.json (so a profile store can be shared or
// exported without them), each secret encrypted by the OS (Electron safeStorage, behind the
// SecretBox interface so this stays Electron-free). Never a secret in clear on disk.
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../files/atomic';
import { keepCopy, keptNote } from '../files/damaged';
import { describeRefusal, FileReadError, readRegularText } from '../files/read-file';
import { MAX_NAME_CHARS, MAX_SEALED_SECRET_CHARS, MAX_SECRETS_STORE_BYTES } from '../../../shared/limits';
import { serialQueue } from '../files/serial';
import { firstIssue } from '../../../shared/issues';

/** The OS encryption the app uses (Electron's safeStorage in the app, a fake in tests). */
export interface SecretBox {
  /** False when the OS offers no encryption at all: nothing can be remembered. */
  available(): boolean;
  /** The backend's name (Linux: gnome_libsecret, kwallet…, or basic_text). */
  backend(): string;
  encrypt(plain: string): Buffer;
  decrypt(data: Buffer): string;
}

/** Linux without a keyring: "encrypted" with a key built into Chromium, so not really protected. */
export const isWeakBackend = (box: SecretBox): boolean => box.backend() === 'basic_text';

const secretsFileSchema = z.object({
  format: z.literal('keyviz-inspector/secrets'),
  version: z.literal(1),
  entries: z.record(z.string().min(1).max(MAX_NAME_CHARS), z.object({
    /** The secret belongs to this access key: a profile whose key changed asks again. */
    accessKey: z.string().min(1).max(300),
    backend: z.string().max(MAX_NAME_CHARS),
    data: z.string().max(MAX_SEALED_SECRET_CHARS),
    savedAt: z.string(),
  })),
});
type SecretsFile = z.infer<typeof secretsFileSchema>;

export class SecretStoreError extends Error {}

export class SecretStore {
  /** Two "remember"s at once must not lose one. */
  private readonly serial = serialQueue();

  constructor(private readonly path: string, private readonly box: SecretBox) {}

  private async load(): Promise<SecretsFile> {
    const fail = async (detail: string): Promise<never> => {
      const kept = await keepCopy(this.path, MAX_SECRETS_STORE_BYTES);
      throw new SecretStoreError(`${this.path}: ${detail}${keptNote(kept, 'the file was not changed')}; `
        + 'remembered secrets cannot be used until it is repaired or removed');
    };
    let text: string;
    try {
      text = await readRegularText(this.path, MAX_SECRETS_STORE_BYTES);
    } catch (err) {
      if (!(err instanceof FileReadError)) throw err;
      const r = err.refusal;
      if (r.kind === 'io' && r.code === 'ENOENT') return { format: 'keyviz-inspector/secrets', version: 1, entries: {} };
      if (r.kind === 'too-large') return fail(`too large to be the remembered-secrets file (${r.grew ? 'it grew while being read' : `${r.size} bytes`})`);
      throw new SecretStoreError(`${this.path}: ${describeRefusal(r)}; remembered secrets cannot be used until it is repaired or removed`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      return fail(err instanceof RangeError ? 'nested too deeply' : 'not valid JSON');
    }
    const r = secretsFileSchema.safeParse(json);
    if (!r.success) return fail(firstIssue(r.error, 'the file'));
    return r.data;
  }

  private async save(file: SecretsFile): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    await writeFileAtomic(this.path, [`${JSON.stringify(file, null, 2)}\n`], { mode: 0o600 });
  }

  /** Profile ids with a secret remembered for their current access key. */
  async remembered(): Promise<Map<string, string>> {
    const file = await this.load();
    return new Map(Object.entries(file.entries).map(([id, e]) => [id, e.accessKey]));
  }

  async remember(profileId: string, accessKey: string, secret: string, now = new Date()): Promise<void> {
    if (!this.box.available()) throw new SecretStoreError('this system offers no secure storage: the secret cannot be remembered');
    const data = this.box.encrypt(secret).toString('base64');
    await this.serial(async () => {
      const file = await this.load();
      file.entries[profileId] = { accessKey, backend: this.box.backend(), data, savedAt: now.toISOString() };
      await this.save(file);
    });
  }

  /** The secret remembered for this profile and access key, or null (none, other key, or undecryptable). */
  async recall(profileId: string, accessKey: string): Promise<string | null> {
    const e = (await this.load()).entries[profileId];
    if (!e || e.accessKey !== accessKey || !this.box.available()) return null;
    try {
      return this.box.decrypt(Buffer.from(e.data, 'base64'));
    } catch {
      return null; // another user's or machine's keyring: ask again
    }
  }

  async forget(profileId: string): Promise<void> {
    await this.serial(async () => {
      const file = await this.load();
      if (!Object.hasOwn(file.entries, profileId)) return;
      delete file.entries[profileId];
      await this.save(file);
    });
  }
}
