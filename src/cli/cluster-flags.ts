// The flags every command that talks to a cluster shares (snapshot, capture, hotkeys): nodes or a
// saved profile, credentials (the secret never as a flag value), what to ask, limits and TLS; and
// the one way they say that no node accepted the login.
import {
  ClusterClient, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_TOTAL_BYTES, DEFAULT_TIMEOUT_MS, type LoginResult, type MatrixQuery, NodeAddressError, plaintextWarning,
} from '../main/core/fanout';
import { clientOptions, type ConnectionSettings, findProfile, loadStore, ProfileStoreError, profilesPath } from '../main/core/profiles';
import { errorText } from '../shared/error-text';
import type { Profile } from '../shared/profiles';
import { MAX_ROWS, MAX_TIMEOUT_MS, MIN_TIMEOUT_MS } from '../shared/limits';
import { intFlag, seriesFlag, UsageError } from './args';
import { readSecret } from './secret';
import { type CredentialSource, LoginFailedError, loginFailedText, noNodeAccepted, someNodeRefused } from './login-failure';

export const CLUSTER_FLAGS = {
  node: { type: 'string', multiple: true }, 'access-key': { type: 'string' }, 'secret-key-env': { type: 'string' },
  'secret-key-file': { type: 'string' }, 'secret-key': { type: 'string' }, series: { type: 'string' }, rows: { type: 'string' },
  'from-ms': { type: 'string' }, 'to-ms': { type: 'string' }, 'timeout-ms': { type: 'string' }, 'max-body-bytes': { type: 'string' },
  'max-total-bytes': { type: 'string' }, 'ca-file': { type: 'string' }, 'pin-sha256': { type: 'string' },
  profile: { type: 'string' }, 'profiles-file': { type: 'string' },
} as const;

export const CLUSTER_FLAGS_HELP = `  --node URL            a node's admin address (repeat for every node, in priority order)
  --profile NAME        nodes, access key, timeout, body cap and TLS from a saved profile
  --profiles-file F     the profile store (default: the app's; or $KEYVIZ_INSPECTOR_PROFILES)
  --access-key K        the admin access key
  --secret-key-env VAR  read the secret from environment variable VAR
  --secret-key-file F   read the secret from file F
  --series S            reads, writes, read_bytes or write_bytes (default writes, or the profile's)
  --rows N              rows each node returns, 1 to ${MAX_ROWS} (default ${MAX_ROWS})
  --from-ms T           only columns flushed at or after T (Unix ms)
  --to-ms T             only columns flushed before T (Unix ms)
  --timeout-ms MS       one deadline for each fan-out, ${MIN_TIMEOUT_MS}..${MAX_TIMEOUT_MS} (default ${DEFAULT_TIMEOUT_MS})
  --max-body-bytes B    per-node answer cap, enforced while receiving (default ${DEFAULT_MAX_BODY_BYTES})
  --max-total-bytes B   cap on all answers of one fan-out together (default ${DEFAULT_MAX_TOTAL_BYTES})
  --ca-file F           trust this CA (PEM) for https:// nodes, besides the system's
  --pin-sha256 FP       trust the https:// node certificate with this SHA-256 fingerprint`;

type ClusterFlagValues = { [K in keyof typeof CLUSTER_FLAGS]?: (typeof CLUSTER_FLAGS)[K] extends { multiple: true } ? string[] : string };

/** A saved profile by name (the Demo cluster runs inside the app, not here). A damaged store is not a usage mistake: exit 1. */
export async function profileFor(name: string, file: string | undefined): Promise<Profile> {
  let store;
  try {
    store = (await loadStore(profilesPath(file))).store;
  } catch (err) {
    if (err instanceof ProfileStoreError) throw new Error(`the profile store cannot be read: ${err.message}`);
    throw err;
  }
  const p = findProfile(store, name);
  if (!p) throw new UsageError(`no profile named "${name}" (see 'keyviz-inspector profiles list')`);
  if (p.id === 'demo') throw new UsageError("the Demo cluster runs inside the app; run 'keyviz-inspector demo-cluster' and pass its nodes with --node");
  return p;
}

export interface Cluster {
  client: ClusterClient;
  query: MatrixQuery;
  profile: Profile | null;
  /** Stops the command with the one short message (LoginFailedError) when no node accepted these login attempts. */
  checkLogin(attempts: readonly LoginResult[], consequence: string): void;
}

