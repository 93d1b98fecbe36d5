// Window security settings and the trusted-origin check, apart from Electron so they are testable.
import { pathToFileURL } from 'node:url';

export const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  spellcheck: false,
} as const;

/** True only for our own renderer page: the built file, or the dev server in development. */
export function trustedUrlCheck(rendererFile: string, devServerUrl?: string): (url: string) => boolean {
  const fileUrl = pathToFileURL(rendererFile).href;
  return (url) => {
    if (devServerUrl) {
      try {
        return new URL(url).origin === new URL(devServerUrl).origin;
      } catch {
        return false;
      }
    }
    return url.split(/[?#]/)[0] === fileUrl;
  };
}
