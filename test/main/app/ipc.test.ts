import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { type HandlersOf, type IpcEventLike, type IpcHandlers, type IpcMainLike, registerContract, registerIpc } from '../../../src/main/app/ipc';
import { trustedUrlCheck } from '../../../src/main/shell/security';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { IPC } from '../../../src/shared/ipc';
import { EVENT_CHANNELS, INVOKE_CHANNELS, type KeyVizBridge } from '../../../src/shared/ipc-channels';
import { createAppCore } from '../../../src/main/app/app-core';
import { testSecretBox } from '../../helpers/secret-box';

class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, (event: IpcEventLike, ...args: unknown[]) => unknown>();
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void { this.handlers.delete(channel); }
  call(channel: string, url: string | null, ...args: unknown[]): Promise<unknown> {
    const h = this.handlers.get(channel);
    if (!h) throw new Error(`no handler for ${channel}`);
    return Promise.resolve().then(() => h({ senderFrame: url === null ? null : { url } }, ...args));
  }
}

const APP = 'file:///opt/keyviz/out/renderer/index.html';
const unused = (): never => { throw new Error('not used in this test'); };
/** The demoStatus handler under test, and stand-ins for the other channels. */
const handlers = (demoStatus: IpcHandlers['demoStatus']): IpcHandlers =>
  ({ ...Object.fromEntries(Object.keys(IPC).map((name) => [name, unused])), demoStatus }) as IpcHandlers;
const trusted = trustedUrlCheck('/opt/keyviz/out/renderer/index.html');

describe('registerIpc', () => {
  test('answers our own page with a validated response', async () => {
    const ipc = new FakeIpcMain();
    registerIpc(ipc, handlers(() => ({ state: 'running', nodes: ['http://127.0.0.1:1234'], seed: 1 })), trusted);
    expect(await ipc.call(IPC.demoStatus.channel, APP)).toEqual({ state: 'running', nodes: ['http://127.0.0.1:1234'], seed: 1 });
    expect(await ipc.call(IPC.demoStatus.channel, `${APP}#/view`)).toMatchObject({ state: 'running' });
  });

  test('refuses other frames: remote pages, other files, no frame', async () => {
    const ipc = new FakeIpcMain();
    registerIpc(ipc, handlers(() => ({ state: 'starting' })), trusted);
    for (const url of ['https://evil.example/', 'file:///tmp/other.html', 'about:blank', '', null]) {
      await expect(ipc.call(IPC.demoStatus.channel, url)).rejects.toThrow(/untrusted frame/);
    }
  });

  test('refuses a malformed request and never sends a malformed response', async () => {
    const ipc = new FakeIpcMain();
    let calls = 0;
    registerIpc(ipc, handlers(() => { calls++; return { state: 'running', nodes: ['not a url'], seed: 1 }; }), trusted);
    await expect(ipc.call(IPC.demoStatus.channel, APP, { sneaky: true })).rejects.toThrow(/malformed request/);
    expect(calls).toBe(0);
    await expect(ipc.call(IPC.demoStatus.channel, APP)).rejects.toThrow();
    expect(calls).toBe(1);
  });

  test('the returned function removes every handler', () => {
    const ipc = new FakeIpcMain();
    const remove = registerIpc(ipc, handlers(() => ({ state: 'starting' })), trusted);
    expect(ipc.handlers.size).toBe(Object.keys(IPC).length);
    remove();
    expect(ipc.handlers.size).toBe(0);
  });
});

type Listener = (...args: unknown[]) => unknown;

/** The built preload (what the sandbox runs) with a stand-in electron: the bridge it exposes and what it asked of ipcRenderer. */
function loadPreload(): { bridge: KeyVizBridge; invoked: unknown[][]; subscribed: Map<string, Listener> } {
  const src = readFileSync(resolve(import.meta.dirname, '../../../out/preload/index.js'), 'utf8');
  const invoked: unknown[][] = [];
  const subscribed = new Map<string, Listener>();
  let bridge: KeyVizBridge | null = null;
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: KeyVizBridge) => { if (key === 'keyviz') bridge = api; } },
    ipcRenderer: {
      invoke: (...args: unknown[]) => { invoked.push(args); return Promise.resolve('answer'); },
      on: (channel: string, h: Listener) => { subscribed.set(channel, h); },
      removeListener: (channel: string, h: Listener) => { if (subscribed.get(channel) === h) subscribed.delete(channel); },
    },
    webUtils: { getPathForFile: () => '/dropped' },
  };
  // A sandboxed preload may require electron only; anything else here is a local chunk the sandbox cannot load.
  const sandboxRequire = (id: string): unknown => {
    if (id === 'electron') return electron;
    throw new Error(`the preload requires ${id}`);
  };
  new Function('require', 'module', 'exports', src)(sandboxRequire, { exports: {} }, {});
  if (!bridge) throw new Error('the preload exposed no window.keyviz');
  return { bridge, invoked, subscribed };
}

