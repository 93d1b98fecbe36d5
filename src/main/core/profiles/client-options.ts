// A profile (and, in the CLI, the flags over it) → the fan-out client's options: built here once,
// for the app and the CLI alike. The secret is handed in, never read from the profile.
import { type ClusterClientOptions, readCaFile } from '../fanout';
import type { Profile } from '../../../shared/profiles';

/** What a connection is made of: a profile's fields, or flags given in its place (a flag wins). */
export interface ConnectionSettings {
  nodes: readonly string[];
  accessKey: string;
  timeoutMs?: number;
  maxBodyBytes?: number;
  maxTotalBytes?: number;
  caFile?: string;
  pinSha256?: string;
}

/** A profile's connection fields (a saved profile, or an editor's draft being tested). */
export function settingsOf(profile: Pick<Profile, 'nodes' | 'accessKey' | 'timeoutMs' | 'maxBodyBytes' | 'tls'>): ConnectionSettings {
  return { nodes: profile.nodes, accessKey: profile.accessKey, timeoutMs: profile.timeoutMs, maxBodyBytes: profile.maxBodyBytes,
    ...(profile.tls.caFile ? { caFile: profile.tls.caFile } : {}), ...(profile.tls.pinSha256 ? { pinSha256: profile.tls.pinSha256 } : {}) };
}

/** The client's options; the CA file is read now (its error says which file and why). */
export async function clientOptions(s: ConnectionSettings, secret: string): Promise<Omit<ClusterClientOptions, 'parseWorker' | 'identify'>> {
  const ca = s.caFile !== undefined ? await readCaFile(s.caFile) : undefined;
  return {
    nodes: s.nodes, accessKey: s.accessKey, secret,
    ...(s.timeoutMs !== undefined ? { timeoutMs: s.timeoutMs } : {}),
    ...(s.maxBodyBytes !== undefined ? { maxBodyBytes: s.maxBodyBytes } : {}),
    ...(s.maxTotalBytes !== undefined ? { maxTotalBytes: s.maxTotalBytes } : {}),
    tls: { ...(ca ? { ca } : {}), ...(s.pinSha256 ? { pinSha256: s.pinSha256 } : {}) },
  };
}
