// The Electron entry under a mocked `electron` module: window security, navigation and popup
// denial, IPC registration, and the Demo cluster's lifecycle, with a real simulated cluster.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, test, vi } from 'vitest';
import { http } from '../../helpers/http';

type Listener = (...args: unknown[]) => unknown;

const electron = vi.hoisted(() => {
  const appListeners = new Map<string, Listener[]>();
  const windows: Array<{ options: Record<string, unknown>; loaded: string[]; openHandler?: Listener; listeners: Map<string, Listener> }> = [];
  const ipcHandlers = new Map<string, Listener>();
  let resolveReady: () => void = () => {};
  const ready = new Promise<void>((r) => { resolveReady = r; });
  class BrowserWindow {
    static getAllWindows(): unknown[] { return windows; }
    readonly webContents;
    constructor(options: Record<string, unknown>) {
      const record = { options, loaded: [] as string[], openHandler: undefined as Listener | undefined, listeners: new Map<string, Listener>() };
      windows.push(record);
      this.webContents = {
        setWindowOpenHandler: (h: Listener) => { record.openHandler = h; },
        on: (ev: string, h: Listener) => { record.listeners.set(ev, h); },
        send: (channel: string, payload: unknown) => { sent.push([channel, payload]); },
      };
      this.loadFile = (f: string) => { record.loaded.push(f); return Promise.resolve(); };
      this.loadURL = (u: string) => { record.loaded.push(u); return Promise.resolve(); };
    }
    loadFile: (f: string) => Promise<void>;
    loadURL: (u: string) => Promise<void>;
    once(): void {}
    show(): void {}
  }
  const paths = { userData: '' };
  // A stand-in for the OS keyring: reversible, but never the clear text.
  const encryptString = vi.fn((plain: string) => Buffer.from(`sealed:${Buffer.from(plain).toString('hex').split('').reverse().join('')}`));
  const decryptString = vi.fn((data: Buffer) => Buffer.from(data.toString().slice(7).split('').reverse().join(''), 'hex').toString());
  const sent: Array<[string, unknown]> = [];
  const menus: Array<{ template: Array<{ label?: string; submenu?: Array<{ label?: string; click?: () => void; accelerator?: string; registerAccelerator?: boolean }> }> }> = [];
  const quit = vi.fn();
  const exit = vi.fn();
  const openExternal = vi.fn();
  return {
    appListeners, windows, ipcHandlers, resolveReady, quit, exit, openExternal, paths, encryptString, decryptString, sent, menus,
    module: {
      app: {
        isPackaged: false,
        whenReady: () => ready,
        on: (ev: string, h: Listener) => { appListeners.set(ev, [...(appListeners.get(ev) ?? []), h]); },
        quit,
        exit,
        getPath: (name: string) => {
          if (name !== 'userData') throw new Error(`unexpected getPath(${name})`);
          return paths.userData;
        },
      },
      safeStorage: { isEncryptionAvailable: () => true, getSelectedStorageBackend: () => 'gnome_libsecret', encryptString, decryptString },
      dialog: { showSaveDialog: () => Promise.resolve({ canceled: true }), showOpenDialog: () => Promise.resolve({ canceled: true, filePaths: [] }) },
      BrowserWindow,
      ipcMain: { handle: (c: string, h: Listener) => { ipcHandlers.set(c, h); }, removeHandler: (c: string) => { ipcHandlers.delete(c); } },
      shell: { openExternal },
      Menu: {
        buildFromTemplate: (template: (typeof menus)[number]['template']) => ({ template }),
        setApplicationMenu: (m: (typeof menus)[number]) => { menus.push(m); },
      },
    },
  };
});

vi.mock('electron', () => ({ ...electron.module, default: electron.module }));

beforeAll(async () => {
  delete process.env.ELECTRON_RENDERER_URL;
  delete process.env.KEYVIZ_INSPECTOR_PROFILES;
  electron.paths.userData = mkdtempSync(join(tmpdir(), 'keyviz-app-test-'));
  await import('../../../src/main/shell/index');
  electron.resolveReady();
  // Wait until the window exists: whenReady → IPC → demo cluster → window.
  await vi.waitFor(() => expect(electron.windows).toHaveLength(1), { timeout: 10_000 });
});