describe('a new call', () => {
  // What adding a call takes: one entry in the contract (its channel and schemas), one handler, and its use.
  const CONTRACT = {
    ...IPC,
    echo: { channel: 'test:echo', request: z.object({ text: z.string().max(10) }), response: z.object({ text: z.string(), length: z.number() }) },
  };

  test('is one contract entry and one handler: registered, validated both ways, sender checked', async () => {
    const ipc = new FakeIpcMain();
    const all: HandlersOf<typeof CONTRACT> = { ...handlers(unused), echo: (req) => ({ text: req.text, length: req.text.length }) };
    registerContract(ipc, CONTRACT, all, trusted);
    expect(await ipc.call('test:echo', APP, { text: 'hot' })).toEqual({ text: 'hot', length: 3 });
    await expect(ipc.call('test:echo', APP, { text: 'far too long a text' })).rejects.toThrow(/test:echo: malformed request/);
    await expect(ipc.call('test:echo', 'https://evil.example/', { text: 'hot' })).rejects.toThrow(/untrusted frame/);
    // Every other call of the contract is still there.
    expect(ipc.handlers.size).toBe(Object.keys(IPC).length + 1);
  });

  test('without its handler does not compile, and a wrong answer never leaves main', async () => {
    // @ts-expect-error: `echo` has no handler
    const missing: HandlersOf<typeof CONTRACT> = { ...handlers(unused) };
    void missing;
    const ipc = new FakeIpcMain();
    // @ts-expect-error: the answer does not match the contract's response
    registerContract(ipc, CONTRACT, { ...handlers(unused), echo: () => ({ text: 1 }) }, trusted);
    await expect(ipc.call('test:echo', APP, { text: 'x' })).rejects.toThrow();
  });
});

describe('the preload', () => {
  test('passes contract names to their channels and refuses any other name', async () => {
    const { bridge, invoked } = loadPreload();
    expect(await bridge.invoke('fetch', { connectionId: 'c1' })).toBe('answer');
    expect(await bridge.invoke('demoStatus')).toBe('answer');
    expect(invoked).toEqual([['cluster:fetch', { connectionId: 'c1' }], ['demo:status']]);
    for (const name of ['nope', 'toString', '__proto__', 'hasOwnProperty', 'cluster:fetch', 'progress']) {
      await expect(bridge.invoke(name as never, {})).rejects.toThrow(/keyviz bridge: unknown call/);
    }
    expect(invoked).toHaveLength(2);
  });

  test('subscribes to the event channels only, and unsubscribes', () => {
    const { bridge, subscribed } = loadPreload();
    const got: unknown[] = [];
    const off = bridge.on('progress', (p) => got.push(p));
    subscribed.get('cluster:progress')!({}, { x: 1 });
    expect(got).toEqual([{ x: 1 }]);
    off();
    expect(subscribed.size).toBe(0);
    for (const name of ['nope', 'constructor', '__proto__', 'fetch', 'cluster:progress']) {
      expect(() => bridge.on(name as never, () => {})).toThrow(/keyviz bridge: unknown event/);
    }
    expect(subscribed.size).toBe(0);
    expect(bridge.pathForFile?.({} as File)).toBe('/dropped');
  });
});

describe('the channel list', () => {
  test('every contract name has its channel and a handler; channels are distinct', () => {
    expect(Object.keys(INVOKE_CHANNELS).sort()).toEqual(Object.keys(IPC).sort());
    for (const [name, spec] of Object.entries(IPC)) expect(spec.channel).toBe(INVOKE_CHANNELS[name as keyof typeof INVOKE_CHANNELS]);
    const all = [...Object.values(INVOKE_CHANNELS), ...Object.values(EVENT_CHANNELS)];
    expect(new Set(all).size).toBe(all.length);
    const core = createAppCore({ userDataDir: mkdtempSync(join(tmpdir(), 'keyviz-ipc-')), box: testSecretBox(),
      dialogs: { saveFile: async () => null, openFile: async () => null } });
    expect(Object.keys(core.handlers).sort()).toEqual(Object.keys(IPC).sort());
    for (const h of Object.values(core.handlers)) expect(typeof h).toBe('function');
  });
});

describe('trustedUrlCheck', () => {
  test('in development only the dev server origin is trusted', () => {
    const dev = trustedUrlCheck('/opt/keyviz/out/renderer/index.html', 'http://localhost:5173/');
    expect(dev('http://localhost:5173/index.html')).toBe(true);
    expect(dev('http://localhost:5174/')).toBe(false);
    expect(dev(APP)).toBe(false);
    expect(dev('garbage')).toBe(false);
  });
});
