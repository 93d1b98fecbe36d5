// Create or edit a profile: nodes in merge-priority order (reorder, add, remove), access key,
// limits, TLS (extra CA file, or a pinned certificate shown before it is trusted), the plain-http
// consent, view defaults and a colour. No secret here: it is asked for at connect time.
import { useState } from 'react';
import { SERIES } from '../../../shared/elastickv/wire';
import type { IpcResponse, TestProfileResponse } from '../../../shared/ipc';
import type { ProfileInputV1 } from '../../../shared/profiles';
import { api } from '../api';
import { useShallow } from 'zustand/react/shallow';
import { MAX_NAME_CHARS, MAX_PROFILE_BODY_BYTES, MAX_ROWS, MAX_TIMEOUT_MS, MIB, MIN_TIMEOUT_MS } from '../../../shared/limits';
import { errorText } from '../errors';
import { draftProblem, RANGE_PRESETS, useAppStore } from '../store';

/** http:// (or no scheme) to a host that is not this computer: the secret would cross the network in clear. */
export function isPlaintextRemote(address: string): boolean {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(address.trim()) ? address.trim() : `http://${address.trim()}`;
  try {
    const u = new URL(withScheme);
    if (u.protocol !== 'http:') return false;
    const h = u.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    return !(h === 'localhost' || h.endsWith('.localhost') || /^127\./.test(h) || h === '::1');
  } catch {
    return false; // not an address at all: the main process explains that on save
  }
}

function NodeList({ nodes, onChange }: { nodes: string[]; onChange(nodes: string[]): void }): React.JSX.Element {
  const [adding, setAdding] = useState('');
  const move = (i: number, by: number): void => {
    const next = [...nodes];
    const [n] = next.splice(i, 1);
    next.splice(i + by, 0, n!);
    onChange(next);
  };
  const add = (): void => {
    const added = adding.split(/[\s,]+/).filter(Boolean);
    if (added.length > 0) onChange([...nodes, ...added]);
    setAdding('');
  };
  return (
    <fieldset className="node-list">
      <legend>Nodes (admin addresses; the first ones win ties when the nodes disagree)</legend>
      <ol>
        {nodes.map((n, i) => (
          <li key={`${n}-${i}`}>
            <code>{n}</code>
            <button type="button" aria-label={`Move ${n} up`} disabled={i === 0} onClick={() => move(i, -1)}>↑</button>
            <button type="button" aria-label={`Move ${n} down`} disabled={i === nodes.length - 1} onClick={() => move(i, 1)}>↓</button>
            <button type="button" aria-label={`Remove ${n}`} onClick={() => onChange(nodes.filter((_, j) => j !== i))}>×</button>
          </li>
        ))}
      </ol>
      <label>Add nodes (one or more, separated by spaces or commas)
        <span className="row">
          <input value={adding} onChange={(e) => setAdding(e.target.value)} placeholder="https://10.0.0.1:8080"
            onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); add(); } }} />
          <button type="button" onClick={add}>Add</button>
        </span>
      </label>
    </fieldset>
  );
}

