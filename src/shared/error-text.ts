// What went wrong, in words: an Error's message, or whatever else was thrown as text.
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
