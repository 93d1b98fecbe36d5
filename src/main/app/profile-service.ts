// What the IPC layer calls for saved profiles: the store file, remembered secrets (encrypted by
// the OS through a SecretBox), connecting a profile, export and import through file dialogs.
// Electron-free: the dialogs and the SecretBox are handed in, so it is tested in plain Node.
import { randomUUID } from 'node:crypto';
import {
  addProfile, deleteProfile, demoProfile, duplicateProfile, emptyStore, exportProfile, findProfile, ImportError, importProfile,
  listProfiles, loadStore, NameClashError, ProfileError, ProfileStoreError, readExportFile, resetStore, saveStore, updateProfile,
  clientOptions, settingsOf,
} from '../core/profiles';
import { ClusterClient, describeLoginFailures, loginFailureInWords, parseNodeList, peekCertificate, plaintextWarning, readCaFile } from '../core/fanout';
import { writeFileAtomic } from '../core/files/atomic';
import { serialQueue } from '../core/files/serial';
import { isWeakBackend, type SecretBox, SecretStore, SecretStoreError } from '../core/secrets/store';
import type { ClusterService } from './cluster-service';
import { type Dialogs, FILTERS, safeFileName } from './dialogs';
import { DEMO_PROFILE_ID, type Profile, type ProfileExport, type ProfileStoreV1 } from '../../shared/profiles';
import type { ConnectProfileResponse, IpcRequest, IpcResponse, ProfileList, ProfileSummary, TestProfileResponse } from '../../shared/ipc';
import { errorText } from '../../shared/error-text';
import { CERTIFICATE_PEEK_TIMEOUT_MS } from '../../shared/limits';

/** The built-in Demo cluster's addresses and fixed credentials (they never leave main). */
export type DemoCredentials = () => { nodes: string[]; accessKey: string; secret: string };

export interface ProfileServiceOptions {
  profilesFile: string;
  secretsFile: string;
  box: SecretBox;
  clusters: ClusterService;
  demo: DemoCredentials;
  dialogs: Dialogs;
}

export class ProfileService {
  private readonly secrets: SecretStore;
  /** One read-modify-write of the store at a time. */
  private readonly serial = serialQueue();
  /** Import files picked in a dialog, waiting for the user's answer (clash, passphrase). */
  private readonly pending = new Map<string, ProfileExport>();

  constructor(private readonly o: ProfileServiceOptions) {
    this.secrets = new SecretStore(o.secretsFile, o.box);
  }

  private async load(): Promise<ProfileStoreV1> {
    try {
      return (await loadStore(this.o.profilesFile)).store;
    } catch (err) {
      if (err instanceof ProfileStoreError) throw new ProfileError(`the profile store cannot be read, so nothing was saved: ${err.message}`);
      throw err;
    }
  }

  private async mutate<T>(change: (store: ProfileStoreV1) => { store: ProfileStoreV1; result: T }): Promise<T> {
    return this.serial(async () => {
      const { store, result } = change(await this.load());
      await saveStore(this.o.profilesFile, store);
      return result;
    });
  }

  private async rememberedKeys(): Promise<{ keys: Map<string, string>; error: string | null }> {
    try {
      return { keys: await this.secrets.remembered(), error: null };
    } catch (err) {
      return { keys: new Map(), error: err instanceof SecretStoreError ? err.message : String(err) };
    }
  }

  private summary(p: Profile, keys: Map<string, string>): ProfileSummary {
    return { ...p, demo: p.id === DEMO_PROFILE_ID, rememberedSecret: p.id !== DEMO_PROFILE_ID && keys.get(p.id) === p.accessKey };
  }

  async list(): Promise<ProfileList> {
    let store = emptyStore();
    let storeError: string | null = null;
    let migratedFrom: number | null = null;
    try {
      ({ store, migratedFrom } = await loadStore(this.o.profilesFile));
    } catch (err) {
      if (!(err instanceof ProfileStoreError)) throw err;
      storeError = err.message;
    }
    const { keys, error } = await this.rememberedKeys();
    const box = this.o.box;
    return {
      profiles: listProfiles(store).map((p) => this.summary(p, keys)), storeError, migratedFrom,
      secretStorage: { available: box.available(), weak: isWeakBackend(box), backend: box.backend() }, secretsError: error,
    };
  }

  async save(req: IpcRequest<'saveProfile'>): Promise<{ id: string }> {
    parseNodeList(req.profile.nodes); // a clear message for a bad address, before anything is saved
    const id = await this.mutate((store) => {
      if (req.id === null) {
        const r = addProfile(store, req.profile);
        return { store: r.store, result: r.profile.id };
      }
      return { store: updateProfile(store, req.id, req.profile), result: req.id };
    });
    return { id };
  }

