// A `window.keyviz` for renderer tests without a main process: the same generic invoke/on as the
// preload, answered from a table of handlers by contract name. Defaults: the Demo profile alone in
// the list, no identities; every other call is refused (so a test notices it).
import { EVENT_CHANNELS, type EventName, INVOKE_CHANNELS, type InvokeName, type KeyVizBridge } from '../../../src/shared/ipc-channels';

export const DEMO_SUMMARY = {
  id: 'demo', name: 'Demo cluster', nodes: ['demo'], accessKey: 'keyviz-demo', timeoutMs: 2000, maxBodyBytes: 67108864, tls: {},
  allowPlaintext: false, view: { series: 'writes', rows: 1024, rangeMs: null, autoRefreshMs: 0 }, color: '#2e9d57',
  createdAt: '1970-01-01T00:00:00Z', updatedAt: '1970-01-01T00:00:00Z', demo: true, rememberedSecret: false,
};

/** A stand-in for one contract call: gets the request (nothing for calls without one). */
export type FakeCall = (req: unknown) => Promise<unknown>;
export type FakeCalls = Partial<Record<InvokeName, FakeCall>>;
/** A stand-in for subscribing to one event: returns the unsubscribe. */
export type FakeEvents = Partial<Record<EventName, (listener: (payload: unknown) => void) => () => void>>;

const DEFAULTS: FakeCalls = {
  close: () => Promise.resolve(null),
  cell: () => Promise.resolve(null),
  recentFiles: () => Promise.resolve({ files: [], error: null }),
  startup: () => Promise.resolve({ openFile: null }),
  stopCapture: () => Promise.resolve(null),
  captureStatus: () => Promise.resolve(null),
  identify: () => Promise.resolve({ nodes: [], duplicates: [] }),
  balance: () => Promise.resolve({ state: 'unavailable', why: { reason: 'nothing-on-screen' } }),
  served: () => Promise.resolve({ state: 'unavailable', why: { reason: 'nothing-on-screen' } }),
  profiles: () => Promise.resolve({ profiles: [DEMO_SUMMARY], storeError: null, migratedFrom: null,
    secretStorage: { available: true, weak: false, backend: 'test' }, secretsError: null }),
};

export function fakeBridge(calls: FakeCalls, events: FakeEvents = {}): KeyVizBridge {
  const table: FakeCalls = { ...DEFAULTS, ...calls };
  return {
    invoke: (name, req) => {
      if (!Object.hasOwn(INVOKE_CHANNELS, name)) return Promise.reject(new Error(`keyviz bridge: unknown call ${JSON.stringify(name)}`));
      const call = table[name];
      if (!call) return Promise.reject(new Error(`${name}: not expected in this test`));
      // A call without a request reaches its stand-in with no argument, as the per-method bridge did.
      return req === undefined ? (call as () => Promise<unknown>)() : call(req);
    },
    on: (event, listener) => {
      if (!Object.hasOwn(EVENT_CHANNELS, event)) throw new Error(`keyviz bridge: unknown event ${JSON.stringify(event)}`);
      return events[event]?.(listener) ?? (() => {});
    },
  };
}
