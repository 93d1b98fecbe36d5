// Electron entry: app lifecycle, the window and its security, IPC registration. Thin on
// purpose: the work happens in ./core (no Electron there).
import { join } from 'node:path';
import { app, BrowserWindow, ipcMain, shell } from 'electron';
import { type DemoStatus, PROGRESS_CHANNEL } from '../shared/ipc';
import { type DemoCluster, startDemoCluster } from './core/demo-cluster';
import { ClusterService } from './cluster-service';
import { registerIpc } from './ipc';
import { SECURE_WEB_PREFERENCES, trustedUrlCheck } from './security';

const rendererFile = join(__dirname, '../renderer/index.html');
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const isTrustedUrl = trustedUrlCheck(rendererFile, devServerUrl);

let demo: DemoCluster | null = null;
const clusters = new ClusterService({ parseWorker: join(__dirname, 'parse-worker.js') });
let demoStatus: DemoStatus = { state: 'starting' };

async function startDemo(): Promise<void> {
  try {
    demo = await startDemoCluster({ log: (line) => console.error(line) });
    demoStatus = { state: 'running', nodes: demo.urls, seed: demo.options.seed };
  } catch (err) {
    demoStatus = { state: 'failed', error: err instanceof Error ? err.message : String(err) };
  }
}

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
  return win;
}

app.on('web-contents-created', (_e, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

app.whenReady().then(async () => {
  registerIpc(ipcMain, {
    demoStatus: () => demoStatus,
    open: (req) => clusters.open(req),
    openDemo: () => {
      if (!demo) throw new Error(demoStatus.state === 'failed' ? `the demo cluster is not running: ${demoStatus.error}` : 'the demo cluster is still starting');
      return clusters.open({ nodes: demo.urls, accessKey: demo.accessKey, secret: demo.secretKey });
    },
    fetch: (req, reply) => clusters.fetch(req, (e) => reply.send(PROGRESS_CHANNEL, e)),
    close: (req) => clusters.close(req.connectionId),
    cell: (req) => clusters.cell(req),
  }, isTrustedUrl);
  await startDemo();
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}).catch((err: unknown) => {
  console.error(`keyviz-inspector: failed to start: ${err instanceof Error ? err.message : String(err)}`);
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
  const closing = demo;
  demo = null;
  void Promise.allSettled([clusters.closeAll(), closing?.stop()]).finally(() => app.quit());
});
