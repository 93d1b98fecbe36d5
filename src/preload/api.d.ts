// What the preload exposes as `window.keyviz`: the generic bridge, declared beside the channel list
// (the preload and the renderer both import it from there).
import type { KeyVizBridge } from '../shared/ipc-channels';

export type { KeyVizBridge };

declare global {
  interface Window {
    keyviz?: KeyVizBridge;
  }
}
