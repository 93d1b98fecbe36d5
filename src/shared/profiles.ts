// Saved cluster profiles: the store file (profiles.json, versioned) and the export format.
// Never a secret in clear: remembered secrets live elsewhere (encrypted by the app), and an
// export carries one only encrypted with a passphrase.
import { z } from 'zod';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_TIMEOUT_MS, MAX_NAME_CHARS, MAX_NODES, MAX_ROWS, MAX_PATH_CHARS, MAX_PROFILE_BODY_BYTES, MAX_TIMEOUT_MS,
  MIN_PROFILE_BODY_BYTES, MIN_TIMEOUT_MS } from './limits';
import { seriesSchema } from './elastickv/wire';

export const PROFILES_VERSION = 1;
export const DEMO_PROFILE_ID = 'demo';

/** The view a profile connects with unless it says otherwise: the schema's defaults and the editor's new profile. */
export const DEFAULT_PROFILE_VIEW = Object.freeze({ series: 'writes', rows: MAX_ROWS, rangeMs: null, autoRefreshMs: 0 } as const);
export const DEFAULT_PROFILE_COLOR = '#3858de';

export const profileSchema = z.object({
  id: z.string().min(1).max(MAX_NAME_CHARS),
  name: z.string().trim().min(1).max(MAX_NAME_CHARS),
  /** Admin addresses in the operator's order (= merge priority). */
  nodes: z.array(z.string().min(1).max(300)).min(1).max(MAX_NODES),
  accessKey: z.string().min(1).max(300),
  timeoutMs: z.number().int().min(MIN_TIMEOUT_MS).max(MAX_TIMEOUT_MS).default(DEFAULT_TIMEOUT_MS),
  maxBodyBytes: z.number().int().min(MIN_PROFILE_BODY_BYTES).max(MAX_PROFILE_BODY_BYTES).default(DEFAULT_MAX_BODY_BYTES),
  tls: z.object({
    /** Path of an extra CA file (PEM). */
    caFile: z.string().max(MAX_PATH_CHARS).optional(),
    /** SHA-256 fingerprint of a pinned node certificate. */
    pinSha256: z.string().regex(/^[0-9A-Fa-f:]{64,95}$/).optional(),
  }).default({}),
  /** Plain http:// to non-loopback nodes, accepted after the risk was explained. */
  allowPlaintext: z.boolean().default(false),
  view: z.object({
    series: seriesSchema.default(DEFAULT_PROFILE_VIEW.series),
    rows: z.number().int().min(1).max(MAX_ROWS).default(DEFAULT_PROFILE_VIEW.rows),
    rangeMs: z.number().int().positive().nullable().default(DEFAULT_PROFILE_VIEW.rangeMs),
    autoRefreshMs: z.union([z.literal(0), z.literal(5000), z.literal(30000)]).default(DEFAULT_PROFILE_VIEW.autoRefreshMs),
  }).default(() => ({ ...DEFAULT_PROFILE_VIEW })),
  /** To tell prod from staging at a glance. */
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/).default(DEFAULT_PROFILE_COLOR),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Profile = z.infer<typeof profileSchema>;

export const storeV1Schema = z.object({
  version: z.literal(1),
  profiles: z.array(profileSchema).max(1000),
});
export type ProfileStoreV1 = z.infer<typeof storeV1Schema>;

/** scrypt's cost an export may name: from elastickv-era defaults' floor to what opens in about a second. */
const MIN_SCRYPT_N = 2 ** 10;
const MAX_SCRYPT_N = 2 ** 20;

/** An exported profile: no id (the importer makes one), the secret only encrypted. */
export const encryptedSecretSchema = z.object({
  kdf: z.literal('scrypt'),
  N: z.number().int().min(MIN_SCRYPT_N).max(MAX_SCRYPT_N),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
  salt: z.string().max(200),
  iv: z.string().max(200),
  tag: z.string().max(200),
  ciphertext: z.string().max(20_000),
});
export const profileExportSchema = z.object({
  format: z.literal('keyviz-inspector/profile'),
  version: z.literal(1),
  profile: profileSchema.omit({ id: true, createdAt: true, updatedAt: true }),
  secret: encryptedSecretSchema.optional(),
});
export type ProfileExport = z.infer<typeof profileExportSchema>;

/** A profile as the app's editor sends it (the store sets id and times). */
export const profileInputSchema = profileSchema.omit({ id: true, createdAt: true, updatedAt: true });
export type ProfileInputV1 = z.infer<typeof profileInputSchema>;
