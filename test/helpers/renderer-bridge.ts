// The test transport for end-to-end tests: the built renderer in Chromium gets a `window.keyviz`
// whose calls reach the real IPC handlers (with their sender check and zod validation) in this
// Node process through a Playwright binding. Typed arrays travel base64-encoded, both ways.
import type { Page } from 'playwright-core';
import { type IpcEventLike, type IpcHandlers, type IpcMainLike, registerIpc } from '../../src/main/app/ipc';
import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../../src/shared/ipc-channels';

type Listener = (event: IpcEventLike, ...args: unknown[]) => unknown;

const TYPED = { Float64Array, Uint8Array, Uint32Array, Int32Array } as const;

function encode(v: unknown): unknown {
  for (const [name, T] of Object.entries(TYPED)) {
    if (v instanceof T) return { __typed: name, data: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
  }
  if (Array.isArray(v)) return v.map(encode);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encode(x)]));
  return v;
}

/** `window.keyviz` as the preload builds it: the generic invoke/on over the channel list, refusing other names. */
const INIT = (): string => `(() => {
  const INVOKE = ${JSON.stringify(INVOKE_CHANNELS)};
  const EVENTS = ${JSON.stringify(EVENT_CHANNELS)};
  const decode = (v) => {
    if (Array.isArray(v)) return v.map(decode);
    if (v && typeof v === 'object') {
      if (v.__typed) {
        const bin = atob(v.data); const bytes = new Uint8Array(bin.length);
        for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
        return new globalThis[v.__typed](bytes.buffer);
      }
      for (const k of Object.keys(v)) v[k] = decode(v[k]);
    }
    return v;
  };
  const encode = (v) => {
    if (v instanceof Uint8Array) { let bin = ''; for (const b of v) bin += String.fromCharCode(b); return { __typed: 'Uint8Array', data: btoa(bin) }; }
    if (Array.isArray(v)) return v.map(encode);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encode(x)]));
    return v;
  };
  const call = async (channel, arg) => decode(await window.__keyvizInvoke(channel, arg === undefined ? null : encode(arg)));
  const listeners = new Map(Object.values(EVENTS).map((channel) => [channel, new Set()]));
  window.__keyvizEvent = (channel, payload) => { for (const l of listeners.get(channel) ?? []) l(decode(payload)); };
  window.keyviz = {
    invoke: (name, req) => (typeof name === 'string' && Object.hasOwn(INVOKE, name) ? call(INVOKE[name], req)
      : Promise.reject(new Error('keyviz bridge: unknown call ' + JSON.stringify(name)))),
    on: (event, l) => {
      if (typeof event !== 'string' || !Object.hasOwn(EVENTS, event)) throw new Error('keyviz bridge: unknown event ' + JSON.stringify(event));
      const set = listeners.get(EVENTS[event]);
      set.add(l);
      return () => { set.delete(l); };
    },
  };
})();`;

/** Typed arrays from the page (base64 across the binding) back to their type. */
function decode(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decode);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.__typed === 'string' && typeof o.data === 'string') {
      const T = TYPED[o.__typed as keyof typeof TYPED];
      const bytes = Buffer.from(o.data, 'base64');
      return new T(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    }
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, decode(x)]));
  }
  return v;
}

export async function installBridge(page: Page, handlers: IpcHandlers, isTrustedUrl: (url: string) => boolean): Promise<void> {
  const listeners = new Map<string, Listener>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => { listeners.set(channel, listener); },
    removeHandler: (channel) => { listeners.delete(channel); },
  };
  registerIpc(ipcMain, handlers, isTrustedUrl);
  await page.exposeBinding('__keyvizInvoke', async (source, channel: string, arg: unknown) => {
    const listener = listeners.get(channel);
    if (!listener) throw new Error(`no handler for ${channel}`);
    const sender = {
      send: (ch: string, payload: unknown) => {
        void source.page.evaluate(([c, p]) => (globalThis as unknown as { __keyvizEvent(c: unknown, p: unknown): void }).__keyvizEvent(c, p),
          [ch, encode(payload)] as const).catch(() => {});
      },
    };
    const out = await listener({ senderFrame: { url: source.frame.url() }, sender }, arg === null ? undefined : decode(arg));
    return encode(out);
  });
  await page.addInitScript(INIT());
}
