// The store's reset: every slice's fields and what the store keeps outside React state (open and
// round bookkeeping, the matrices) come back as a fresh store has them; the actions stay.
import { beforeEach, describe, expect, test } from 'vitest';
import type { ViewMatrix } from '../../../src/shared/ipc';
import { createAppStore, type Store, type StoreData } from '../../../src/renderer/src/store';
import type { StoreInternals } from '../../../src/renderer/src/store/internals';
import { fakeBridge } from '../support/fake-bridge';
import { LIVE } from '../../helpers/view-kinds';

beforeEach(() => localStorage.clear());

const dataOf = (s: Store): Record<string, unknown> =>
  Object.fromEntries(Object.entries(s).filter(([, v]) => typeof v !== 'function'));

const matrix = (): ViewMatrix => ({ series: 'reads', generatedAt: null, columns: Float64Array.from([1]), rows: [], values: new Float64Array(0), conflicts: new Uint8Array(0), handovers: new Uint8Array(0) });

const PROFILE = { id: 'p1', name: 'prod', nodes: ['https://a:1'], accessKey: 'ops', timeoutMs: 2000, maxBodyBytes: 1 << 20, tls: {}, allowPlaintext: false,
  view: { series: 'reads' as const, rows: 10, rangeMs: null, autoRefreshMs: 0 as const }, color: '#aa0000', createdAt: 't', updatedAt: 't',
  demo: false, rememberedSecret: false };
const CONNECTION = { id: 'c1', label: 'x', key: 'x', nodes: ['https://a:1'], accessKey: 'ops', profile: PROFILE, ...LIVE, snapshot: null, capture: null };
const NODE = { node: 'https://a:1', ok: true, elapsed_ms: 1, bytes: 1, warnings: [] };
const REC = { path: '/tmp/r.kvcap', polls: 2, segments: [], fileBytes: 9, ended: null, error: null };

/** A value other than the initial one for every field of every slice (a field missing here does not compile). */
const changed: StoreData = {
  demo: { state: 'unavailable', error: 'down' },
  connection: CONNECTION,
  behind: { ...CONNECTION, id: 'c0' },
  secretRequest: { profile: PROFILE, reason: 'none remembered', refused: false },
  identity: { nodes: [], duplicates: [] },
  connecting: true,
  connectError: 'refused',
  connectWarnings: ['plain http'],
  progress: [NODE],
  inFlight: true,
  view: { outcome: 'complete', nodes: [NODE], fanout: { nodes: [], responded: 1, expected: 1 }, warnings: [], elapsedMs: 1, login: null,
    events: [], eventsOmitted: 0, missing: null, matrixId: 1 },
  stale: true,
  error: 'busy',
  series: 'reads',
  rows: 7,
  autoRefreshMs: 5000,
  range: { kind: 'window', fromMs: 1, toMs: 2 },
  scale: 'linear',
  brightness: 2,
  showConflicts: false,
  zoom: { r0: 0, r1: 1, c0: 0, c1: 1 },
  zoomHistory: [null],
  theme: 'dark',
  helpOpen: true,
  dismissed: ['plain http'],
  collapsed: ['0\u0000redis'],
  queryBack: [{ range: { kind: 'last', ms: null }, zoom: null, zoomHistory: [] }],
  pendingZoom: { range: { kind: 'last', ms: null }, zoom: null, zoomHistory: [] },
  hover: { row: 1, col: 2 },
  hoverGroup: { key: '0\u0000redis', col: 1, columnMs: 1 },
  pinnedGroup: { key: '0\u0000redis', col: 2, columnMs: 2 },
  pinned: { row: 3, col: 4, bucketId: 'route:1', columnMs: 1 },
  pinLost: { bucketId: 'route:2', columnMs: 1, why: 'row' },
  hotKeys: { for: { bucketId: 'route:1', columnMs: 1 }, token: {}, view: null, error: null, loading: true },
  hotKeysTop: 50,
  detail: { bucketId: 'route:1', columnMs: 1, windowStartMs: null, value: 1, group: 1, term: 1, conflict: false, explanation: null,
    leadershipChange: null, nodes: [] },
  fileNotice: 'Exported',
  fileError: 'disk full',
  recording: REC,
  stopping: true,
  peersFound: { connectionId: 'c1', nodes: ['https://b:2'], named: 2 },
  peersError: { connectionId: 'c1', text: 'no' },
  findingPeers: true,
  profileList: { profiles: [PROFILE], storeError: null, migratedFrom: null, secretStorage: { available: true, weak: false, backend: 't' }, secretsError: null },
  profileError: 'bad name',
  profileNotice: 'Saved',
  editing: { id: null, draft: { ...PROFILE } },
  importStep: { kind: 'clash', token: 't', name: 'prod' },
  balance: { connectionId: 'c1', matrixId: 1, span: '', answer: { state: 'unavailable', why: { reason: 'comparison' } } },
  balanceError: { connectionId: 'c1', text: 'no' },
  balanceOpen: true,
};

