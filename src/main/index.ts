// Electron entry: app lifecycle, the window and its security, IPC registration, and Electron's
// pieces for the core (safeStorage, native dialogs). Thin on purpose: the work happens in
// app-core and ./core (no Electron there).
import { join, resolve } from 'node:path';
import { version } from '../../package.json';
import { app, BrowserWindow, dialog, ipcMain, Menu, safeStorage, shell } from 'electron';
import { PROFILES_ENV } from './core/profiles';
import type { SecretBox } from './core/secrets/store';
import { createAppCore } from './app-core';
import { registerIpc } from './ipc';
import type { MenuCommand } from '../shared/ipc';
import { EVENT_CHANNELS } from '../shared/ipc-channels';
import { SECURE_WEB_PREFERENCES, trustedUrlCheck } from './security';
import { errorText } from '../shared/error-text';

const rendererFile = join(__dirname, '../renderer/index.html');
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const isTrustedUrl = trustedUrlCheck(rendererFile, devServerUrl);

/** Electron's safeStorage: the OS keychain (macOS), DPAPI (Windows), a keyring or basic_text (Linux). */
const safeStorageBox: SecretBox = {
  available: () => safeStorage.isEncryptionAvailable(),
  backend: () => (process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : process.platform === 'darwin' ? 'keychain' : 'dpapi'),
  encrypt: (plain) => safeStorage.encryptString(plain),
  decrypt: (data) => safeStorage.decryptString(data),
};

let window: BrowserWindow | null = null;

/** `keyviz-inspector file.kvsnap`: the first argument that names a snapshot file. */
function fileArgument(args: string[]): string | null {
  const f = args.find((a) => !a.startsWith('-') && /\.(kvsnap|kvcap|gz|json|jsonl)$/i.test(a));
  return f ? resolve(f) : null;
}

const core = createAppCore({
  userDataDir: app.getPath('userData'),
  profilesFile: process.env[PROFILES_ENV] || undefined,
  box: safeStorageBox,
  parseWorker: join(__dirname, 'parse-worker.js'),
  openWorker: join(__dirname, 'open-worker.js'),
  appVersion: version,
  openFile: fileArgument(process.argv.slice(app.isPackaged ? 1 : 2)),
  dialogs: {
    async saveFile(defaultName, filters) {
      const opts = { defaultPath: defaultName, filters };
      const r = window ? await dialog.showSaveDialog(window, opts) : await dialog.showSaveDialog(opts);
      return r.canceled || !r.filePath ? null : r.filePath;
    },
    async openFile(filters) {
      const opts = { properties: ['openFile' as const], filters };
      const r = window ? await dialog.showOpenDialog(window, opts) : await dialog.showOpenDialog(opts);
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
  },
});

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    title: 'KeyViz Inspector',
    show: false,
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: join(__dirname, '../preload/index.js') },
  });
  win.once('ready-to-show', () => win.show());
  // No popups and no navigation away from our page; real links open in the system browser.
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event, url) => {
    if (!isTrustedUrl(url)) event.preventDefault();
  });
  if (devServerUrl) void win.loadURL(devServerUrl);
  else void win.loadFile(rendererFile);
  window = win;
  win.on('closed', () => { if (window === win) window = null; });
  return win;
}

app.on('web-contents-created', (_e, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

/** File → Open / Export…: sent to the window, which runs them as its own buttons do. */
function applicationMenu(): Menu {
  const send = (command: MenuCommand) => (): void => window?.webContents.send(EVENT_CHANNELS.menu, command);
  // Shortcuts are shown but handled by the page (one keymap, no double firing).
  const item = (label: string, command: MenuCommand, accelerator?: string) => ({ label, click: send(command),
    ...(accelerator ? { accelerator, registerAccelerator: false } : {}) });
  return Menu.buildFromTemplate([
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    { label: 'File', submenu: [
      item('Open Snapshot or Capture…', 'open', 'CmdOrCtrl+O'),
      { type: 'separator' },
      item('Export Snapshot…', 'exportSnapshot', 'CmdOrCtrl+S'),
      item('Export Snapshot, Keys Redacted…', 'exportRedacted'),
      item('Export CSV…', 'exportCsv'),
      item('Export Picture (PNG)…', 'exportPng'),
      { type: 'separator' },
      { role: process.platform === 'darwin' ? 'close' : 'quit' },
    ] },
    { role: 'editMenu' },
    { label: 'View', submenu: [{ role: 'togglefullscreen' }, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }] },
    { label: 'Help', submenu: [item('Keyboard Shortcuts', 'help', '?')] },
  ]);
}

app.whenReady().then(async () => {
  registerIpc(ipcMain, core.handlers, isTrustedUrl);
  Menu.setApplicationMenu(applicationMenu());
  await core.start();
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}).catch((err: unknown) => {
  console.error(`keyviz-inspector: failed to start: ${errorText(err)}`);
  app.exit(1);
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

let quitting = false;
app.on('will-quit', (event) => {
  if (quitting) return;
  quitting = true;
  event.preventDefault();
  void core.close().finally(() => app.quit());
});
