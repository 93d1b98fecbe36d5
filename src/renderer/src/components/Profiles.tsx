// The start screen: saved cluster profiles (the Demo cluster always first), connect, edit,
// duplicate, export, import, delete; the secret prompt with "remember"; a damaged store explained.
import { useEffect, useState } from 'react';
import type { ProfileSummary } from '../../../shared/ipc';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store';
import { ProfileEditor } from './ProfileEditor';

/** The warning shown before a secret is remembered on a system without real protection. */
function WeakStorageNote({ backend }: { backend: string }): React.JSX.Element {
  return (
    <span className="weak-storage" role="note">
      This system has no keyring: "{backend}" storage is encrypted with a key built into the app, so anyone who can read your
      files can recover the secret. Tick only if that is acceptable here.
    </span>
  );
}

/** "Remember on this computer", with the system's storage explained (unavailable or weak). */
export function RememberBox({ value, onChange }: { value: boolean; onChange(v: boolean): void }): React.JSX.Element | null {
  const storage = useAppStore((s) => s.profileList?.secretStorage);
  if (!storage) return null;
  if (!storage.available) return <p className="hint">This system offers no secure storage: the secret cannot be remembered.</p>;
  return (
    <label className="inline">
      <input type="checkbox" checked={value} onChange={(e) => onChange(e.target.checked)} /> Remember the secret on this computer
      {storage.weak && <WeakStorageNote backend={storage.backend} />}
    </label>
  );
}

/**
 * A secret to type: a profile's (none is remembered, or the nodes refused it), or that of nodes
 * typed once and refused. A refusal is said once, in words: which key, why, what to do.
 */
export function SecretDialog(): React.JSX.Element | null {
  const { secretRequest, answer, cancelSecretRequest, connecting, loadProfiles } = useAppStore(useShallow((s) => ({
    secretRequest: s.secretRequest, answer: s.answerSecretRequest, cancelSecretRequest: s.cancelSecretRequest, connecting: s.connecting,
    loadProfiles: s.loadProfiles })));
  const weak = useAppStore((s) => s.profileList?.secretStorage.weak ?? false);
  const [secret, setSecret] = useState('');
  const [remember, setRemember] = useState(false);
  if (!secretRequest) return null;
  const { profile, reason, refused } = secretRequest;
  const accessKey = profile ? profile.accessKey : secretRequest.accessKey;
  const name = profile ? profile.name : secretRequest.nodes.join(', ');
  return (
    <section className="card dialog" role="dialog" aria-label={refused ? 'Login refused' : 'Secret key'}>
      <h2>Log in to {name}</h2>
      {refused
        ? <div role="alert" className="refused">
          <p><strong>The secret for {accessKey} was refused.</strong> {reason}</p>
          <p>Type the secret again{profile ? '' : ', or cancel to change the nodes or the access key'}.</p>
        </div>
        : <p className="hint">The secret key for {accessKey} is needed ({reason}).</p>}
      <form onSubmit={(e) => {
        e.preventDefault();
        void answer({ secret, remember: profile !== null && remember, acceptWeakStorage: profile !== null && remember && weak }).then(loadProfiles);
        setSecret('');
      }}>
        <label>Secret key for {accessKey}
          <input type="password" value={secret} onChange={(e) => setSecret(e.target.value)} required autoFocus autoComplete="current-password" />
        </label>
        {profile && <RememberBox value={remember} onChange={setRemember} />}
        <div className="buttons">
          <button type="submit" disabled={connecting}>{refused ? 'Log in again' : 'Log in'}</button>
          <button type="button" onClick={cancelSecretRequest}>Cancel</button>
        </div>
      </form>
    </section>
  );
}

