// A `window.keyviz` for renderer tests without a main process: the given methods, the Demo
// profile alone in the list, no identities, and every other call refused (so a test notices it).
import type { KeyVizApi } from '../../../src/preload/api';

export const DEMO_SUMMARY = {
  id: 'demo', name: 'Demo cluster', nodes: ['demo'], accessKey: 'keyviz-demo', timeoutMs: 2000, maxBodyBytes: 67108864, tls: {},
  allowPlaintext: false, view: { series: 'writes', rows: 1024, rangeMs: null, autoRefreshMs: 0 }, color: '#2e9d57',
  createdAt: '1970-01-01T00:00:00Z', updatedAt: '1970-01-01T00:00:00Z', demo: true, rememberedSecret: false,
};

const refuse = (name: string) => () => Promise.reject(new Error(`${name}: not expected in this test`));

export function fakeBridge(methods: Partial<KeyVizApi>): KeyVizApi {
  return {
    demoStatus: refuse('demoStatus'), open: refuse('open'), openDemo: refuse('openDemo'), fetch: refuse('fetch'), close: () => Promise.resolve(null),
    cell: () => Promise.resolve(null), hotKeys: refuse('hotKeys'), discover: refuse('discover'), saveProfile: refuse('saveProfile'), duplicateProfile: refuse('duplicateProfile'),
    deleteProfile: refuse('deleteProfile'), resetProfiles: refuse('resetProfiles'), connectProfile: refuse('connectProfile'),
    forgetSecret: refuse('forgetSecret'), certificate: refuse('certificate'), exportProfile: refuse('exportProfile'), importProfile: refuse('importProfile'),
    exportView: refuse('exportView'), savePng: refuse('savePng'), openSnapshot: refuse('openSnapshot'), compare: refuse('compare'),
    recentFiles: () => Promise.resolve({ files: [], error: null }),
    startup: () => Promise.resolve({ openFile: null }),
    startCapture: refuse('startCapture'), stopCapture: () => Promise.resolve(null), captureStatus: () => Promise.resolve(null), captureFrame: refuse('captureFrame'),
    onCaptureEvent: () => () => {}, onMenuCommand: () => () => {},
    identify: () => Promise.resolve({ nodes: [], duplicates: [] }),
    profiles: () => Promise.resolve({ profiles: [DEMO_SUMMARY], storeError: null, migratedFrom: null,
      secretStorage: { available: true, weak: false, backend: 'test' }, secretsError: null }),
    onProgress: () => () => {},
    ...methods,
  };
}
