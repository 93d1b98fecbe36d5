// Moving a profile between machines: exported without its secret by default; with it, only
// encrypted under a passphrase (scrypt + AES-256-GCM), so the file is useless without it.
// Import validates everything first and changes nothing on any problem.
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { type Profile, type ProfileExport, profileExportSchema, type ProfileStoreV1 } from '../../../shared/profiles';
import { addProfile, freeName, ProfileError, updateProfile } from './store';
import { firstIssue } from '../../../shared/issues';
import { MAX_EXPORT_BYTES } from '../../../shared/limits';
import { describeRefusal, FileReadError, readRegularText } from '../files/read-file';

const SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const;

export class PassphraseError extends Error {}

function key(passphrase: string, salt: Buffer, N: number, r: number, p: number): Buffer {
  return scryptSync(passphrase.normalize('NFC'), salt, 32, { N, r, p, maxmem: 256 * N * r });
}

export function encryptSecret(secret: string, passphrase: string): NonNullable<ProfileExport['secret']> {
  if (passphrase.length < 8) throw new PassphraseError('the passphrase must be at least 8 characters');
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(passphrase, salt, SCRYPT.N, SCRYPT.r, SCRYPT.p), iv);
  const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return { kdf: 'scrypt', ...SCRYPT, salt: salt.toString('base64'), iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'), ciphertext: ciphertext.toString('base64') };
}

export function decryptSecret(enc: NonNullable<ProfileExport['secret']>, passphrase: string): string {
  try {
    const d = createDecipheriv('aes-256-gcm', key(passphrase, Buffer.from(enc.salt, 'base64'), enc.N, enc.r, enc.p), Buffer.from(enc.iv, 'base64'));
    d.setAuthTag(Buffer.from(enc.tag, 'base64'));
    return Buffer.concat([d.update(Buffer.from(enc.ciphertext, 'base64')), d.final()]).toString('utf8');
  } catch {
    throw new PassphraseError('wrong passphrase (or the export was changed)');
  }
}

export function exportProfile(profile: Profile, withSecret?: { secret: string; passphrase: string }): ProfileExport {
  const { id: _id, createdAt: _c, updatedAt: _u, ...rest } = profile;
  return profileExportSchema.parse({ format: 'keyviz-inspector/profile', version: 1, profile: rest,
    ...(withSecret ? { secret: encryptSecret(withSecret.secret, withSecret.passphrase) } : {}) });
}

export type ClashChoice = 'ask' | 'rename' | 'replace';

export interface Imported {
  store: ProfileStoreV1;
  profile: Profile;
  /** The decrypted secret, when the export carried one and a passphrase was given. */
  secret: string | null;
  /** Set when the name existed: what was done about it. */
  clash: 'renamed' | 'replaced' | null;
}

export class ImportError extends Error {}
/** The name is taken and the caller said `ask`: ask the user to rename or replace. */
export class NameClashError extends ImportError {}

/** An export file is a few KiB; anything much bigger is not one. */
export { MAX_EXPORT_BYTES } from '../../../shared/limits';

export function parseExport(json: unknown): ProfileExport {
  const parsed = profileExportSchema.safeParse(json);
  if (!parsed.success) throw new ImportError(`not a KeyViz Inspector profile export: ${firstIssue(parsed.error, 'the file')}`);
  return parsed.data;
}

/** An export file read and checked: size, JSON, schema; errors name the file. */
export async function readExportFile(path: string): Promise<ProfileExport> {
  let text: string;
  try {
    text = await readRegularText(path, MAX_EXPORT_BYTES);
  } catch (err) {
    if (!(err instanceof FileReadError)) throw err;
    const r = err.refusal;
    throw new ImportError(r.kind === 'too-large' ? `${path} is ${r.grew ? `more than ${MAX_EXPORT_BYTES}` : r.size} bytes: too large to be a profile export`
      : `cannot read ${path} (${r.kind === 'io' ? r.code : describeRefusal(r)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ImportError(`${path} is not a profile export (${err instanceof RangeError ? 'nested too deeply' : 'not valid JSON'})`);
  }
  try {
    return parseExport(json);
  } catch (err) {
    throw new ImportError(`${path} is ${(err as Error).message}`);
  }
}

/** Validate an export and add it; on a name clash, `ask` refuses with NameClashError (the caller asks the user). */
export function importProfile(store: ProfileStoreV1, json: unknown, opts: { onClash: ClashChoice; passphrase?: string }, now = new Date()): Imported {
  const { profile: input, secret: enc } = parseExport(json);
  // Decrypt before touching the store: a wrong passphrase imports nothing.
  const secret = enc && opts.passphrase !== undefined ? decryptSecret(enc, opts.passphrase) : null;
  const existing = store.profiles.find((p) => p.name.toLowerCase() === input.name.toLowerCase());
  const isDemo = input.name.toLowerCase() === 'demo cluster';
  if (isDemo && opts.onClash === 'ask') throw new NameClashError('"Demo cluster" is the built-in profile\'s name: import it under a new name');
  if (isDemo && opts.onClash === 'replace') throw new ImportError('"Demo cluster" is the built-in profile; import it with rename');
  if (!existing && !isDemo) {
    const r = addProfile(store, input, now);
    return { ...r, secret, clash: null };
  }
  if (opts.onClash === 'ask') throw new NameClashError(`a profile named "${input.name}" exists already: rename the imported one, or replace it`);
  if (opts.onClash === 'replace' && existing) {
    const next = updateProfile(store, existing.id, input, now);
    return { store: next, profile: next.profiles.find((p) => p.id === existing.id)!, secret, clash: 'replaced' };
  }
  try {
    const r = addProfile(store, { ...input, name: freeName(store, input.name, 'imported') }, now);
    return { ...r, secret, clash: 'renamed' };
  } catch (err) {
    throw new ImportError(err instanceof ProfileError ? err.message : String(err));
  }
}
