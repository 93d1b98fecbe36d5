// Who is behind an address: the node's own word (GET /cluster, contract §7.2) and the certificate
// it presents (TLS). The core's shapes, defined once; the IPC contract's answers are views of them.
import { z } from 'zod';

/** A Raft group a node hosts, as its GET /cluster says (ids escaped for display). */
export const raftGroupSchema = z.object({
  groupId: z.number(),
  leaderId: z.string(),
  isLeader: z.boolean(),
  members: z.array(z.string()),
});

/** Which node an address reaches; without `ok`, why that is unknown. */
export const nodeIdentitySchema = z.object({
  /** The address as configured. */
  node: z.string(),
  ok: z.boolean(),
  error: z.string().optional(),
  nodeId: z.string().optional(),
  groups: z.array(raftGroupSchema).optional(),
  /** When the node said so (its own clock, the answer's `timestamp`), when readable. */
  atMs: z.number().optional(),
});
export type NodeIdentity = z.infer<typeof nodeIdentitySchema>;

/** The node_id an identity gives, or null when it is not known. */
export const nodeIdOf = (identity: NodeIdentity | null | undefined): string | null => (identity?.ok ? identity.nodeId ?? null : null);

/** The certificate an https:// node presents, read without trusting it (shown before its fingerprint is pinned). */
export const peerCertificateSchema = z.object({
  node: z.string(), fingerprint256: z.string(), subject: z.string(), issuer: z.string(), validFrom: z.string(), validTo: z.string(),
  /** Whether the system's CAs (plus the profile's CA) would trust it without a pin. */
  trusted: z.boolean(),
  trustError: z.string().nullable(),
});
export type PeerCertificate = z.infer<typeof peerCertificateSchema>;
