// The profile store file: read without ever losing data (a file that does not parse or
// validate is left as it is, copied aside with a timestamp, and explained), written atomically
// and privately.
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DEMO_PROFILE_ID, type Profile, profileSchema, PROFILES_VERSION, type ProfileStoreV1, storeV1Schema } from '../../../shared/profiles';
import { writeFileAtomic } from '../files/atomic';
import { type Kept, keepCopy, keptNote, moveAside } from '../files/damaged';
import { describeRefusal, FileReadError, readRegularText } from '../files/read-file';
import { firstIssue } from '../../../shared/issues';
import { migrate, versionOf } from './migrate';
import { MAX_STORE_BYTES } from '../../../shared/limits';

export { MAX_STORE_BYTES } from '../../../shared/limits';

export class ProfileStoreError extends Error {
  /** Where the damaged file was copied, if it was. */
  readonly backup: string | null;

  constructor(readonly path: string, readonly detail: string, kept: Kept | null = null) {
    super(`${path}: ${detail}${kept ? keptNote(kept) : ''}`);
    this.backup = kept?.copy ?? null;
  }
}

export interface Loaded {
  store: ProfileStoreV1;
  /** Set when the file was in an older format (it is rewritten only on the next save). */
  migratedFrom: number | null;
}


export function emptyStore(): ProfileStoreV1 {
  return { version: PROFILES_VERSION, profiles: [] };
}

export async function loadStore(path: string, now = new Date()): Promise<Loaded> {
  const fail = async (detail: string): Promise<never> => { throw new ProfileStoreError(path, detail, await keepCopy(path, MAX_STORE_BYTES)); };
  let text: string;
  try {
    text = await readRegularText(path, MAX_STORE_BYTES);
  } catch (err) {
    if (!(err instanceof FileReadError)) throw err;
    const r = err.refusal;
    if (r.kind === 'io' && r.code === 'ENOENT') return { store: emptyStore(), migratedFrom: null };
    if (r.kind === 'too-large') {
      return fail(`too large to be a profile store (${r.grew ? 'it grew past the limit while being read' : `${r.size} bytes`}; at most ${MAX_STORE_BYTES})`);
    }
    // Not a file that can be copied aside: said, and left alone.
    throw new ProfileStoreError(path, describeRefusal(r));
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return fail(err instanceof RangeError ? 'nested too deeply to be a profile store' : `not valid JSON (${(err as Error).message})`);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) return fail('not a profile store (expected a JSON object)');
  const version = versionOf(json as Record<string, unknown>);
  if (!Number.isInteger(version) || version < 0) return fail(`"version" must be a whole number (got ${JSON.stringify((json as Record<string, unknown>).version)})`);
  if (version > PROFILES_VERSION) {
    throw new ProfileStoreError(path, `made by a newer KeyViz Inspector (store version ${version}; this one reads up to ${PROFILES_VERSION}); `
      + 'update the app, the file was not changed');
  }
  let doc: Record<string, unknown>;
  let from: number;
  try {
    ({ doc, from } = migrate(json as Record<string, unknown>, now.toISOString()));
  } catch (err) {
    return fail(`cannot migrate it: ${(err as Error).message}`);
  }
  const parsed = storeV1Schema.safeParse(doc);
  if (!parsed.success) {
    return fail(firstIssue(parsed.error, 'the file'));
  }
  const names = new Set<string>();
  for (const p of parsed.data.profiles) {
    const key = p.name.toLowerCase();
    if (names.has(key) || key === 'demo cluster') return fail(`two profiles are named "${p.name}"`);
    names.add(key);
  }
  return { store: parsed.data, migratedFrom: from === PROFILES_VERSION ? null : from };
}

/** Atomically, readable only by the user (the store names clusters and access keys). */
export async function saveStore(path: string, store: ProfileStoreV1): Promise<void> {
  const checked = storeV1Schema.parse(store);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFileAtomic(path, [Buffer.from(`${JSON.stringify(checked, null, 2)}\n`)], { mode: 0o600 });
}

