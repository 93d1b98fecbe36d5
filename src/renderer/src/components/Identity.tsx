// Who is behind each address: one node reached under two addresses (its reads would be counted
// twice, so the user is offered to drop one), and peers named by a fan-out node, shown for the
// user to confirm before any cookie goes to a new address.
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store';

export function FindPeersButton(): React.JSX.Element {
  const busy = useAppStore((s) => s.findingPeers);
  const find = useAppStore((s) => s.findPeers);
  return <button type="button" onClick={() => void find()} disabled={busy}
    title="ask the first node, if it fans out, which peers it knows">{busy ? 'Asking…' : 'Find peers'}</button>;
}

/** Peers the first node named that the profile does not list yet: nothing is sent to them until confirmed. */
export function DiscoveredPeers(): React.JSX.Element | null {
  const found = useAppStore((s) => s.peersFound);
  const error = useAppStore((s) => s.peersError);
  const closePeers = useAppStore((s) => s.closePeers);
  const connection = useAppStore((s) => s.connection);
  const changeNodes = useAppStore((s) => s.changeProfileNodes);
  const [skip, setSkip] = useState<string[]>([]);
  const mine = (id: string | undefined): boolean => id !== undefined && id === connection?.id;
  if (!connection?.profile || !(mine(found?.connectionId) || mine(error?.connectionId))) return null;
  const close = (): void => { closePeers(); setSkip([]); };
  if (error) return <section className="banner" role="alert" aria-label="Find peers">{error.text} <button type="button" onClick={close}>Close</button></section>;
  const fresh = found!.nodes;
  const chosen = fresh.filter((n) => !skip.includes(n));
  return (
    <section className="card dialog" role="dialog" aria-label="Peers found">
      <p>{connection.nodes[0]} names {found!.named} node{found!.named === 1 ? '' : 's'}; {fresh.length === 0 ? 'the profile lists them all already.' : 'not in this profile yet:'}</p>
      <ul>{fresh.map((n) => (
        <li key={n}><label className="inline"><input type="checkbox" checked={!skip.includes(n)}
          onChange={(e) => setSkip(e.target.checked ? skip.filter((x) => x !== n) : [...skip, n])} /> <code>{n}</code></label></li>
      ))}</ul>
      {fresh.length > 0 && <p className="hint">Nothing has been sent to these addresses. Adding them saves the profile and reconnects: the session
        cookie then goes to them too.</p>}
      <div className="buttons">
        {fresh.length > 0 && <button type="button" disabled={chosen.length === 0}
          onClick={() => { close(); void changeNodes([...connection.nodes, ...chosen]); }}>Add {chosen.length} to the profile and reconnect</button>}
        <button type="button" onClick={close}>{fresh.length > 0 ? 'Cancel' : 'Close'}</button>
      </div>
    </section>
  );
}

/** Two addresses that reach one node: its reads would be counted twice. */
export function DuplicateNodes(): React.JSX.Element | null {
  const { identity, connection, changeProfileNodes, dismissed, dismiss } = useAppStore(useShallow((s) => ({ identity: s.identity,
    connection: s.connection, changeProfileNodes: s.changeProfileNodes, dismissed: s.dismissed, dismiss: s.dismiss })));
  if (!identity || !connection) return null;
  const shown = identity.duplicates.filter((d) => !dismissed.includes(`dup:${d.nodeId}`));
  if (shown.length === 0) return null;
  return (
    <section className="banner" role="alert" aria-label="Same node twice">
      {shown.map((d) => (
        <div key={d.nodeId}>
          <strong>{d.nodes.join(' and ')} reach the same node ({d.nodeId}).</strong>{' '}
          Its reads are counted once per address, so they are {d.nodes.length === 2 ? 'doubled' : `counted ${d.nodes.length} times`} in this view.
          {connection.profile && !connection.profile.demo
            ? d.nodes.slice(1).map((n) => (
              <button key={n} type="button" onClick={() => void changeProfileNodes(connection.nodes.filter((x) => x !== n))}>Drop {n} from the profile</button>
            ))
            : <span> Remove one of them from the node list.</span>}
          <button type="button" aria-label="Dismiss" onClick={() => dismiss(`dup:${d.nodeId}`)}>×</button>
        </div>
      ))}
    </section>
  );
}
