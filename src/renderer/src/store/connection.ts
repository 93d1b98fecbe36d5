// The open connection (live nodes, a snapshot, a capture, or a comparison), how it was reached
// (the Demo, typed nodes, a saved profile and its secret), and who is behind its addresses.
import type { StateCreator } from 'zustand';
import type { CaptureInfo, DemoStatus, IdentityResponse, ProfileSummary, SnapshotInfo, ViewCan, ViewKind } from '../../../shared/ipc';
import { api } from '../api';
import { errorText as message } from '../errors';
import type { StoreInternals } from './internals';
import { openConnection } from './open';
import { draftOf } from './profiles';
import { nothingShown } from './round';
import type { Store } from './types';

/**
 * accessKey is kept (not the secret) so a refused secret can be typed again; `key` names the
 * saved view state; `profile` is set for a saved profile's connection.
 */
export interface Connection {
  id: string; label: string; key: string; nodes: string[]; accessKey: string | null; profile: ProfileSummary | null;
  /** What main said the view is and can do when it opened it (never guessed here). */
  kind: ViewKind; can: ViewCan; snapshot: SnapshotInfo | null;
  /** A capture being replayed: its polls and segments; `frame` is the poll shown (0-based). */
  capture: (CaptureInfo & { frame: number }) | null;
}

/**
 * Who needs a secret typed: a saved profile (none remembered, or it was refused), or nodes typed
 * once whose secret was refused (their key kept, never the secret).
 */
export type SecretRequest = { profile: ProfileSummary; reason: string; refused: boolean }
  | { profile: null; nodes: string[]; accessKey: string; reason: string; refused: true };

export interface ConnectionData {
  demo: DemoStatus | { state: 'unavailable'; error: string };
  connection: Connection | null;
  /** The view a comparison was made from, still open. */
  behind: Connection | null;
  /** A connection needs its secret typed (see SecretRequest). */
  secretRequest: SecretRequest | null;
  /** Who is behind each address of the connection (node_id, groups it leads); null until asked. */
  identity: IdentityResponse | null;
  connecting: boolean;
  connectError: string | null;
  connectWarnings: string[];
}

export interface ConnectionSlice extends ConnectionData {
  refreshDemo(): Promise<void>;
  connectDemo(): Promise<void>;
  connect(nodes: string[], accessKey: string, secret: string): Promise<void>;
  /** Connect a saved profile: with its remembered secret, or the one typed now (optionally remembered). */
  connectProfile(profile: ProfileSummary, typed?: { secret: string; remember: boolean; acceptWeakStorage: boolean }): Promise<void>;
  /** Log in with the secret typed for the secret request (remembered only for a profile). */
  answerSecretRequest(typed: { secret: string; remember: boolean; acceptWeakStorage: boolean }): Promise<void>;
  cancelSecretRequest(): void;
  /** Save the connected profile with this node list and reconnect (drop a duplicate, add found peers). */
  changeProfileNodes(nodes: string[]): Promise<void>;
  /** Connect again with the same nodes and key and a new secret (after the secret was refused). */
  reconnect(secret: string): Promise<void>;
  disconnect(): Promise<void>;
}

export const connectionInitial = (): ConnectionData => ({
  demo: { state: 'starting' }, connection: null, behind: null, secretRequest: null, identity: null,
  connecting: false, connectError: null, connectWarnings: [],
});

export const createConnectionSlice = (internals: StoreInternals): StateCreator<Store, [], [], ConnectionSlice> => (set, get, store) => ({
  ...connectionInitial(),

  async refreshDemo() {
    try {
      set({ demo: await api.demoStatus() });
    } catch (err) {
      set({ demo: { state: 'unavailable', error: message(err) } });
    }
  },

  async connectDemo() {
    await openConnection(store, internals, () => api.openDemo(), () => ({ label: 'Demo cluster', key: 'Demo cluster', accessKey: null, profile: null }));
  },

  async connect(nodes, accessKey, secret) {
    await openConnection(store, internals, () => api.open({ nodes, accessKey, secret }),
      (r) => ({ label: r.nodes.join(', '), key: r.nodes.join(', '), accessKey, profile: null,
        askSecret: (reason) => ({ profile: null, nodes: r.nodes, accessKey, reason, refused: true }) }));
  },

  async connectProfile(profile, typed) {
    if (profile.demo) { await get().connectDemo(); return; }
    await openConnection(store, internals, async () => {
      const r = await api.connectProfile({ id: profile.id, ...(typed ?? {}) });
      if (r.state === 'need-secret') {
        set({ secretRequest: { profile, reason: r.reason, refused: r.refused } });
        return null;
      }
      set({ secretRequest: null });
      return r;
    }, (r) => ({ label: r.profile.name, key: `profile:${r.profile.id}`, accessKey: r.profile.accessKey, profile: r.profile,
      warnings: r.rememberError ? [r.rememberError] : [], askSecret: (reason) => ({ profile: r.profile, reason, refused: true }) }));
  },

  async answerSecretRequest(typed) {
    const request = get().secretRequest;
    if (!request) return;
    if (request.profile) { await get().connectProfile(request.profile, typed); return; }
    set({ secretRequest: null });
    await get().connect(request.nodes, request.accessKey, typed.secret);
  },

  cancelSecretRequest() {
    set({ secretRequest: null });
  },

  async changeProfileNodes(nodes) {
    const profile = get().connection?.profile;
    if (!profile || profile.demo) return;
    const id = profile.id;
    try {
      await api.saveProfile({ id, profile: { ...draftOf(profile), nodes } });
      const updated = (await api.profiles()).profiles.find((p) => p.id === id);
      await get().disconnect();
      if (updated) await get().connectProfile(updated);
    } catch (err) {
      set({ error: message(err) });
    }
  },

  async reconnect(secret) {
    const c = get().connection;
    if (!c?.accessKey) return;
    await get().disconnect();
    if (c.profile) await get().connectProfile(c.profile, { secret, remember: false, acceptWeakStorage: false });
    else await get().connect(c.nodes, c.accessKey, secret);
  },

  async disconnect() {
    const c = get().connection;
    const behind = get().behind;
    set({ connection: null, behind: null, identity: null, ...nothingShown() });
    internals.matrices.keepOnly(null);
    await Promise.all([c, behind].filter((x) => x !== null).map((x) => api.close({ connectionId: x.id }).catch(() => {})));
  },
});
