// Everything the app's main process does, without Electron: the demo cluster, connections, saved
// profiles and the IPC handlers over them. index.ts hands in Electron's pieces (safeStorage as
// the SecretBox, the native dialogs); the end-to-end tests hand in their own.
import { join } from 'node:path';
import type { DemoStatus } from '../../shared/ipc';
import { EVENT_CHANNELS } from '../../shared/ipc-channels';
import { type DemoCluster, startDemoCluster } from '../../demo-cluster';
import type { SecretBox } from '../core/secrets/store';
import { ClusterService } from './cluster-service';
import type { IpcHandlers } from './ipc';
import type { Dialogs } from './dialogs';
import { ProfileService } from './profile-service';
import { SnapshotService } from './snapshot-service';
import { CaptureService } from './capture-service';
import { errorText } from '../../shared/error-text';

export interface AppCoreOptions {
  /** The app's user-data folder (profiles.json and secrets.json live there). */
  userDataDir: string;
  /** profiles.json elsewhere (KEYVIZ_INSPECTOR_PROFILES, as the CLI honours it). */
  profilesFile?: string;
  box: SecretBox;
  dialogs: Dialogs;
  parseWorker?: string;
  /** The built file-open worker: snapshots and captures are then opened off the main thread. */
  openWorker?: string;
  /** How the Demo cluster starts (tests pin its clock and seed). */
  startDemo?: () => Promise<DemoCluster>;
  log?: (line: string) => void;
  /** Written into snapshots ("app_version"). */
  appVersion?: string;
  /** Free bytes on a disk, for the capture guard (tests inject it). */
  freeBytes?: (dir: string) => Promise<number>;
  /** A file named on the command line, opened when the window asks. */
  openFile?: string | null;
}

export interface AppCore {
  handlers: IpcHandlers;
  clusters: ClusterService;
  profiles: ProfileService;
  snapshots: SnapshotService;
  /** Starts the Demo cluster; its failure is reported through demoStatus, not thrown. */
  start(): Promise<void>;
  /** Logs out and closes every connection, stops the Demo cluster and any file still opening. */
  close(): Promise<void>;
}

export function createAppCore(o: AppCoreOptions): AppCore {
  const log = o.log ?? ((line: string) => console.error(line));
  let demo: DemoCluster | null = null;
  let demoStatus: DemoStatus = { state: 'starting' };
  const demoCredentials = () => {
    if (!demo) throw new Error(demoStatus.state === 'failed' ? `the demo cluster is not running: ${demoStatus.error}` : 'the demo cluster is still starting');
    return { nodes: demo.urls, accessKey: demo.accessKey, secret: demo.secretKey };
  };
  const clusters = new ClusterService({ parseWorker: o.parseWorker });
  const profiles = new ProfileService({
    profilesFile: o.profilesFile ?? join(o.userDataDir, 'profiles.json'),
    secretsFile: join(o.userDataDir, 'secrets.json'),
    box: o.box, clusters, demo: demoCredentials, dialogs: o.dialogs,
  });
  const snapshots = new SnapshotService({ clusters, dialogs: o.dialogs, recentFile: join(o.userDataDir, 'recent.json'),
    appVersion: o.appVersion ?? 'dev', openWorker: o.openWorker });
  const captures = new CaptureService({ clusters, dialogs: o.dialogs, appVersion: o.appVersion ?? 'dev',
    ...(o.freeBytes ? { freeBytes: o.freeBytes } : {}) });
  let openFile = o.openFile ?? null;
  const handlers: IpcHandlers = {
    demoStatus: () => demoStatus,
    open: (req) => clusters.open(req),
    openDemo: () => clusters.openWith(demoCredentials()),
    fetch: (req, reply) => clusters.fetch(req, (e) => reply.send(EVENT_CHANNELS.progress, e)),
    close: (req) => clusters.close(req.connectionId),
    cell: (req) => clusters.cell(req),
    hotKeys: (req) => clusters.hotKeys(req),
    balance: (req) => clusters.balance(req),
    served: (req) => clusters.served(req),
    identify: (req) => clusters.identify(req.connectionId),
    discover: (req) => clusters.discover(req.connectionId),
    profiles: () => profiles.list(),
    saveProfile: (req) => profiles.save(req),
    duplicateProfile: (req) => profiles.duplicate(req.id),
    deleteProfile: (req) => profiles.remove(req.id),
    resetProfiles: () => profiles.reset(),
    connectProfile: (req) => profiles.connect(req),
    forgetSecret: (req) => profiles.forgetSecret(req.id),
    certificate: (req) => profiles.certificate(req),
    testProfile: (req) => profiles.test(req),
    exportProfile: (req) => profiles.export(req),
    importProfile: (req) => profiles.import(req),
    exportView: (req) => snapshots.export(req),
    savePng: (req) => snapshots.savePng(req),
    openSnapshot: (req) => snapshots.open(req),
    recentFiles: () => snapshots.recent(),
    compare: (req) => snapshots.compare(req),
    startCapture: (req, reply) => captures.start(req, (e) => reply.send(EVENT_CHANNELS.capture, e)),
    stopCapture: () => captures.stop(),
    captureStatus: () => captures.status(),
    captureFrame: (req) => clusters.frame(req.connectionId, req.index),
    // Handed over once: a reload of the window does not open it again.
    startup: () => { const f = openFile; openFile = null; return { openFile: f }; },
  };
  return {
    handlers, clusters, profiles, snapshots,
    async start() {
      try {
        demo = await (o.startDemo ?? (() => startDemoCluster({ log })))();
        demoStatus = { state: 'running', nodes: demo.urls, seed: demo.options.seed };
      } catch (err) {
        demoStatus = { state: 'failed', error: errorText(err) };
      }
    },
    async close() {
      const closing = demo;
      demo = null;
      // The capture's end record is written (it finishes its poll) while the rest closes.
      await Promise.allSettled([captures.stop(), clusters.closeAll(), closing?.stop(), snapshots.close()]);
    },
  };
}
