// The one window: secure preferences, no popups, no navigation away from our page; real links open in
// the system browser.
import { BrowserWindow, shell } from 'electron';
import { SECURE_WEB_PREFERENCES } from './security';

export interface WindowOptions {
  preload: string;
  rendererFile: string;
  devServerUrl: string | undefined;
  isTrustedUrl: (url: string) => boolean;
}

export function createWindow(o: WindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    title: 'KeyViz Inspector',
    show: false,
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: o.preload },
  });
  win.once('ready-to-show', () => win.show());
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event, url) => {
    if (!o.isTrustedUrl(url)) event.preventDefault();
  });
  if (o.devServerUrl) void win.loadURL(o.devServerUrl);
  else void win.loadFile(o.rendererFile);
  return win;
}
