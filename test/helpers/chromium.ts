// Where a Chromium or Chrome lives on this machine: KEYVIZ_CHROMIUM (or CHROME_PATH) first,
// then the usual install paths. null when there is none (browser tests then skip, saying so).
import { existsSync } from 'node:fs';

const CANDIDATES = [
  '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', 'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
];

export function findChromium(): string | null {
  for (const v of [process.env.KEYVIZ_CHROMIUM, process.env.CHROME_PATH]) if (v && existsSync(v)) return v;
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

/** Launch flags for headless runs on a locked-down machine (no sandbox as root, no network chatter). */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--no-first-run', '--disable-sync'];
