// Where profiles.json lives: the folder Electron's app.getPath('userData') gives for this app,
// computed without Electron (so the CLI finds the same file), unless overridden.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_DIR_NAME = 'keyviz-inspector';
export const PROFILES_ENV = 'KEYVIZ_INSPECTOR_PROFILES';

export function userDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_DIR_NAME);
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), APP_DIR_NAME);
}

/** `--profiles-file` first, then KEYVIZ_INSPECTOR_PROFILES, then the user-data folder. */
export function profilesPath(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? (env[PROFILES_ENV] || join(userDataDir(env), 'profiles.json'));
}
