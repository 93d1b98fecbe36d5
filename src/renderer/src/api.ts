// The renderer's side of IPC: every answer from the main process is validated before use.
import { type ClusterView, IPC, type IpcRequest, type IpcResponse, type ProgressEvent, progressEventSchema } from '../../shared/ipc';
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
  /** Validated progress events; malformed ones are dropped. Returns the unsubscribe. */
  onProgress: (listener: (e: ProgressEvent) => void): (() => void) => bridge().onProgress((payload) => {
    const r = progressEventSchema.safeParse(payload);
    if (r.success) listener(r.data);
  }),
};