  async duplicate(id: string): Promise<{ id: string }> {
    return { id: await this.mutate((store) => { const r = duplicateProfile(store, id); return { store: r.store, result: r.profile.id }; }) };
  }

  async remove(id: string): Promise<null> {
    await this.mutate((store) => ({ store: deleteProfile(store, id), result: null }));
    await this.secrets.forget(id).catch(() => {}); // a damaged secrets file is reported by list()
    return null;
  }

  /** Only on the user's explicit request: the damaged file is kept aside. */
  async reset(): Promise<{ backup: string | null }> {
    return this.serial(async () => ({ backup: await resetStore(this.o.profilesFile) }));
  }

  async forgetSecret(id: string): Promise<null> {
    await this.secrets.forget(id);
    return null;
  }

  private async profile(id: string): Promise<Profile> {
    if (id === DEMO_PROFILE_ID) return demoProfile();
    const p = findProfile(await this.load(), id);
    if (!p) throw new ProfileError('this profile no longer exists (deleted in another window or by the CLI?)');
    return p;
  }

  private checkWeak(remember: boolean | undefined, accepted: boolean | undefined): void {
    if (!remember) return;
    if (!this.o.box.available()) throw new ProfileError('this system offers no secure storage, so the secret cannot be remembered; untick "remember"');
    if (isWeakBackend(this.o.box) && !accepted) {
      throw new ProfileError(`this system stores secrets with "${this.o.box.backend()}", which is not really protected; `
        + 'confirm that you want it remembered anyway, or untick "remember"');
    }
  }

  async connect(req: IpcRequest<'connectProfile'>): Promise<ConnectProfileResponse> {
    const profile = await this.profile(req.id);
    if (profile.id === DEMO_PROFILE_ID) {
      const demo = this.o.demo();
      const opened = this.o.clusters.openWith({ nodes: demo.nodes, accessKey: demo.accessKey, secret: demo.secret });
      return { state: 'open', ...opened, profile: this.summary(profile, new Map()), rememberError: null };
    }
    this.refusePlaintext(profile);
    this.checkWeak(req.remember, req.acceptWeakStorage);
    let secret = req.secret ?? null;
    let recalled = false;
    if (secret === null) {
      try {
        secret = await this.secrets.recall(profile.id, profile.accessKey);
      } catch (err) {
        return { state: 'need-secret', reason: errorText(err), refused: false };
      }
      if (secret === null) return { state: 'need-secret', reason: `no secret is remembered for ${profile.accessKey}`, refused: false };
      recalled = true;
    }
    const opened = this.o.clusters.openWith(await this.options(profile, secret));
    const login = await this.o.clusters.login(opened.connectionId);
    if (!login.ok && login.attempts.some((a) => !a.ok && a.kind === 'credentials')) {
      await this.o.clusters.close(opened.connectionId);
      const why = describeLoginFailures(login.attempts);
      return { state: 'need-secret', refused: true, reason: recalled ? `The remembered secret did not work: ${why}.` : `${why}.` };
    }
    let rememberError: string | null = null;
    if (req.remember && !recalled) {
      if (!login.ok) rememberError = `not remembered: no node accepted the login yet (${describeLoginFailures(login.attempts)})`;
      else {
        try {
          await this.secrets.remember(profile.id, profile.accessKey, secret);
        } catch (err) {
          rememberError = `not remembered: ${errorText(err)}`;
        }
      }
    }
    const { keys } = await this.rememberedKeys();
    return { state: 'open', ...opened, profile: this.summary(profile, keys), rememberError };
  }

  /** The secret never crosses the network in clear unless the profile accepted that. */
  private refusePlaintext(profile: Pick<Profile, 'nodes' | 'allowPlaintext'>): void {
    const { nodes } = parseNodeList(profile.nodes);
    const clear = nodes.map(plaintextWarning).filter((w) => w !== null);
    if (clear.length > 0 && !profile.allowPlaintext) {
      throw new ProfileError(`${clear.join('; ')}. Use https://, or edit the profile and accept plain http (anyone on the network path could read the secret and the session)`);
    }
  }

  private async options(profile: Parameters<typeof settingsOf>[0], secret: string) {
    try {
      return await clientOptions(settingsOf(profile), secret);
    } catch (err) {
      throw new ProfileError(`${errorText(err)}; fix the path in the profile`);
    }
  }

