// The built main bundle (out/main/index.js, what Electron runs) loaded in plain Node with a
// mocked `electron`: it starts, hardens its window, registers every IPC channel, serves the
// Demo cluster through them, and shuts everything down on quit.
import { cpSync, existsSync, rmSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { IPC } from '../../src/shared/ipc';

type Listener = (...args: unknown[]) => unknown;
// A copy inside the project (so the bundle still finds node_modules): another test rebuilds out/.
const COPY = resolve(import.meta.dirname, `../../.test-results/bundle-${process.pid}`);
for (const part of ['main', 'preload', 'renderer']) {
  cpSync(resolve(import.meta.dirname, `../../out/${part}`), resolve(COPY, 'out', part), { recursive: true });
}
const BUNDLE = resolve(COPY, 'out/main/index.js');
const USER_DATA = resolve(COPY, 'user-data');

const windows: Array<{ options: { webPreferences: Record<string, unknown> }; loaded: string[]; events: Map<string, Listener>; openHandler?: Listener }> = [];
const handlers = new Map<string, Listener>();
const appEvents = new Map<string, Listener[]>();
let readyResolve: () => void = () => {};
let quitCalls = 0;
const exitCodes: number[] = [];

const electronMock = {
  app: {
    isPackaged: true,
    whenReady: () => new Promise<void>((r) => { readyResolve = r; }),
    on: (ev: string, h: Listener) => { appEvents.set(ev, [...(appEvents.get(ev) ?? []), h]); },
    quit: () => { quitCalls++; },
    exit: (code: number) => { exitCodes.push(code); },
    getPath: () => USER_DATA,
  },
  safeStorage: { isEncryptionAvailable: () => false, getSelectedStorageBackend: () => 'unknown' },
  Menu: { buildFromTemplate: (t: unknown) => ({ t }), setApplicationMenu: () => {} },
  dialog: {},
  BrowserWindow: class {
    static getAllWindows(): unknown[] { return windows; }
    webContents: object;
    constructor(options: { webPreferences: Record<string, unknown> }) {
      const w = { options, loaded: [] as string[], events: new Map<string, Listener>(), openHandler: undefined as Listener | undefined };
      windows.push(w);
      this.webContents = { setWindowOpenHandler: (h: Listener) => { w.openHandler = h; }, on: (ev: string, h: Listener) => { w.events.set(ev, h); } };
      this.loadFile = (f: string) => { w.loaded.push(f); return Promise.resolve(); };
    }
    loadFile: (f: string) => Promise<void>;
    loadURL(): Promise<void> { return Promise.resolve(); }
    on(): void {}
    once(): void {}
    show(): void {}
  },
  ipcMain: { handle: (c: string, h: Listener) => { handlers.set(c, h); }, removeHandler: (c: string) => { handlers.delete(c); } },
  shell: { openExternal: () => Promise.resolve() },
};

const M = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
const originalLoad = M._load;
afterAll(() => {
  M._load = originalLoad;
  rmSync(COPY, { recursive: true, force: true });
});

describe('built main bundle under a mocked electron', () => {
  test('starts, hardens the window, serves the Demo cluster over every IPC channel, and quits cleanly', async () => {
    expect(existsSync(BUNDLE)).toBe(true);
    M._load = function load(request: string, ...rest: unknown[]) {
      return request === 'electron' ? electronMock : originalLoad.call(this, request, ...rest);
    };
    createRequire(import.meta.url)(BUNDLE);
    readyResolve();
    await expect.poll(() => windows.length, { timeout: 10_000 }).toBe(1);

    // The entry reports a failed start by exiting: it started.
    expect(exitCodes).toEqual([]);
    const w = windows[0]!;
    expect(w.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    const preload = String(w.options.webPreferences.preload);
    const page = w.loaded[0]!;
    for (const f of [preload, page, resolve(dirname(BUNDLE), 'parse-worker.js')]) expect(existsSync(f), f).toBe(true);
    expect([...handlers.keys()].sort()).toEqual(Object.values(IPC).map((c) => c.channel).sort());

    const from = { senderFrame: { url: pathToFileURL(page).href } };
    const demo = await handlers.get('demo:status')!(from) as { state: string };
    expect(demo.state).toBe('running');
    const { connectionId } = await handlers.get('cluster:open-demo')!(from) as { connectionId: string };
    const view = await handlers.get('cluster:fetch')!(from, { connectionId, series: 'reads', rows: 50, fromMs: null, toMs: null }) as
      { outcome: string; matrix: { values: Float64Array } };
    expect(view.outcome, JSON.stringify(view).slice(0, 1500)).toBe('complete');
    expect(view.matrix.values).toBeInstanceOf(Float64Array);
    await expect(Promise.resolve().then(() => handlers.get('demo:status')!({ senderFrame: { url: 'https://evil.example/' } }))).rejects.toThrow(/untrusted/);

    const quitting = { preventDefault: () => {} };
    for (const h of appEvents.get('will-quit') ?? []) h(quitting);
    await expect.poll(() => quitCalls, { timeout: 10_000 }).toBe(1);
  }, 30_000);
});
