// The renderer's side of IPC: every answer from the main process is validated before use.
import { type CaptureEvent, captureEventSchema, IPC, type IpcName, type IpcRequest, type IpcResponse, type MenuCommand, menuCommandSchema,
  type ProgressEvent, progressEventSchema } from '../../shared/ipc';
import type { EventName, KeyVizBridge } from '../../shared/ipc-channels';
import type { z } from 'zod';

export class BridgeError extends Error {}

function bridge(): KeyVizBridge {
  if (!window.keyviz) throw new BridgeError('the app bridge is missing (page opened outside KeyViz Inspector?)');
  return window.keyviz;
}

function check<N extends IpcName>(name: N, value: unknown): IpcResponse<N> {
  const r = IPC[name].response.safeParse(value);
  if (!r.success) throw new BridgeError(`the main process sent a malformed ${IPC[name].channel} answer`);
  return r.data as IpcResponse<N>;
}

/** One method per contract entry; no argument where the contract's request is `undefined`. */
export type IpcCall<N extends IpcName> = IpcRequest<N> extends undefined
  ? () => Promise<IpcResponse<N>>
  : (req: IpcRequest<N>) => Promise<IpcResponse<N>>;
export type IpcApi = { [N in IpcName]: IpcCall<N> };

const call = <N extends IpcName>(name: N) => async (req?: IpcRequest<N>): Promise<IpcResponse<N>> =>
  check(name, await bridge().invoke(name, req));

const calls = Object.fromEntries((Object.keys(IPC) as IpcName[]).map((name) => [name, call(name)])) as IpcApi;

/** Validated events; malformed ones are dropped. Returns the unsubscribe. */
function on<T>(event: EventName, schema: z.ZodType<T>, listener: (payload: T) => void): () => void {
  return bridge().on(event, (payload) => {
    const r = schema.safeParse(payload);
    if (r.success) listener(r.data);
  });
}

export const api = {
  ...calls,
  onMenuCommand: (listener: (c: MenuCommand) => void): (() => void) => on('menu', menuCommandSchema, listener),
  onCaptureEvent: (listener: (e: CaptureEvent) => void): (() => void) => on('capture', captureEventSchema, listener),
  onProgress: (listener: (e: ProgressEvent) => void): (() => void) => on('progress', progressEventSchema, listener),
  /** A dropped file's path on disk, or null (no bridge support, or not a file on disk). */
  pathForFile: (file: File): string | null => window.keyviz?.pathForFile?.(file) || null,
};
