export { APP_DIR_NAME, PROFILES_ENV, profilesPath, userDataDir } from './paths';
export { MIGRATIONS, migrate } from './migrate';
export {
  addProfile, deleteProfile, demoProfile, duplicateProfile, emptyStore, findProfile, listProfiles, loadStore, MAX_STORE_BYTES,
  ProfileError, ProfileStoreError, resetStore, saveStore, updateProfile,
} from './store';
export type { Loaded, ProfileInput } from './store';
export {
  decryptSecret, encryptSecret, exportProfile, ImportError, importProfile, MAX_EXPORT_BYTES, NameClashError, PassphraseError, readExportFile,
} from './exchange';
export type { ClashChoice, Imported } from './exchange';
export { clientOptions, settingsOf } from './client-options';
export type { ConnectionSettings } from './client-options';
