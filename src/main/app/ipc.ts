// Maps the shared IPC contract onto handlers: checks the sender frame, validates the request
// and the response. Kept free of runtime `electron` imports so it is tested in plain Node.
import type { z } from 'zod';
import { IPC } from '../../shared/ipc';

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

/** One call of a contract: its channel and the schemas of what crosses each way. */
export interface CallSpec { channel: string; request: z.ZodType; response: z.ZodType }
export type Contract = Record<string, CallSpec>;

/** A handler for every call of a contract: a call without one does not compile. */
export type HandlersOf<C extends Contract> = {
  [N in keyof C]: (req: z.output<C[N]['request']>, reply: IpcReply) => Promise<z.input<C[N]['response']>> | z.input<C[N]['response']>
};
export type IpcHandlers = HandlersOf<typeof IPC>;

export class IpcRejected extends Error {}

/** Registers every call of `contract` (the app's is IPC): sender checked, request and answer validated. */
export function registerContract<C extends Contract>(ipcMain: IpcMainLike, contract: C, handlers: HandlersOf<C>,
  isTrustedUrl: (url: string) => boolean): () => void {
  const names = Object.keys(contract) as Array<keyof C & string>;
  for (const name of names) {
    const spec = contract[name]!;
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
  return () => { for (const name of names) ipcMain.removeHandler(contract[name]!.channel); };
}

export function registerIpc(ipcMain: IpcMainLike, handlers: IpcHandlers, isTrustedUrl: (url: string) => boolean): () => void {
  return registerContract(ipcMain, IPC, handlers, isTrustedUrl);
}
