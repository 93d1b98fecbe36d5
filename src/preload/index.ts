// The renderer's only door to the main process: a generic call over the channel list, nothing
// else. Names outside ipc-channels are refused here; main validates every request with zod.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { EVENT_CHANNELS, INVOKE_CHANNELS, type KeyVizBridge } from '../shared/ipc-channels';

// Object.hasOwn, not `in`: 'toString' or '__proto__' must not pass as a channel.
const bridge: KeyVizBridge = {
  invoke: (name, request) => {
    if (typeof name !== 'string' || !Object.hasOwn(INVOKE_CHANNELS, name)) {
      return Promise.reject(new Error(`keyviz bridge: unknown call ${JSON.stringify(name)}`));
    }
    const channel = INVOKE_CHANNELS[name];
    return request === undefined ? ipcRenderer.invoke(channel) : ipcRenderer.invoke(channel, request);
  },
  on: (event, listener) => {
    if (typeof event !== 'string' || !Object.hasOwn(EVENT_CHANNELS, event)) {
      throw new Error(`keyviz bridge: unknown event ${JSON.stringify(event)}`);
    }
    const channel = EVENT_CHANNELS[event];
    const handler = (_event: unknown, payload: unknown): void => listener(payload);
    ipcRenderer.on(channel, handler);
    return () => { ipcRenderer.removeListener(channel, handler); };
  },
  pathForFile: (file) => webUtils.getPathForFile(file),
};

contextBridge.exposeInMainWorld('keyviz', bridge);
