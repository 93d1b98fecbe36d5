// File → Open / Export…: menu items are sent to the window, which runs them as its own buttons do.
import { Menu } from 'electron';
import type { MenuCommand } from '../../shared/ipc';

export function applicationMenu(send: (command: MenuCommand) => void): Menu {
  // Shortcuts are shown but handled by the page (one keymap, no double firing).
  const item = (label: string, command: MenuCommand, accelerator?: string) => ({ label, click: () => send(command),
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