/** Fetch the certificate an https:// node presents, show it, and pin it only when the user says so. */
function CertificatePin({ draft, set }: { draft: ProfileInputV1; set(patch: Partial<ProfileInputV1>): void }): React.JSX.Element {
  const [seen, setSeen] = useState<IpcResponse<'certificate'> | null>(null);
  const [err, setErr] = useState<string | null>(null);
  const httpsNode = draft.nodes.find((n) => /^https:\/\//i.test(n));
  const check = async (): Promise<void> => {
    setErr(null);
    setSeen(null);
    try {
      setSeen(await api.certificate({ node: httpsNode!, ...(draft.tls.caFile ? { caFile: draft.tls.caFile } : {}) }));
    } catch (e) {
      setErr(e instanceof Error ? e.message.replace(/^Error invoking remote method '[^']+': (Error: )?/, '') : String(e));
    }
  };
  return (
    <div className="cert">
      <label>Pinned certificate (SHA-256 fingerprint; replaces CA checks for a self-signed node certificate)
        <input value={draft.tls.pinSha256 ?? ''} placeholder="none" spellCheck={false}
          onChange={(e) => set({ tls: { ...draft.tls, pinSha256: e.target.value.trim() || undefined } })} />
      </label>
      <button type="button" disabled={!httpsNode} onClick={() => void check()}
        title={httpsNode ? undefined : 'needs an https:// node'}>Check {httpsNode ?? 'an https:// node'}'s certificate…</button>
      {err && <p role="alert" className="error">{err}</p>}
      {seen && (
        <div className="cert-seen" role="group" aria-label="Certificate presented">
          <dl>
            <dt>SHA-256</dt><dd><code>{seen.fingerprint256}</code></dd>
            <dt>Subject</dt><dd>{seen.subject}</dd>
            <dt>Issuer</dt><dd>{seen.issuer}</dd>
            <dt>Valid</dt><dd>{seen.validFrom} — {seen.validTo}</dd>
            <dt>Trusted</dt><dd>{seen.trusted ? 'yes, by the system CAs (no pin needed)' : `no (${seen.trustError ?? 'unknown reason'})`}</dd>
          </dl>
          <p className="hint">Compare the fingerprint with the one on the node (for example `openssl x509 -noout -fingerprint -sha256 -in cert.pem`) before trusting it.</p>
          <button type="button" onClick={() => { set({ tls: { ...draft.tls, pinSha256: seen.fingerprint256 } }); setSeen(null); }}>Trust this certificate (pin it)</button>
        </div>
      )}
    </div>
  );
}

/**
 * "Test connection": main logs in to the draft's nodes with the secret remembered for this profile
 * (or one typed here, for this test only), asks each node once and logs out; nothing is saved.
 */
function useConnectionTest(id: string | null, draft: ProfileInputV1): { panel: React.JSX.Element; button: React.JSX.Element } {
  const [secret, setSecret] = useState('');
  const [asked, setAsked] = useState<string | null>(null);
  const [result, setResult] = useState<Extract<TestProfileResponse, { state: 'tested' }> | null>(null);
  const [err, setErr] = useState<string | null>(null);
  const [testing, setTesting] = useState(false);
  const run = async (): Promise<void> => {
    setErr(null);
    setResult(null);
    const problem = draftProblem(draft);
    if (problem) { setErr(problem); return; }
    setTesting(true);
    try {
      const r = await api.testProfile({ id, profile: draft, ...(secret ? { secret } : {}) });
      if (r.state === 'need-secret') setAsked(r.reason);
      else setResult(r);
    } catch (e) {
      setErr(errorText(e));
    } finally {
      setTesting(false);
    }
  };
  const ok = result?.nodes.filter((n) => n.ok).length ?? 0;
  const panel = (
    <div className="connection-test">
      {asked !== null && (
        <label className="inline">Secret key for {draft.accessKey || 'the access key'} ({asked}; used for this test only, not saved)
          <input type="password" value={secret} onChange={(e) => setSecret(e.target.value)} autoComplete="current-password"
            onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); void run(); } }} />
        </label>
      )}
      {err && <p role="alert" className="error">Test failed: {err}</p>}
      {result && (
        <div role="status" aria-label="Connection test">
          <strong>{ok === result.nodes.length ? `All ${ok} nodes answered.` : `${ok} of ${result.nodes.length} nodes answered.`}</strong>
          <ul className="test-results">
            {result.nodes.map((n) => <li key={n.node} data-ok={n.ok}>{n.ok ? '✓' : '✗'} <code>{n.node}</code> — {n.said}</li>)}
          </ul>
        </div>
      )}
    </div>
  );
  const button = (
    <button type="button" disabled={testing || draft.nodes.length === 0 || (asked !== null && secret === '')} onClick={() => void run()}>
      {testing ? 'Testing…' : 'Test connection'}</button>
  );
  return { panel, button };
}

