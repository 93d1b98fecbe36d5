// What went wrong, in words: an Error's message, or whatever else was thrown as text.
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Longest a brief reason may be (a table cell's worth); the whole text is said elsewhere (the banner). */
const BRIEF_CHARS = 60;

/** A failure's gist for a table cell: without the trailing hint in parentheses, at most a short line. */
export function briefError(text: string): string {
  const gist = text.replace(/\s*\([^()]*\)\s*$/, '').trim() || text.trim();
  return gist.length <= BRIEF_CHARS ? gist : `${gist.slice(0, BRIEF_CHARS - 1).trimEnd()}…`;
}
