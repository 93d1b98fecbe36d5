// Electron's safeStorage as the core's SecretBox: the OS keychain (macOS), DPAPI (Windows), a keyring or
// basic_text (Linux). Only a running Electron has it; the core is tested with its own box.
import { safeStorage } from 'electron';
import type { SecretBox } from '../core/secrets/store';

export const safeStorageBox: SecretBox = {
  available: () => safeStorage.isEncryptionAvailable(),
  backend: () => (process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : process.platform === 'darwin' ? 'keychain' : 'dpapi'),
  encrypt: (plain) => safeStorage.encryptString(plain),
  decrypt: (data) => safeStorage.decryptString(data),
};
