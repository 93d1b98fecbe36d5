// The renderer's side of IPC: every answer from the main process is validated before use.
import { type CaptureEvent, captureEventSchema, type ClusterView, IPC, type MenuCommand, menuCommandSchema, type IpcRequest, type IpcResponse, type ProgressEvent, progressEventSchema } from '../../shared/ipc';
import type { KeyVizApi } from '../../preload/api';

export class BridgeError extends Error {}

function bridge(): KeyVizApi {
  if (!window.keyviz) throw new BridgeError('the app bridge is missing (page opened outside KeyViz Inspector?)');
  return window.keyviz;
}

function check<N extends keyof typeof IPC>(name: N, value: unknown): IpcResponse<N> {
  const r = IPC[name].response.safeParse(value);
  if (!r.success) throw new BridgeError(`the main process sent a malformed ${IPC[name].channel} answer`);
  return r.data as IpcResponse<N>;
}

export const api = {
  demoStatus: async () => check('demoStatus', await bridge().demoStatus()),
  open: async (req: IpcRequest<'open'>) => check('open', await bridge().open(req)),
  openDemo: async () => check('openDemo', await bridge().openDemo()),
  fetch: async (req: IpcRequest<'fetch'>): Promise<ClusterView> => check('fetch', await bridge().fetch(req)),
  close: async (connectionId: string) => check('close', await bridge().close({ connectionId })),
  cell: async (req: IpcRequest<'cell'>) => check('cell', await bridge().cell(req)),
  hotKeys: async (req: IpcRequest<'hotKeys'>) => check('hotKeys', await bridge().hotKeys(req)),
  identify: async (connectionId: string) => check('identify', await bridge().identify({ connectionId })),
  discover: async (connectionId: string) => check('discover', await bridge().discover({ connectionId })),
  profiles: async () => check('profiles', await bridge().profiles()),
  saveProfile: async (req: IpcRequest<'saveProfile'>) => check('saveProfile', await bridge().saveProfile(req)),
  duplicateProfile: async (id: string) => check('duplicateProfile', await bridge().duplicateProfile({ id })),
  deleteProfile: async (id: string) => check('deleteProfile', await bridge().deleteProfile({ id })),
  resetProfiles: async () => check('resetProfiles', await bridge().resetProfiles()),
  connectProfile: async (req: IpcRequest<'connectProfile'>) => check('connectProfile', await bridge().connectProfile(req)),
  forgetSecret: async (id: string) => check('forgetSecret', await bridge().forgetSecret({ id })),
  certificate: async (req: IpcRequest<'certificate'>) => check('certificate', await bridge().certificate(req)),
  exportProfile: async (req: IpcRequest<'exportProfile'>) => check('exportProfile', await bridge().exportProfile(req)),
  importProfile: async (req: IpcRequest<'importProfile'>) => check('importProfile', await bridge().importProfile(req)),
  exportView: async (req: IpcRequest<'exportView'>) => check('exportView', await bridge().exportView(req)),
  savePng: async (req: IpcRequest<'savePng'>) => check('savePng', await bridge().savePng(req)),
  openSnapshot: async (req: IpcRequest<'openSnapshot'>) => check('openSnapshot', await bridge().openSnapshot(req)),
  recentFiles: async () => check('recentFiles', await bridge().recentFiles()),
  compare: async (req: IpcRequest<'compare'>) => check('compare', await bridge().compare(req)),
  startup: async () => check('startup', await bridge().startup()),
  startCapture: async (req: IpcRequest<'startCapture'>) => check('startCapture', await bridge().startCapture(req)),
  stopCapture: async () => check('stopCapture', await bridge().stopCapture()),
  captureStatus: async () => check('captureStatus', await bridge().captureStatus()),
  captureFrame: async (req: IpcRequest<'captureFrame'>) => check('captureFrame', await bridge().captureFrame(req)),
  /** Validated application-menu commands. Returns the unsubscribe. */
  onMenuCommand: (listener: (c: MenuCommand) => void): (() => void) => bridge().onMenuCommand((payload) => {
    const r = menuCommandSchema.safeParse(payload);
    if (r.success) listener(r.data);
  }),
  /** Validated capture events; malformed ones are dropped. Returns the unsubscribe. */
  onCaptureEvent: (listener: (e: CaptureEvent) => void): (() => void) => bridge().onCaptureEvent((payload) => {
    const r = captureEventSchema.safeParse(payload);
    if (r.success) listener(r.data);
  }),
  /** A dropped file's path on disk, or null (no bridge support, or not a file on disk). */
  pathForFile: (file: File): string | null => window.keyviz?.pathForFile?.(file) || null,
  /** Validated progress events; malformed ones are dropped. Returns the unsubscribe. */
  onProgress: (listener: (e: ProgressEvent) => void): (() => void) => bridge().onProgress((payload) => {
    const r = progressEventSchema.safeParse(payload);
    if (r.success) listener(r.data);
  }),
};
