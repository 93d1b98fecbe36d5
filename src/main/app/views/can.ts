// What each kind of view can do, in one table (the views take theirs from it; so do the tests'
// fake bridges, so a fake answer never claims what the app would not).
import type { ViewCan, ViewKind } from '../../../shared/ipc';

const NOTHING: ViewCan = {
  refresh: false, hotKeys: 'none', exportSnapshot: false, exportCsv: false, exportPng: false, capture: false, identify: false, frames: false,
  balance: false,
};
const PICTURES = { exportCsv: true, exportPng: true } as const;

export const VIEW_CAN: Readonly<Record<ViewKind, ViewCan>> = {
  live: { ...NOTHING, ...PICTURES, refresh: true, hotKeys: 'ask', exportSnapshot: true, capture: true, identify: true, balance: true },
  // A snapshot holds every node's own answer and /cluster: its balance is the live one's, offline.
  snapshot: { ...NOTHING, ...PICTURES, hotKeys: 'file', exportSnapshot: true, balance: true },
  // A poll exports as a snapshot; a capture holds no hot keys (its views say so), nor /cluster (no leadership).
  replay: { ...NOTHING, ...PICTURES, hotKeys: 'file', exportSnapshot: true, frames: true, balance: true },
  // B − A is not a snapshot (export each side), has no hot keys and no balance (open either side).
  comparison: { ...NOTHING, ...PICTURES },
};