  /**
   * "Test connection" in the editor: log in to the draft's nodes with the typed secret (or the
   * one remembered for this profile and the draft's key), ask each node once who it is, log out.
   * Nothing is saved or remembered; each node's answer is said in words.
   */
  async test(req: IpcRequest<'testProfile'>): Promise<TestProfileResponse> {
    const draft = req.profile;
    this.refusePlaintext(draft);
    let secret = req.secret ?? null;
    if (secret === null && req.id !== null && req.id !== DEMO_PROFILE_ID) {
      try {
        secret = await this.secrets.recall(req.id, draft.accessKey);
      } catch (err) {
        return { state: 'need-secret', reason: errorText(err) };
      }
    }
    if (secret === null) return { state: 'need-secret', reason: `no secret is remembered for ${draft.accessKey}` };
    const client = new ClusterClient(await this.options(draft, secret));
    try {
      const login = await client.login();
      if (!login.ok) {
        return { state: 'tested', nodes: login.attempts.map((a) => ({ node: a.node.input, ok: false, said: a.ok ? 'accepted the login' : loginFailureInWords(a.error) })) };
      }
      const { nodes } = await client.identify();
      return { state: 'tested', nodes: nodes.map((n) => ({ node: n.node, ok: n.ok,
        said: n.ok ? `answered as node ${n.nodeId ?? 'unknown'}, leading ${(n.groups ?? []).filter((g) => g.isLeader).length} of ${(n.groups ?? []).length} Raft groups`
          : n.error ?? 'no answer' })) };
    } finally {
      await client.close(); // logs out
    }
  }

  async certificate(req: IpcRequest<'certificate'>): Promise<IpcResponse<'certificate'>> {
    const [node] = parseNodeList([req.node]).nodes;
    const ca = req.caFile ? await readCaFile(req.caFile) : undefined;
    return peekCertificate(node!.origin, CERTIFICATE_PEEK_TIMEOUT_MS, ca);
  }

  async export(req: IpcRequest<'exportProfile'>): Promise<{ path: string | null }> {
    const profile = await this.profile(req.id);
    if (profile.id === DEMO_PROFILE_ID) throw new ProfileError('the Demo cluster profile is built into every copy of the app: there is nothing to export');
    let withSecret: { secret: string; passphrase: string } | undefined;
    if (req.includeSecret) {
      if (!req.passphrase) throw new ProfileError('type a passphrase to encrypt the secret with');
      const secret = await this.secrets.recall(profile.id, profile.accessKey);
      if (secret === null) throw new ProfileError('no secret is remembered for this profile: connect with "remember" ticked first, or export without the secret');
      withSecret = { secret, passphrase: req.passphrase };
    }
    const doc = exportProfile(profile, withSecret); // checks the passphrase length before the dialog opens
    const path = await this.o.dialogs.saveFile(`${safeFileName(profile.name)}.kvprofile.json`, FILTERS.profile);
    if (path === null) return { path: null };
    await writeFileAtomic(path, [`${JSON.stringify(doc, null, 2)}\n`], { mode: withSecret ? 0o600 : 0o644 });
    return { path };
  }

  async import(req: IpcRequest<'importProfile'>): Promise<IpcResponse<'importProfile'>> {
    let token = req.token;
    if (token === undefined) {
      const path = await this.o.dialogs.openFile(FILTERS.profile);
      if (path === null) return { state: 'cancelled' };
      token = randomUUID();
      this.pending.set(token, await readExportFile(path));
    }
    const json = this.pending.get(token);
    if (json === undefined) throw new ImportError('this import was already finished or abandoned: choose the file again');
    const name = json.profile.name;
    if (json.secret && req.passphrase === undefined) return { state: 'need-passphrase', token, name };
    this.checkWeak(req.remember && !!req.passphrase, req.acceptWeakStorage);
    const r = await this.serial(async () => {
      try {
        const imported = importProfile(await this.load(), json, { onClash: req.onClash, passphrase: req.passphrase || undefined });
        await saveStore(this.o.profilesFile, imported.store);
        return imported;
      } catch (err) {
        if (err instanceof NameClashError) return null;
        throw err;
      }
    });
    if (r === null) return { state: 'clash', token, name };
    this.pending.delete(token);
    // The profile is in: a secret that cannot be kept is said, not turned into a failed import.
    let secretRemembered = false;
    let rememberError: string | null = null;
    if (r.secret !== null && req.remember) {
      try {
        await this.secrets.remember(r.profile.id, r.profile.accessKey, r.secret);
        secretRemembered = true;
      } catch (err) {
        rememberError = `the secret was not remembered: ${errorText(err)}`;
      }
    }
    return { state: 'imported', id: r.profile.id, name: r.profile.name, clash: r.clash, secretRemembered, rememberError };
  }
}