/** Start over with an empty store, on the user's explicit request; the old file is kept aside. */
export async function resetStore(path: string): Promise<string | null> {
  // One too large (or odd) to copy is moved aside instead: nothing is lost, no disk is spent.
  const kept = await keepCopy(path, MAX_STORE_BYTES);
  const backup = kept.copy ?? await moveAside(path);
  await saveStore(path, emptyStore());
  return backup;
}

// ---- operations on a loaded store (pure: the caller saves) ----

export class ProfileError extends Error {}

/** The built-in Demo cluster profile: always listed, never stored, never deleted. */
export function demoProfile(): Profile {
  return profileSchema.parse({ id: DEMO_PROFILE_ID, name: 'Demo cluster', nodes: ['demo'], accessKey: 'keyviz-demo',
    color: '#2e9d57', createdAt: '1970-01-01T00:00:00Z', updatedAt: '1970-01-01T00:00:00Z' });
}

export function listProfiles(store: ProfileStoreV1): Profile[] {
  return [demoProfile(), ...store.profiles];
}

export function findProfile(store: ProfileStoreV1, nameOrId: string): Profile | undefined {
  const key = nameOrId.toLowerCase();
  return listProfiles(store).find((p) => p.id === nameOrId || p.name.toLowerCase() === key);
}

function checkName(store: ProfileStoreV1, name: string, except?: string): void {
  const key = name.trim().toLowerCase();
  if (key === 'demo cluster') throw new ProfileError('"Demo cluster" is the built-in profile\'s name');
  if (store.profiles.some((p) => p.id !== except && p.name.toLowerCase() === key)) throw new ProfileError(`a profile named "${name}" exists already`);
}

export type ProfileInput = Omit<Profile, 'id' | 'createdAt' | 'updatedAt' | 'timeoutMs' | 'maxBodyBytes' | 'tls' | 'allowPlaintext' | 'view' | 'color'>
  & Partial<Pick<Profile, 'timeoutMs' | 'maxBodyBytes' | 'tls' | 'allowPlaintext' | 'view' | 'color'>>;

export function addProfile(store: ProfileStoreV1, input: ProfileInput, now = new Date()): { store: ProfileStoreV1; profile: Profile } {
  checkName(store, input.name);
  const profile = profileSchema.parse({ ...input, id: randomUUID(), createdAt: now.toISOString(), updatedAt: now.toISOString() });
  return { store: { ...store, profiles: [...store.profiles, profile] }, profile };
}

export function updateProfile(store: ProfileStoreV1, id: string, patch: Partial<ProfileInput>, now = new Date()): ProfileStoreV1 {
  if (id === DEMO_PROFILE_ID) throw new ProfileError('the Demo cluster profile cannot be changed');
  const old = store.profiles.find((p) => p.id === id);
  if (!old) throw new ProfileError('no such profile');
  if (patch.name !== undefined) checkName(store, patch.name, id);
  const next = profileSchema.parse({ ...old, ...patch, id, createdAt: old.createdAt, updatedAt: now.toISOString() });
  return { ...store, profiles: store.profiles.map((p) => (p.id === id ? next : p)) };
}

/** `base (label)`, or `base (label N)` with the first N from 2 that no profile uses yet (case-insensitive). */
export function freeName(store: ProfileStoreV1, base: string, label: string): string {
  const taken = (name: string) => store.profiles.some((p) => p.name.toLowerCase() === name.toLowerCase());
  let name = `${base} (${label})`;
  for (let i = 2; taken(name); i++) name = `${base} (${label} ${i})`;
  return name;
}

export function duplicateProfile(store: ProfileStoreV1, id: string, now = new Date()): { store: ProfileStoreV1; profile: Profile } {
  const src = findProfile(store, id);
  if (!src || src.id === DEMO_PROFILE_ID) throw new ProfileError('no such profile to duplicate');
  const { id: _id, createdAt: _c, updatedAt: _u, ...rest } = src;
  return addProfile(store, { ...rest, name: freeName(store, src.name, 'copy') }, now);
}

export function deleteProfile(store: ProfileStoreV1, id: string): ProfileStoreV1 {
  if (id === DEMO_PROFILE_ID) throw new ProfileError('the Demo cluster profile cannot be deleted');
  if (!store.profiles.some((p) => p.id === id)) throw new ProfileError('no such profile');
  return { ...store, profiles: store.profiles.filter((p) => p.id !== id) };
}
