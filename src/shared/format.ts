// Sizes as people read them, the same in the app and the command-line tool.
import { KIB, MIB } from './limits';

/** `12.3 MiB`, whatever the size (memory figures). */
export function formatMib(n: number): string {
  return `${(n / MIB).toFixed(1)} MiB`;
}

/** `0 B`, `512 B`, `1.5 KiB`, `12.3 MiB`. */
export function formatBytes(n: number): string {
  if (n >= MIB) return formatMib(n);
  if (n >= KIB) return `${(n / KIB).toFixed(1)} KiB`;
  return `${n} B`;
}
