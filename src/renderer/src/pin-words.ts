// Why a pin was let go, in words: a refresh found no place for it (see pin.ts).
import type { PinLost } from './pin';

const time = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function pinLostText(lost: PinLost): string {
  return lost.why === 'row'
    ? `Unpinned: the pinned cell's row ${lost.bucketId} is no longer among the top rows.`
    : `Unpinned: the pinned cell's column (${time.format(new Date(lost.columnMs))}) has left the window; its row was ${lost.bucketId}.`;
}
