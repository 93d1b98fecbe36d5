// Saved profiles as the renderer sees them (never a secret): the list, the editor's draft, and the
// steps of an import. Every call goes through the validated IPC api.
import type { StateCreator } from 'zustand';
import type { ProfileList, ProfileSummary } from '../../../shared/ipc';
import { DEFAULT_PROFILE_COLOR, DEFAULT_PROFILE_VIEW, type ProfileInputV1, profileInputSchema } from '../../../shared/profiles';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_TIMEOUT_MS } from '../../../shared/limits';
import { api } from '../api';
import { errorText as message } from '../errors';
import type { Store } from './types';

export type ImportStep = { kind: 'clash' | 'need-passphrase'; token: string; name: string };
export type ImportOptions = { token?: string; onClash?: 'ask' | 'rename' | 'replace'; passphrase?: string; remember?: boolean; acceptWeakStorage?: boolean };

export interface ProfilesData {
  profileList: ProfileList | null;
  /** The last operation's failure, in words. */
  profileError: string | null;
  /** What the last operation did (export path, import result). */
  profileNotice: string | null;
  /** The profile being edited (id null = a new one). */
  editing: { id: string | null; draft: ProfileInputV1 } | null;
  importStep: ImportStep | null;
}

export interface ProfilesSlice extends ProfilesData {
  loadProfiles(): Promise<void>;
  editProfile(id: string | null): void;
  cancelEdit(): void;
  /** Save the draft; returns the profile's id, or null when it failed (profileError set). */
  saveProfile(draft: ProfileInputV1): Promise<string | null>;
  duplicateProfile(id: string): Promise<void>;
  deleteProfile(id: string): Promise<void>;
  /** Start a fresh profile store (the damaged one is kept aside by main). */
  resetProfileStore(): Promise<void>;
  forgetSecret(id: string): Promise<void>;
  exportProfile(id: string, includeSecret: boolean, passphrase?: string): Promise<void>;
  importProfile(opts?: ImportOptions): Promise<void>;
  cancelImport(): void;
  dismissProfileMessage(): void;
}

/** Field names in the editor's words, for validation messages. */
const FIELD: Record<string, string> = { name: 'Name', nodes: 'Nodes', accessKey: 'Access key', timeoutMs: 'Time-out', maxBodyBytes: 'Largest answer',
  tls: 'TLS', color: 'Colour', view: 'View' };

/** What is wrong with a draft, in the editor's words (null: it can be saved or tested). */
export function draftProblem(draft: ProfileInputV1): string | null {
  const checked = profileInputSchema.safeParse(draft);
  if (checked.success) return null;
  const issue = checked.error.issues[0]!;
  return `${FIELD[String(issue.path[0])] ?? issue.path.join('.')}${issue.path.length > 1 ? ` (${issue.path.slice(1).join('.')})` : ''}: ${issue.message}`;
}

/** A listed profile as the editor's draft (what profiles:save takes). */
export function draftOf(p: ProfileSummary): ProfileInputV1 {
  const { id: _i, createdAt: _c, updatedAt: _u, demo: _d, rememberedSecret: _r, ...draft } = p;
  return draft;
}

export function newDraft(): ProfileInputV1 {
  return { name: '', nodes: [], accessKey: '', timeoutMs: DEFAULT_TIMEOUT_MS, maxBodyBytes: DEFAULT_MAX_BODY_BYTES, tls: {}, allowPlaintext: false,
    view: { ...DEFAULT_PROFILE_VIEW }, color: DEFAULT_PROFILE_COLOR };
}

export const profilesInitial = (): ProfilesData => ({ profileList: null, profileError: null, profileNotice: null, editing: null, importStep: null });

export const createProfilesSlice: StateCreator<Store, [], [], ProfilesSlice> = (set, get) => {
  /** Run an operation: its failure becomes `profileError`, and the list is reloaded after it either way. */
  const run = async <T>(work: () => Promise<T>): Promise<T | null> => {
    set({ profileError: null, profileNotice: null });
    try {
      return await work();
    } catch (err) {
      set({ profileError: message(err) });
      return null;
    } finally {
      await get().loadProfiles();
    }
  };
  return {
    ...profilesInitial(),
    async loadProfiles() {
      try {
        set({ profileList: await api.profiles() });
      } catch (err) {
        set({ profileError: message(err) });
      }
    },
    editProfile(id) {
      const p = id === null ? null : get().profileList?.profiles.find((x) => x.id === id);
      if (!p) { set({ editing: { id: null, draft: newDraft() }, profileError: null }); return; }
      set({ editing: { id: p.id, draft: draftOf(p) }, profileError: null });
    },
    cancelEdit() {
      set({ editing: null, profileError: null });
    },
    async saveProfile(draft) {
      const editing = get().editing;
      const problem = draftProblem(draft);
      if (problem) {
        set({ profileError: problem });
        return null;
      }
      const r = await run(() => api.saveProfile({ id: editing?.id ?? null, profile: draft }));
      if (r) set({ editing: null, profileNotice: `Saved "${draft.name}".` });
      return r?.id ?? null;
    },
    async duplicateProfile(id) {
      await run(() => api.duplicateProfile({ id }));
    },
    async deleteProfile(id) {
      await run(() => api.deleteProfile({ id }));
    },
    async resetProfileStore() {
      const r = await run(() => api.resetProfiles());
      if (r) set({ profileNotice: r.backup ? `Started a fresh profile store; the old file was kept as ${r.backup}.` : 'Started a fresh profile store.' });
    },
    async forgetSecret(id) {
      await run(() => api.forgetSecret({ id }));
    },
    async exportProfile(id, includeSecret, passphrase) {
      const r = await run(() => api.exportProfile({ id, includeSecret, ...(passphrase ? { passphrase } : {}) }));
      if (r?.path) set({ profileNotice: `Exported to ${r.path}${includeSecret ? ' (the secret encrypted with your passphrase)' : ' (without the secret)'}.` });
    },
    async importProfile(opts = {}) {
      const r = await run(() => api.importProfile({ onClash: 'ask', ...opts }));
      // A failed step of a file already picked (a wrong passphrase) keeps its dialog: try again or cancel.
      if (!r) { if (!opts.token) set({ importStep: null }); return; }
      if (r.state === 'cancelled') set({ importStep: null });
      else if (r.state === 'imported') {
        set({ importStep: null, profileNotice: `Imported "${r.name}"${r.clash === 'renamed' ? ' (renamed: the name was taken)' : r.clash === 'replaced' ? ' (replacing the profile of that name)' : ''}`
          + `${r.secretRemembered ? ', its secret remembered' : ''}.${r.rememberError ? ` Note: ${r.rememberError}.` : ''}` });
      } else set({ importStep: { kind: r.state, token: r.token, name: r.name } });
    },
    cancelImport() {
      set({ importStep: null });
    },
    dismissProfileMessage() {
      set({ profileError: null, profileNotice: null });
    },
  };
};
