// The matrix the engine draws: the view's own, or for a comparison its differences encoded so
// that max-downsampling keeps the largest change with its sign (encodeDiff). Cached per matrix.
import type { ViewMatrix } from '../../../shared/ipc';
import { encodeDiff } from './color';

const encoded = new WeakMap<ViewMatrix, ViewMatrix>();

export function shownMatrix(m: ViewMatrix | null, diverging: boolean): ViewMatrix | null {
  if (!m || !diverging) return m;
  const hit = encoded.get(m);
  if (hit) return hit;
  const e: ViewMatrix = { ...m, values: encodeDiff(m.values) };
  encoded.set(m, e);
  return e;
}
