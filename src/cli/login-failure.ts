// When no node accepted the login, every command that logs in says it the same way: what
// happened, each reason once with the nodes that gave it (the nodes' status and code, never
// their bodies), and what to check. Three nodes refusing one secret are one line, not a table.
import { describeLoginFailures, loginFailureGroups, type LoginFailureKind, type LoginResult } from '../main/core/fanout';

/** Where the credentials came from, in the words of the command line (for what to check). */
export interface CredentialSource {
  /** e.g. `--access-key ops`, or `profile "prod": ops`. */
  accessKey: string;
  /** e.g. `$KV_SECRET`, or `the file /run/secret`. */
  secret: string;
}

/** No node accepted the login: the command stops, exit 1 (said by main as any failure is). */
export class LoginFailedError extends Error {
  override name = 'LoginFailedError';
}

/** Did these attempts (a round's, or an explicit login's) end with no node accepting? (none made: a session was open) */
export function noNodeAccepted(attempts: readonly LoginResult[]): boolean {
  return attempts.length > 0 && !attempts.some((a) => a.ok);
}

/** Did a node answer the login with a refusal (not only fail to be reached, or fail in its own way)? */
export function someNodeRefused(attempts: readonly LoginResult[]): boolean {
  return attempts.some((a) => !a.ok && (a.kind === 'credentials' || a.kind === 'forbidden' || a.kind === 'rate_limited'));
}

function hint(kind: LoginFailureKind, from: CredentialSource): string | null {
  switch (kind) {
    case 'credentials': return `check the access key (${from.accessKey}) and the secret in ${from.secret}`;
    case 'forbidden': return `use an access key the nodes give an admin role, not ${from.accessKey}`;
    // rate-limited: the retry time is in the reason; not reachable: so is what to check; other: the reason is all we know.
    default: return null;
  }
}

/** The message: `reason, said by all N nodes; <consequence>` and what to check, or a line per reason when the nodes disagree. */
export function loginFailedText(attempts: readonly LoginResult[], from: CredentialSource, consequence: string): string {
  const groups = loginFailureGroups(attempts);
  const head = groups.length <= 1
    ? `${describeLoginFailures(attempts)}; ${consequence}`
    : [`no node accepted the login; ${consequence}:`, ...groups.map((g) => `  ${g.nodes.join(', ')}: ${g.reason}`)].join('\n');
  const hints = [...new Set(groups.map((g) => hint(g.kind, from)).filter((h): h is string => h !== null))];
  return [head, ...hints.map((h) => `  ${h}`)].join('\n');
}
