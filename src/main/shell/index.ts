// Electron entry: app lifecycle, IPC registration, and Electron's pieces handed to the application
// (safeStorage, native dialogs, the window). Thin on purpose: the work happens in ../app and ../core,
// which never import Electron.
import { join, resolve } from 'node:path';
import { version } from '../../../package.json';
import { app, BrowserWindow, ipcMain, Menu } from 'electron';
import { PROFILES_ENV } from '../core/profiles';
import { createAppCore } from '../app/app-core';
import { registerIpc } from '../app/ipc';
import { EVENT_CHANNELS } from '../../shared/ipc-channels';
import { trustedUrlCheck } from './security';
import { errorText } from '../../shared/error-text';
import { safeStorageBox } from './safe-storage-box';
import { nativeDialogs } from './native-dialogs';
import { applicationMenu } from './menu';
import { createWindow } from './window';

// The bundle is out/main/index.js whatever the source's folder: paths are relative to it.
const rendererFile = join(__dirname, '../renderer/index.html');
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const isTrustedUrl = trustedUrlCheck(rendererFile, devServerUrl);

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
  dialogs: nativeDialogs(() => window),
});

function openWindow(): void {
  const win = createWindow({ preload: join(__dirname, '../preload/index.js'), rendererFile, devServerUrl, isTrustedUrl });
  window = win;
  win.on('closed', () => { if (window === win) window = null; });
}

app.on('web-contents-created', (_e, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

app.whenReady().then(async () => {
  registerIpc(ipcMain, core.handlers, isTrustedUrl);
  Menu.setApplicationMenu(applicationMenu((command) => window?.webContents.send(EVENT_CHANNELS.menu, command)));
  await core.start();
  openWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
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