function ExportForm({ profile, onDone }: { profile: ProfileSummary; onDone(): void }): React.JSX.Element {
  const exportProfile = useAppStore((s) => s.exportProfile);
  const [withSecret, setWithSecret] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  return (
    <form className="inline-form" aria-label={`Export ${profile.name}`} onSubmit={(e) => {
      e.preventDefault();
      void exportProfile(profile.id, withSecret, withSecret ? passphrase : undefined).then(onDone);
    }}>
      <label className="inline">
        <input type="checkbox" checked={withSecret} onChange={(e) => setWithSecret(e.target.checked)} disabled={!profile.rememberedSecret} />
        {' '}Include the secret{profile.rememberedSecret ? ', encrypted with a passphrase' : ' (none is remembered for this profile)'}
      </label>
      {withSecret && (
        <label>Passphrase (8 characters or more; whoever imports the file needs it)
          <input type="password" value={passphrase} minLength={8} onChange={(e) => setPassphrase(e.target.value)} required autoComplete="new-password" />
        </label>
      )}
      <div className="buttons"><button type="submit">Export…</button><button type="button" onClick={onDone}>Cancel</button></div>
    </form>
  );
}

function ProfileCard({ profile }: { profile: ProfileSummary }): React.JSX.Element {
  const connectProfile = useAppStore((s) => s.connectProfile);
  const connecting = useAppStore((s) => s.connecting);
  const demo = useAppStore((s) => s.demo);
  const { edit, duplicate, remove, forgetSecret, loadProfiles } = useAppStore(useShallow((s) => ({ edit: s.editProfile, duplicate: s.duplicateProfile,
    remove: s.deleteProfile, forgetSecret: s.forgetSecret, loadProfiles: s.loadProfiles })));
  const [mode, setMode] = useState<'idle' | 'export' | 'delete'>('idle');
  const demoDown = profile.demo && demo.state !== 'running';
  return (
    <li className="profile-card" style={{ borderLeftColor: profile.color }} aria-label={profile.name}>
      <div className="profile-head">
        <strong>{profile.name}</strong>
        {profile.demo && <span className="pill">demo</span>}
        {profile.rememberedSecret && <span className="pill">secret remembered</span>}
      </div>
      <div className="hint">
        {profile.demo
          ? (demo.state === 'running' ? `${demo.nodes.length} simulated node${demo.nodes.length === 1 ? '' : 's'} on this computer` : demo.state === 'starting' ? 'starting…' : `unavailable: ${demo.error}`)
          : `${profile.nodes.length} node${profile.nodes.length === 1 ? '' : 's'}: ${profile.nodes.join(', ')} · key ${profile.accessKey}`}
      </div>
      <div className="buttons">
        <button type="button" aria-label={profile.demo ? undefined : `Connect to ${profile.name}`} disabled={connecting || demoDown}
          onClick={() => void connectProfile(profile).then(loadProfiles)}>
          {profile.demo ? 'Open the built-in Demo cluster' : 'Connect'}</button>
        {!profile.demo && <>
          <button type="button" onClick={() => edit(profile.id)}>Edit</button>
          <button type="button" onClick={() => void duplicate(profile.id)}>Duplicate</button>
          <button type="button" onClick={() => setMode(mode === 'export' ? 'idle' : 'export')}>Export</button>
          {profile.rememberedSecret && <button type="button" onClick={() => void forgetSecret(profile.id)}>Forget secret</button>}
          <button type="button" onClick={() => setMode('delete')}>Delete</button>
        </>}
      </div>
      {mode === 'export' && <ExportForm profile={profile} onDone={() => setMode('idle')} />}
      {mode === 'delete' && (
        <p role="alert">Delete "{profile.name}" and its remembered secret?{' '}
          <button type="button" onClick={() => { void remove(profile.id); setMode('idle'); }}>Delete</button>{' '}
          <button type="button" onClick={() => setMode('idle')}>Keep</button></p>
      )}
    </li>
  );
}

