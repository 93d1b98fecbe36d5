// Sizes as people read them, the same in the app and the command-line tool.

/** `12.3 MiB`, whatever the size (memory figures). */
export function formatMib(n: number): string {
  return `${(n / 1048576).toFixed(1)} MiB`;
}

/** `0 B`, `512 B`, `1.5 KiB`, `12.3 MiB`. */
export function formatBytes(n: number): string {
  if (n >= 1048576) return formatMib(n);
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}