export function ProfileEditor(): React.JSX.Element {
  const { editing, save, cancelEdit, error } = useAppStore(useShallow((s) => ({ editing: s.editing, save: s.saveProfile,
    cancelEdit: s.cancelEdit, error: s.profileError })));
  const [draft, setDraft] = useState<ProfileInputV1>(editing!.draft);
  const set = (patch: Partial<ProfileInputV1>): void => setDraft((d) => ({ ...d, ...patch }));
  const setView = (patch: Partial<ProfileInputV1['view']>): void => setDraft((d) => ({ ...d, view: { ...d.view, ...patch } }));
  const plaintext = draft.nodes.filter(isPlaintextRemote);
  const test = useConnectionTest(editing!.id, draft);
  return (
    <section className="card editor" aria-label={editing!.id ? 'Edit profile' : 'New profile'}>
      <h2>{editing!.id ? `Edit ${editing!.draft.name}` : 'New profile'}</h2>
      <form onSubmit={(e) => { e.preventDefault(); void save(draft); }}>
        <label>Name <input value={draft.name} onChange={(e) => set({ name: e.target.value })} required maxLength={MAX_NAME_CHARS} /></label>
        <NodeList nodes={draft.nodes} onChange={(nodes) => set({ nodes })} />
        <label>Access key <input value={draft.accessKey} onChange={(e) => set({ accessKey: e.target.value })} required autoComplete="off" /></label>
        <p className="hint">The secret key is asked for when you connect; you can have it remembered then.</p>
        {plaintext.length > 0 && (
          <div className="banner" role="group" aria-label="Plain http">
            <p><strong>{plaintext.join(', ')} {plaintext.length === 1 ? 'is' : 'are'} reached over plain http:// across the network.</strong>{' '}
              The secret (at login) and the session cookie (on every request) would travel unencrypted: anyone on the network path could
              read them and act as you on the cluster. Prefer https://.</p>
            <label className="inline"><input type="checkbox" checked={draft.allowPlaintext} onChange={(e) => set({ allowPlaintext: e.target.checked })} />
              {' '}I understand; connect over plain http anyway</label>
          </div>
        )}
        <fieldset>
          <legend>Limits</legend>
          <label>Time-out per round (ms) <input type="number" min={MIN_TIMEOUT_MS} max={MAX_TIMEOUT_MS} value={draft.timeoutMs}
            onChange={(e) => set({ timeoutMs: Number(e.target.value) })} /></label>
          <label>Largest answer per node (MiB) <input type="number" min={1} max={MAX_PROFILE_BODY_BYTES / MIB} value={Math.round(draft.maxBodyBytes / MIB)}
            onChange={(e) => set({ maxBodyBytes: Math.max(1, Number(e.target.value)) * MIB })} /></label>
        </fieldset>
        <fieldset>
          <legend>TLS</legend>
          <label>Extra CA file (PEM path on this computer)
            <input value={draft.tls.caFile ?? ''} placeholder="none" onChange={(e) => set({ tls: { ...draft.tls, caFile: e.target.value.trim() || undefined } })} />
          </label>
          <CertificatePin draft={draft} set={set} />
        </fieldset>
        <fieldset>
          <legend>View when connecting</legend>
          <label>Series <select value={draft.view.series} onChange={(e) => setView({ series: e.target.value as ProfileInputV1['view']['series'] })}>
            {SERIES.map((s) => <option key={s} value={s}>{s}</option>)}</select></label>
          <label>Rows <input type="number" min={1} max={MAX_ROWS} value={draft.view.rows} onChange={(e) => setView({ rows: Number(e.target.value) })} /></label>
          <label>Time range <select value={String(draft.view.rangeMs)} onChange={(e) => setView({ rangeMs: e.target.value === 'null' ? null : Number(e.target.value) })}>
            {RANGE_PRESETS.map((p) => <option key={p.label} value={String(p.ms)}>{p.label}</option>)}</select></label>
          <label>Auto-refresh <select value={draft.view.autoRefreshMs} onChange={(e) => setView({ autoRefreshMs: Number(e.target.value) as 0 | 5000 | 30000 })}>
            <option value={0}>Off</option><option value={5000}>5 s</option><option value={30000}>30 s</option></select></label>
        </fieldset>
        <label>Colour <input type="color" value={draft.color} onChange={(e) => set({ color: e.target.value })} /></label>
        {/* Kept in sight at the window's bottom however long the form: test, save, cancel. */}
        <div className="editor-actions">
          {error && <p role="alert" className="error">{error}</p>}
          {test.panel}
          <div className="buttons">
            <button type="submit" disabled={draft.nodes.length === 0}>Save</button>
            <button type="button" onClick={cancelEdit}>Cancel</button>
            {test.button}
          </div>
        </div>
      </form>
    </section>
  );
}
