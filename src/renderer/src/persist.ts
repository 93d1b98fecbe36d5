// The view state (series, rows, range, zoom, scale, brightness, toggles) kept per connection
// across restarts, and the theme. localStorage is the renderer's own storage; what comes back
// from it is validated like anything read from disk.
import { z } from 'zod';
import { seriesSchema } from '../../shared/elastickv/wire';
import { MAX_ROWS } from '../../shared/limits';

const viewportSchema = z.object({ r0: z.number().int(), r1: z.number().int(), c0: z.number().int(), c1: z.number().int() });
export const viewStateSchema = z.object({
  version: z.literal(1),
  series: seriesSchema,
  rows: z.number().int().min(1).max(MAX_ROWS),
  range: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('last'), ms: z.number().int().positive().nullable() }),
    z.object({ kind: z.literal('window'), fromMs: z.number().int(), toMs: z.number().int() }),
  ]),
  zoom: viewportSchema.nullable(),
  scale: z.enum(['log', 'linear']),
  brightness: z.number().min(0.25).max(4),
  showConflicts: z.boolean(),
  autoRefreshMs: z.union([z.literal(0), z.literal(5000), z.literal(30000)]),
});
export type ViewState = z.infer<typeof viewStateSchema>;

export type Theme = 'system' | 'light' | 'dark';
const THEME_KEY = 'keyviz.theme';
const viewKey = (connection: string): string => `keyviz.view.${connection}`;

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // storage disabled: nothing is remembered, nothing breaks
  }
}

export function loadViewState(connection: string): ViewState | null {
  const raw = storage()?.getItem(viewKey(connection));
  if (!raw) return null;
  try {
    const r = viewStateSchema.safeParse(JSON.parse(raw));
    return r.success ? r.data : null;
  } catch {
    return null; // damaged: start from the defaults rather than fail
  }
}

export function saveViewState(connection: string, state: ViewState): void {
  storage()?.setItem(viewKey(connection), JSON.stringify(state));
}

export function loadTheme(): Theme {
  const t = storage()?.getItem(THEME_KEY);
  return t === 'light' || t === 'dark' ? t : 'system';
}

export function applyTheme(theme: Theme): void {
  storage()?.setItem(THEME_KEY, theme);
  document.documentElement.style.colorScheme = theme === 'system' ? 'light dark' : theme;
  document.documentElement.dataset.theme = theme;
}
