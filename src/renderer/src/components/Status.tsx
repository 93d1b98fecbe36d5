import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { IdentityResponse } from '../../../shared/ipc';
import type { NodeStatusV1 } from '../../../shared/snapshot';
import { useAppStore } from '../store';
import { formatBytes as size } from '../../../shared/format';
import { missingText } from '../../../shared/missing';
import { nodeIdOf } from '../node-names';

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
/** A node's time of day; a number no date can hold is shown as it is. */
const at = (ms: number): string => (Number.isFinite(new Date(ms).getTime()) ? clock.format(new Date(ms)) : `${ms} ms`);
/** Leadership changes named in the quiet line (the latest ones). */
const EVENTS_SHOWN = 6;

/** Slower than this (ms) is worth a glance even when the node answered. */
const SLOW_MS = 1000;

function badgeState(n: NodeStatusV1): 'ok' | 'slow' | 'failed' | 'same node' {
  // Another address of a node that answered: not a failure, and not asked.
  if (n.duplicate_of !== undefined) return 'same node';
  if (!n.ok) return 'failed';
  return n.elapsed_ms > SLOW_MS ? 'slow' : 'ok';
}

type Identity = IdentityResponse['nodes'][number];

/** `n1 · leads 2 of 4 groups`, and the groups in the tooltip. */
function who(id: Identity | undefined): { text: string; title: string } | null {
  if (!id) return null;
  if (!id.ok || !id.nodeId) return { text: 'identity unknown', title: `GET /cluster failed: ${id.error ?? 'no answer'}` };
  const led = id.groups.filter((g) => g.isLeader);
  return {
    text: `${id.nodeId} · leads ${led.length} of ${id.groups.length} group${id.groups.length === 1 ? '' : 's'}`,
    title: `node ${id.nodeId}: ${id.groups.map((g) => `group ${g.groupId}${g.isLeader ? ' (leader)' : ` (leader ${g.leaderId || 'unknown'})`}`).join(', ')}`,
  };
}

function Badge({ n, identity }: { n: NodeStatusV1; identity?: Identity }): React.JSX.Element {
  const state = badgeState(n);
  const id = who(identity);
  return (
    <span className={`badge badge-${state.replace(' ', '-')}`} data-state={state} data-node-id={identity?.nodeId ?? undefined}
      title={[n.error ?? [n.incremental ? 'this refresh fetched only the new columns' : '', ...n.warnings].filter(Boolean).join('\n'), id?.title ?? '']
        .filter(Boolean).join('\n')}>
      <span className="dot" aria-hidden="true" /> {n.node}{id ? <> · <span className="node-id">{id.text}</span></> : null} · {state} · {n.elapsed_ms} ms
      {' · '}{n.incremental ? '+' : ''}{size(n.bytes)}
    </span>
  );
}

export function NodeStrip(): React.JSX.Element | null {
  const { view, inFlight, progress, connection, identity } = useAppStore(useShallow((s) => ({ view: s.view, inFlight: s.inFlight,
    progress: s.progress, connection: s.connection, identity: s.identity })));
  const idOf = (node: string) => identity?.nodes.find((i) => i.node === node);
  if (!connection) return null;
  // While a round is in flight: the nodes done so far, the rest pending.
  if (inFlight) {
    return (
      <div className="node-strip" aria-label="Nodes" aria-busy="true">
        <span className="counter" role="status">asking {connection.nodes.length} nodes… ({progress.length} done)</span>
        {connection.nodes.map((node) => {
          const done = progress.find((p) => p.node === node);
          return done ? <Badge key={node} n={done} identity={idOf(node)} /> : <span key={node} className="badge badge-pending" data-state="pending">{node} · waiting</span>;
        })}
      </div>
    );
  }
  if (!view) return null;
  return (
    <div className="node-strip" aria-label="Nodes">
      <span className="counter">cluster view ({view.fanout.responded} of {view.fanout.expected} nodes)</span>
      {view.nodes.map((n) => <Badge key={n.node} n={n} identity={idOf(n.node)} />)}
    </div>
  );
}

/** The secret was refused at login: ask for it again (the key and nodes are kept). */
export function SecretPrompt(): React.JSX.Element | null {
  const { view, connection, reconnect, connecting } = useAppStore(useShallow((s) => ({ view: s.view, connection: s.connection,
    reconnect: s.reconnect, connecting: s.connecting })));
  const [secret, setSecret] = useState('');
  if (!view?.login || !connection?.accessKey) return null;
  return (
    <section className="banner" role="alert" aria-label="Login refused">
      <strong>{view.login.credentialsRefused ? `The secret for ${connection.accessKey} was refused.` : 'No node accepted the login.'}</strong>
      <p>{view.login.error}</p>
      {view.login.credentialsRefused && (
        <form onSubmit={(e) => { e.preventDefault(); void reconnect(secret); setSecret(''); }}>
          <label>Secret key <input type="password" value={secret} onChange={(e) => setSecret(e.target.value)} required /></label>
          {' '}<button type="submit" disabled={connecting}>Log in again</button>
        </form>
      )}
    </section>
  );
}

export function DegradedBanner(): React.JSX.Element | null {
  const view = useAppStore((s) => s.view);
  if (!view || view.login || view.fanout.responded >= view.fanout.expected) return null;
  const failed = view.nodes.filter((n) => !n.ok);
  return (
    <section className="banner" role="alert" aria-label="Cluster view degraded">
      <strong>Cluster view degraded — {view.fanout.responded} of {view.fanout.expected} nodes responded.</strong>
      <ul>{failed.map((n) => <li key={n.node}>× {n.node} — {n.error}</li>)}</ul>
      <p className="missing">The heatmap shows only the nodes that answered. {view.missing ? missingText(view.missing, at) : ''}</p>
    </section>
  );
}

/** Leadership changes in the window: information, in one quiet line (never a banner). */
export function LeadershipEvents(): React.JSX.Element | null {
  const view = useAppStore((s) => s.view);
  const identity = useAppStore((s) => s.identity);
  if (!view || view.events.length === 0) return null;
  const name = (node: string): string => nodeIdOf(identity, node) ?? node;
  const shown = view.events.slice(-EVENTS_SHOWN);
  return (
    <p className="events" role="status" aria-label="Leadership changes">
      Leadership changes in this window: {shown.map((e) => `group ${e.group} ${name(e.from)} → ${name(e.to)} at ${at(e.columnMs)}`
        + (e.fromTerm !== e.toTerm ? ` (term ${e.toTerm})` : '')).join(' · ')}
      {view.events.length + view.eventsOmitted > shown.length && ` · and ${view.events.length + view.eventsOmitted - shown.length} earlier`}
    </p>
  );
}

export function Warnings(): React.JSX.Element | null {
  const { view, connectWarnings, dismissed, dismiss, stale, error } = useAppStore(useShallow((s) => ({ view: s.view,
    connectWarnings: s.connectWarnings, dismissed: s.dismissed, dismiss: s.dismiss, stale: s.stale, error: s.error })));
  const all = [...connectWarnings, ...(view?.warnings.map((w) => w.message) ?? [])].filter((m) => !dismissed.includes(m));
  if (all.length === 0 && !stale && !error) return null;
  return (
    <section className="warnings" aria-label="Warnings">
      {(stale || error) && <p role="alert" className="stale">The last refresh failed{error ? `: ${error}` : ''}. The heatmap below is the last good one.</p>}
      {all.map((m) => (
        <p key={m} className="warning">{m} <button type="button" aria-label="Dismiss" onClick={() => dismiss(m)}>×</button></p>
      ))}
    </section>
  );
}
