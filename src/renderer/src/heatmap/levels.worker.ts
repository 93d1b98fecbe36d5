// The heatmap's pictures off the window's thread (heatmap/level-builder.ts does the work): each is
// put on an OffscreenCanvas as the window's own drawing puts it on its scratch canvas
// (putImageData), so the bitmap the window draws holds the same pixels.
import { type FromWorker, levelHost, type ToWorker } from './level-builder';

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
  postMessage(m: FromWorker<ImageBitmap>, transfer: Transferable[]): void;
};
let canvas: OffscreenCanvas | null = null;
const handle = levelHost<ImageBitmap>((m, transfer) => scope.postMessage(m, transfer), (f) => {
  if (canvas?.width !== f.width || canvas.height !== f.height) canvas = new OffscreenCanvas(Math.max(1, f.width), Math.max(1, f.height));
  const ctx = canvas.getContext('2d')!;
  if (f.width > 0 && f.height > 0) ctx.putImageData(new ImageData(f.pixels as Uint8ClampedArray<ArrayBuffer>, f.width, f.height), 0, 0);
  const picture = canvas.transferToImageBitmap();
  return { picture, transfer: [picture] };
}, (f) => setTimeout(f, 0));
scope.onmessage = (e) => handle(e.data);
