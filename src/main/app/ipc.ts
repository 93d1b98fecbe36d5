// Maps the shared IPC contract onto handlers: checks the sender frame, validates the request
// and the response. Kept free of runtime `electron` imports so it is tested in plain Node.
import { IPC, type IpcName, type IpcRequest, type IpcResponse } from '../../shared/ipc';

/** The slice of Electron's ipcMain and its event that this module relies on. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}
export interface IpcEventLike {
  senderFrame: { url: string } | null;
  sender?: { send(channel: string, ...args: unknown[]): void; isDestroyed?(): boolean };
}

/** What a handler may do besides answering: send events back to the window that called. */
export interface IpcReply {
  send(channel: string, payload: unknown): void;
}

export type IpcHandlers = { [N in IpcName]: (req: IpcRequest<N>, reply: IpcReply) => Promise<IpcResponse<N>> | IpcResponse<N> };

export class IpcRejected extends Error {}

export function registerIpc(ipcMain: IpcMainLike, handlers: IpcHandlers, isTrustedUrl: (url: string) => boolean): () => void {
  const names = Object.keys(IPC) as IpcName[];
  for (const name of names) {
    const spec = IPC[name];
    ipcMain.handle(spec.channel, async (event, ...args) => {
      const url = event.senderFrame?.url ?? '';
      if (!isTrustedUrl(url)) throw new IpcRejected(`${spec.channel}: refused a call from an untrusted frame`);
      const req = spec.request.safeParse(args[0]);
      if (!req.success) throw new IpcRejected(`${spec.channel}: malformed request: ${req.error.message}`);
      const handler = handlers[name] as (r: unknown, reply: IpcReply) => unknown;
      // The window may be gone by the time a long job reports (closed, reloaded): then nobody listens.
      const reply: IpcReply = {
        send: (ch, payload) => {
          try {
            if (event.sender && !event.sender.isDestroyed?.()) event.sender.send(ch, payload);
          } catch { /* destroyed between the check and the send */ }
        },
      };
      return spec.response.parse(await handler(req.data, reply));
    });
  }
  return () => { for (const name of names) ipcMain.removeHandler(IPC[name].channel); };
}
