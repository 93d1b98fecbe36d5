// The one IPC contract shared by main, preload and renderer: channel names and the zod
// schemas of what crosses in each direction. Both sides validate.
import { z } from 'zod';

export const demoStatusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('starting') }),
  z.object({ state: z.literal('running'), nodes: z.array(z.string().url()), seed: z.number().int() }),
  z.object({ state: z.literal('failed'), error: z.string() }),
]);
export type DemoStatus = z.infer<typeof demoStatusSchema>;

export const IPC = {
  demoStatus: {
    channel: 'demo:status',
    request: z.undefined(),
    response: demoStatusSchema,
  },
} as const;

export type IpcName = keyof typeof IPC;
export type IpcRequest<N extends IpcName> = z.infer<(typeof IPC)[N]['request']>;
export type IpcResponse<N extends IpcName> = z.infer<(typeof IPC)[N]['response']>;
