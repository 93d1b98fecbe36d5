// Opening a view (demo, nodes, profile, snapshot, capture, comparison): the one way in, shared by
// the connection and files slices. The newest open wins over older ones still on their way.
import type { StoreApi } from 'zustand';
import type { CaptureInfo, IpcResponse, ProfileSummary, SnapshotInfo } from '../../../shared/ipc';
import { api } from '../api';
import { errorText as message } from '../errors';
import type { SecretRequest } from './connection';
import type { StoreInternals } from './internals';
import { nothingShown } from './round';
import type { Store } from './types';
import { restored } from './view';

export type Described = { label: string; key: string; accessKey: string | null; profile: ProfileSummary | null; warnings?: string[];
  snapshot?: SnapshotInfo | null; capture?: CaptureInfo | null;
  /** Keep the view this one was made from open, to go back to (a comparison). */
  keepPrevious?: boolean;
  /** How to ask for the secret again when the nodes refuse it before anything was shown (none: the Demo's is built in). */
  askSecret?: (reason: string) => SecretRequest };

/**
 * Open a connection, restore its saved view state, run the first round, then ask who is behind
 * each address. `open` returns null when it needs the user first.
 */
export async function openConnection<R extends IpcResponse<'open'>>(store: StoreApi<Store>, internals: StoreInternals,
  open: () => Promise<R | null>, describe: (r: R) => Described): Promise<void> {
  const { setState, getState } = store;
  const seq = ++internals.openSeq;
  setState({ connecting: true, connectError: null });
  try {
    const r = await open();
    if (!r) return;
    // Another open (a drop, File → Open, Replay) finished after this one started: it wins.
    if (seq !== internals.openSeq) { await api.close({ connectionId: r.connectionId }).catch(() => {}); return; }
    const { label, key, accessKey, profile, warnings = [], snapshot = null, capture = null, keepPrevious = false, askSecret } = describe(r);
    const previous = getState().connection;
    const behind = getState().behind;
    if (previous && !keepPrevious) void api.close({ connectionId: previous.id }).catch(() => {});
    // What the kept view showed besides its matrix, for going back to it.
    internals.aside = keepPrevious ? { identity: getState().identity, connectWarnings: getState().connectWarnings } : null;
    if (behind && behind.id !== previous?.id) void api.close({ connectionId: behind.id }).catch(() => {});
    setState({ behind: keepPrevious ? previous : null, connection: { id: r.connectionId, label, key, nodes: r.nodes, accessKey, profile, kind: r.kind, can: r.can, snapshot,
      capture: capture ? { ...capture, frame: capture.polls.length - 1 } : null },
      connectWarnings: [...r.warnings, ...warnings], identity: null, secretRequest: null, ...nothingShown(),
      ...restored(key, profile), ...(snapshot ? { series: snapshot.series } : {}), ...(!r.can.refresh ? { autoRefreshMs: 0 } : {}) });
    await getState().refresh();
    const id = r.connectionId;
    // The nodes refused the secret before anything was shown: no empty view (nor Export or Record
    // of nothing) stays; the secret is asked for again where it was typed, the reason said once.
    const first = getState().view;
    if (getState().connection?.id === id && first?.login?.credentialsRefused && first.matrixId === null) {
      await getState().disconnect();
      setState(askSecret ? { secretRequest: askSecret(first.login.error) } : { connectError: `the nodes refused the login: ${first.login.error}` });
      return;
    }
    if (!r.can.identify) return; // files have no nodes to ask
    void api.identify({ connectionId: id }).then((identity) => { if (getState().connection?.id === id) setState({ identity }); }).catch(() => {});
  } catch (err) {
    if (seq === internals.openSeq) setState({ connectError: message(err) });
  } finally {
    if (seq === internals.openSeq) setState({ connecting: false });
  }
}
