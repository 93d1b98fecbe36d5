// The zoom's quantisation off the window's thread (heatmap/level-builder.ts does the work).
import { type FromWorker, levelHost, type ToWorker } from './level-builder';

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
  postMessage(m: FromWorker, transfer: Transferable[]): void;
};
const handle = levelHost((m, transfer) => scope.postMessage(m, transfer));
scope.onmessage = (e) => handle(e.data);
