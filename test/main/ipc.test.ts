import { describe, expect, test } from 'vitest';
import { type IpcEventLike, type IpcHandlers, type IpcMainLike, registerIpc } from '../../src/main/ipc';
import { trustedUrlCheck } from '../../src/main/security';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CAPTURE_CHANNEL, IPC, MENU_CHANNEL, PROGRESS_CHANNEL } from '../../src/shared/ipc';

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

describe('the preload', () => {
  test('uses exactly the contract\'s channels (it cannot import the contract into the sandbox)', () => {
    const preload = readFileSync(resolve(import.meta.dirname, '../../src/preload/index.ts'), 'utf8');
    const used = new Set([...preload.matchAll(/'((?:demo|cluster|profiles|view|snapshot|app|capture|menu):[a-z-]+)'/g)].map((m) => m[1]));
    expect([...used].sort()).toEqual([...Object.values(IPC).map((c) => c.channel), PROGRESS_CHANNEL, CAPTURE_CHANNEL, MENU_CHANNEL].sort());
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