describe('main process', () => {
  test('the window is isolated, sandboxed, without Node, with our preload', () => {
    const prefs = electron.windows[0]!.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(String(prefs.preload)).toMatch(/preload[\\/]index\.js$/);
    expect(electron.windows[0]!.loaded[0]).toMatch(/renderer[\\/]index\.html$/);
  });

  test('popups are denied; https links go to the system browser, others nowhere', () => {
    const open = electron.windows[0]!.openHandler!;
    expect(open({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(electron.openExternal).toHaveBeenCalledWith('https://example.com/');
    expect(open({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(electron.openExternal).toHaveBeenCalledTimes(1);
  });

  test('navigation away from the app page is prevented', () => {
    const nav = electron.windows[0]!.listeners.get('will-navigate')!;
    const away = { preventDefault: vi.fn() };
    nav(away, 'https://evil.example/');
    expect(away.preventDefault).toHaveBeenCalled();
  });

  test('webviews can never be attached', () => {
    const contents = { on: vi.fn() };
    for (const h of electron.appListeners.get('web-contents-created') ?? []) h({}, contents);
    const [event, handler] = contents.on.mock.calls[0] as [string, Listener];
    expect(event).toBe('will-attach-webview');
    const e = { preventDefault: vi.fn() };
    handler(e);
    expect(e.preventDefault).toHaveBeenCalled();
  });

  test('File → Open and Export go to the window as commands; their shortcuts stay with the page', () => {
    const file = electron.menus[0]!.template.find((m) => m.label === 'File')!.submenu!;
    const open = file.find((i) => i.label === 'Open Snapshot or Capture…')!;
    expect(open).toMatchObject({ accelerator: 'CmdOrCtrl+O', registerAccelerator: false });
    open.click!();
    file.find((i) => i.label === 'Export Snapshot…')!.click!();
    expect(electron.sent).toEqual([['menu:command', 'open'], ['menu:command', 'exportSnapshot']]);
  });

  test('a remembered secret goes through safeStorage into user data, never in clear, and reconnects alone', async () => {
    const from = { senderFrame: { url: pathToFileURL(electron.windows[0]!.loaded[0]!).href } };
    const call = (channel: string, req?: unknown) => electron.ipcHandlers.get(channel)!(from, req);
    const demo = await call('demo:status') as { nodes: string[] };
    const { id } = await call('profiles:save', { id: null, profile: { name: 'rig', nodes: demo.nodes, accessKey: 'keyviz-demo' } }) as { id: string };
    expect(await call('profiles:connect', { id })).toMatchObject({ state: 'need-secret', refused: false });
    const secret = 'keyviz-demo-secret';
    const opened = await call('profiles:connect', { id, secret, remember: true }) as { state: string; connectionId: string; profile: { rememberedSecret: boolean } };
    expect(opened).toMatchObject({ state: 'open', rememberError: null, profile: { rememberedSecret: true } });
    expect(electron.encryptString).toHaveBeenCalledWith(secret);
    await call('cluster:close', { connectionId: opened.connectionId });
    expect(await call('profiles:connect', { id })).toMatchObject({ state: 'open' });
    expect(electron.decryptString).toHaveBeenCalled();
    for (const f of readdirSync(electron.paths.userData)) expect(readFileSync(join(electron.paths.userData, f), 'utf8')).not.toContain(secret);
    expect(readdirSync(electron.paths.userData).sort()).toEqual(['profiles.json', 'secrets.json']);
  });

  test('the Demo cluster runs in-process and its status reaches only our page, with no secret', async () => {
    const handler = electron.ipcHandlers.get('demo:status')!;
    const status = await handler({ senderFrame: { url: pathToFileURL(electron.windows[0]!.loaded[0]!).href } }) as { state: string; nodes: string[] };
    expect(status.state).toBe('running');
    expect(status.nodes).toHaveLength(3);
    expect(JSON.stringify(status)).not.toMatch(/secret|keyviz-demo/);
    expect((await http(`${status.nodes[0]}/admin/healthz`)).text).toBe('ok\n');
    await expect(Promise.resolve().then(() => handler({ senderFrame: { url: 'https://evil.example/' } }))).rejects.toThrow();

    // Quitting stops the cluster before the app leaves.
    const quitting = { preventDefault: vi.fn() };
    for (const h of electron.appListeners.get('will-quit') ?? []) h(quitting);
    expect(quitting.preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(electron.quit).toHaveBeenCalled());
    await expect(http(`${status.nodes[0]}/admin/healthz`)).rejects.toThrow();
  });
});
