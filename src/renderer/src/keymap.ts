// Every keyboard shortcut, in one place: the help overlay lists this table, the app dispatches
// through it; and the mouse gestures, for the help to list beside them.

export type Action = 'unpin' | 'help' | 'refresh' | 'toggleScale' | 'toggleConflicts' | 'brighter' | 'dimmer' | 'zoomBack' | 'zoomReset'
  | 'exportSnapshot' | 'openSnapshot';

export interface Binding {
  keys: string[];
  action: Action;
  description: string;
}

export const KEYMAP: readonly Binding[] = [
  { keys: ['Escape'], action: 'unpin', description: 'unpin the cell detail (or close this help)' },
  { keys: ['?'], action: 'help', description: 'show or hide this help (keys and mouse)' },
  { keys: ['F5', 'Ctrl+r', 'Meta+r'], action: 'refresh', description: 'refresh now' },
  { keys: ['Backspace'], action: 'zoomBack', description: 'back to the previous zoom (with none left: the question before a window asked of the nodes)' },
  { keys: ['r', 'R'], action: 'zoomReset', description: 'reset the zoom (the whole matrix)' },
  { keys: ['l'], action: 'toggleScale', description: 'log or linear colour scale' },
  { keys: ['c'], action: 'toggleConflicts', description: 'show or hide conflict hatching' },
  { keys: [']'], action: 'brighter', description: 'brighter' },
  { keys: ['['], action: 'dimmer', description: 'dimmer' },
  { keys: ['Ctrl+s', 'Meta+s'], action: 'exportSnapshot', description: 'export the view as a snapshot file' },
  { keys: ['Ctrl+o', 'Meta+o'], action: 'openSnapshot', description: 'open a snapshot file' },
];

/** What the pointer does over the heatmap (Heatmap.tsx handles these): listed in the help with the keys. */
export interface Gesture {
  gesture: string;
  description: string;
}

export const GESTURES: readonly Gesture[] = [
  { gesture: 'Point at a cell', description: 'its detail: its window, its keys, each node\'s value' },
  { gesture: 'Click a cell', description: 'pin its detail and ask its hot keys (click it again, or Escape, to unpin)' },
  { gesture: 'Drag over the heatmap', description: 'zoom into the rectangle (Backspace: back, R: the whole matrix)' },
  { gesture: 'Drag along the time axis', description: 'zoom into those columns, every row ("Ask the nodes for this window" then asks for just them)' },
  { gesture: 'Drag along the key axis', description: 'zoom into those rows, every column; click a group\'s bracket at its left edge to collapse it into one summed row, or expand it' },
  { gesture: 'Wheel over the heatmap', description: 'zoom in or out about the pointer' },
];

interface KeyLike { key: string; ctrlKey?: boolean; metaKey?: boolean; altKey?: boolean; target?: unknown }

/** `Ctrl+r` style name of a key press (Shift is in the key itself: "?" not "Shift+/"). */
export function keyName(e: KeyLike): string {
  const mods = [e.ctrlKey ? 'Ctrl' : '', e.metaKey ? 'Meta' : '', e.altKey ? 'Alt' : ''].filter(Boolean);
  return [...mods, e.key.length === 1 && mods.length > 0 ? e.key.toLowerCase() : e.key].join('+');
}

/** The action for a key press, or null; never while typing in a form field. */
export function actionFor(e: KeyLike): Action | null {
  const t = e.target as { tagName?: string; isContentEditable?: boolean } | null | undefined;
  if (t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName ?? ''))) return e.key === 'Escape' ? 'unpin' : null;
  const name = keyName(e);
  return KEYMAP.find((b) => b.keys.includes(name))?.action ?? null;
}