/** Every holder outside React state, changed (a field missing here fails the key check below). */
function touchInternals(i: StoreInternals): void {
  i.openSeq = 5;
  i.aside = { identity: null, connectWarnings: ['w'] };
  i.reloadWanted = true;
  i.inFlightFor = 'c1';
  i.matrices.put(matrix());
}

describe('store reset', () => {
  test('restores every slice and the internals to a fresh store\'s, and keeps the actions', () => {
    const store = createAppStore();
    const fresh = createAppStore();
    const initial = dataOf(fresh.getState());
    // The change touches every field, and each one really changes.
    expect(Object.keys(changed).sort()).toEqual(Object.keys(initial).sort());
    for (const [k, v] of Object.entries(changed)) expect([k, v]).not.toEqual([k, initial[k]]);
    expect(Object.keys(store.internals).sort()).toEqual(['aside', 'inFlightFor', 'matrices', 'openSeq', 'reloadWanted']);

    const actions = Object.entries(store.getState()).filter(([, v]) => typeof v === 'function');
    store.setState(changed);
    touchInternals(store.internals);
    const matrixId = store.internals.matrices.put(matrix());
    expect(dataOf(store.getState())).not.toEqual(initial);
    expect(store.internals).not.toEqual(fresh.internals);

    const seqBefore = store.internals.openSeq;
    store.getState().reset();
    expect(dataOf(store.getState())).toEqual(initial);
    // As a fresh store's, but the counters never count back: nothing from before the reset passes for what comes after.
    const { openSeq, matrices: _m, ...rest } = store.internals;
    const { openSeq: _freshSeq, matrices: _fm, ...freshRest } = fresh.internals;
    expect(rest).toEqual(freshRest);
    expect(openSeq).toBeGreaterThan(seqBefore);
    expect(store.internals.matrices.get(matrixId)).toBeNull();
    expect(store.internals.matrices.put(matrix())).toBeGreaterThan(matrixId);
    expect(Object.entries(store.getState()).filter(([, v]) => typeof v === 'function')).toEqual(actions);
  });

  test('a reload asked in one session does not run in the next (the bookkeeping is reset too)', async () => {
    const store = createAppStore();
    store.internals.reloadWanted = true; // a round was asked while another loaded, then the test (or view) ended
    store.getState().reset();
    let fetches = 0;
    window.keyviz = fakeBridge({
      openDemo: () => Promise.resolve({ connectionId: 'c1', ...LIVE, nodes: ['n1'], warnings: [] }),
      fetch: () => { fetches++; return Promise.reject(new Error('offline')); },
    });
    try {
      // A wanted reload starts its fetch as the first round ends, before connectDemo resolves.
      await store.getState().connectDemo();
      expect(fetches).toBe(1);
    } finally {
      delete window.keyviz;
    }
  });

  test('an open still on its way when the store is reset never becomes the connection after it', async () => {
    const store = createAppStore();
    const answers: Array<(v: unknown) => void> = [];
    const closed: unknown[] = [];
    window.keyviz = fakeBridge({
      openDemo: () => new Promise((r) => { answers.push(r); }),
      close: (req) => { closed.push(req); return Promise.resolve(null); },
      fetch: () => Promise.reject(new Error('offline')),
    });
    try {
      const late = store.getState().connectDemo();
      store.getState().reset();
      // The next session opens too; the earlier open answers first.
      const next = store.getState().connectDemo();
      answers[0]!({ connectionId: 'late', ...LIVE, nodes: ['n1'], warnings: [] });
      await late;
      expect(store.getState().connection).toBeNull();
      expect(closed).toEqual([{ connectionId: 'late' }]);
      answers[1]!({ connectionId: 'next', ...LIVE, nodes: ['n1'], warnings: [] });
      await next;
      expect(store.getState().connection).toMatchObject({ id: 'next' });
    } finally {
      delete window.keyviz;
    }
  });
});