/** The steps of an import that need the user: a passphrase, then what to do about a name clash. */
function ImportDialog(): React.JSX.Element | null {
  const importStep = useAppStore((s) => s.importStep);
  const importProfile = useAppStore((s) => s.importProfile);
  const cancelImport = useAppStore((s) => s.cancelImport);
  const weak = useAppStore((s) => s.profileList?.secretStorage.weak ?? false);
  const [passphrase, setPassphrase] = useState('');
  const [remember, setRemember] = useState(true);
  if (!importStep) return null;
  const common = { token: importStep.token, passphrase, remember, acceptWeakStorage: remember && weak };
  if (importStep.kind === 'need-passphrase') {
    return (
      <section className="card dialog" role="dialog" aria-label="Import passphrase">
        <p>"{importStep.name}" carries an encrypted secret. Type the passphrase it was exported with, or import without the secret.</p>
        <form onSubmit={(e) => { e.preventDefault(); void importProfile(common); }}>
          <label>Passphrase <input type="password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} required autoFocus /></label>
          <RememberBox value={remember} onChange={setRemember} />
          <div className="buttons">
            <button type="submit">Import</button>
            <button type="button" onClick={() => { setPassphrase(''); void importProfile({ ...common, passphrase: '' }); }}>Import without the secret</button>
            <button type="button" onClick={cancelImport}>Cancel</button>
          </div>
        </form>
      </section>
    );
  }
  return (
    <section className="card dialog" role="dialog" aria-label="Name taken">
      <p>A profile named "{importStep.name}" exists already.</p>
      <div className="buttons">
        <button type="button" onClick={() => void importProfile({ ...common, onClash: 'rename' })}>Import under a new name</button>
        <button type="button" onClick={() => void importProfile({ ...common, onClash: 'replace' })}>Replace the existing one</button>
        <button type="button" onClick={cancelImport}>Cancel</button>
      </div>
    </section>
  );
}

export function Profiles(): React.JSX.Element {
  const { list, error, notice, editing, load, edit, reset, importProfile, dismiss } = useAppStore(useShallow((s) => ({ list: s.profileList,
    error: s.profileError, notice: s.profileNotice, editing: s.editing, load: s.loadProfiles, edit: s.editProfile, reset: s.resetProfileStore,
    importProfile: s.importProfile, dismiss: s.dismissProfileMessage })));
  const connectError = useAppStore((s) => s.connectError);
  const [confirmReset, setConfirmReset] = useState(false);
  useEffect(() => { void load(); }, [load]);
  if (editing) return <ProfileEditor />;
  return (
    <section className="profiles" aria-label="Cluster profiles">
      <h2>Clusters</h2>
      {list?.storeError && (
        <div className="banner" role="alert" aria-label="Profile store damaged">
          <strong>Your saved profiles could not be read.</strong>
          <p>{list.storeError}</p>
          <p>Nothing will be saved over it. Repair the file, or start a fresh store (the damaged file stays where it is, with a copy).</p>
          {confirmReset
            ? <p><button type="button" onClick={() => { void reset(); setConfirmReset(false); }}>Yes, start a fresh store</button>{' '}
              <button type="button" onClick={() => setConfirmReset(false)}>No</button></p>
            : <button type="button" onClick={() => setConfirmReset(true)}>Start a fresh store…</button>}
        </div>
      )}
      {list?.secretsError && <p className="warning" role="alert">Remembered secrets are unavailable: {list.secretsError}</p>}
      {list?.migratedFrom !== null && list?.migratedFrom !== undefined && (
        <p className="hint">Your profiles were saved by an older version (store version {list.migratedFrom}); they are upgraded on the next save.</p>
      )}
      {(error || notice) && (
        <p className={error ? 'error' : 'notice'} role={error ? 'alert' : 'status'}>{error ?? notice}{' '}
          <button type="button" aria-label="Dismiss" onClick={dismiss}>×</button></p>
      )}
      {connectError && <p role="alert" className="error">Could not connect: {connectError}</p>}
      <SecretDialog />
      <ImportDialog />
      <ul className="profile-list">{(list?.profiles ?? []).map((p) => <ProfileCard key={p.id} profile={p} />)}</ul>
      <div className="buttons">
        <button type="button" onClick={() => edit(null)} disabled={!!list?.storeError}>New profile…</button>
        <button type="button" onClick={() => void importProfile()} disabled={!!list?.storeError}>Import…</button>
      </div>
    </section>
  );
}