/** The client and query the flags describe. */
export async function clusterFromFlags(values: ClusterFlagValues, parseWorker?: string): Promise<Cluster> {
  if (values['secret-key'] !== undefined) {
    throw new UsageError('the secret is never taken as a flag value (it would show in the process list and shell history); '
      + 'use --secret-key-env VAR or --secret-key-file F');
  }
  const profile = values.profile === undefined ? null : await profileFor(values.profile, values['profiles-file']);
  if (profile && values.node?.length) throw new UsageError('give either --profile or --node, not both');
  const nodes = profile ? profile.nodes : values.node ?? [];
  if (!nodes.length) throw new UsageError('no --node given: name every node of the cluster, e.g. --node 10.0.0.1:8080 (or --profile NAME)');
  const accessKey = values['access-key']?.trim() || profile?.accessKey;
  if (!accessKey) throw new UsageError('--access-key is required');
  const secret = await readSecret(values['secret-key-env'], values['secret-key-file']);
  const series = seriesFlag(values.series) ?? profile?.view.series ?? 'writes';
  const query: MatrixQuery = {
    series,
    rows: intFlag('rows', values.rows, 1, MAX_ROWS) ?? MAX_ROWS,
    fromMs: intFlag('from-ms', values['from-ms'], -(2 ** 53), 2 ** 53) ?? null,
    toMs: intFlag('to-ms', values['to-ms'], -(2 ** 53), 2 ** 53) ?? null,
  };
  const settings: ConnectionSettings = {
    nodes, accessKey,
    timeoutMs: intFlag('timeout-ms', values['timeout-ms'], MIN_TIMEOUT_MS, MAX_TIMEOUT_MS) ?? profile?.timeoutMs,
    maxBodyBytes: intFlag('max-body-bytes', values['max-body-bytes'], 1, 2 ** 40) ?? profile?.maxBodyBytes,
    maxTotalBytes: intFlag('max-total-bytes', values['max-total-bytes'], 1, 2 ** 42),
    caFile: values['ca-file'] ?? profile?.tls.caFile,
    pinSha256: values['pin-sha256'] ?? profile?.tls.pinSha256,
  };
  let options;
  try {
    options = await clientOptions(settings, secret);
  } catch (err) {
    throw new UsageError(errorText(err));
  }
  try {
    const client = new ClusterClient({ ...options, parseWorker, identify: true });
    // A profile carries the operator's decision about plain http (the app asks for it); without it, refuse.
    const clear = client.nodes.map(plaintextWarning).filter((w): w is string => w !== null);
    if (profile && !profile.allowPlaintext && clear.length > 0) {
      await client.close();
      throw new Error(`${clear.join('; ')}. Profile "${profile.name}" does not accept plain http: use https://, or accept it in the app's profile editor`);
    }
    const from: CredentialSource = {
      accessKey: values['access-key']?.trim() ? `--access-key ${accessKey}` : `profile "${profile?.name ?? ''}": ${accessKey}`,
      secret: values['secret-key-env'] !== undefined ? `$${values['secret-key-env']}` : `the file ${values['secret-key-file'] ?? ''}`,
    };
    const checkLogin = (attempts: readonly LoginResult[], consequence: string): void => {
      if (noNodeAccepted(attempts)) throw new LoginFailedError(loginFailedText(attempts, from, consequence));
    };
    return { client, query, profile, checkLogin };
  } catch (err) {
    if (err instanceof NodeAddressError || (err instanceof Error && /fingerprint/.test(err.message))) throw new UsageError(err.message);
    throw err;
  }
}

/**
 * Log in before anything is written (a capture): a node's refusal ends the command now, with the
 * one message; nodes not reachable yet do not (the capture records the outage, logging in each poll).
 */
export async function logInFirst(cluster: Cluster, consequence: string): Promise<void> {
  const { attempts } = await cluster.client.login();
  if (someNodeRefused(attempts)) cluster.checkLogin(attempts, consequence);
}

/** `500ms`, `5s`, `10m`, `1h`, or plain seconds (`2`, `0.5`). */
/** A duration flag in ms, within [min, max] (the app's bounds for the same field). */
export function durationFlag(name: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(raw.trim());
  if (!m) throw new UsageError(`--${name} takes a duration like 500ms, 5s, 10m, 1h or plain seconds (got '${raw}')`);
  const ms = Math.round(Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h']);
  if (ms < min || ms > max) throw new UsageError(`--${name} must be between ${min}ms and ${max}ms (got '${raw}')`);
  return ms;
}
