// Text that came from a node (an error body, a node_id, a header) reaches the terminal and the
// page: control characters in it could move the cursor, retitle the window, reorder what is shown
// (bidi overrides) or hide text (zero-width). Every C0 and C1 control, DEL, format character (\p{Cf})
// and line/paragraph separator becomes a visible \u escape. Inside a JSON string an escape means the
// same character, so JSON text keeps its meaning.
const ALL = /[\u0000-\u001f\u007f-\u009f\p{Cf}\u2028\u2029]/gu;
/** The same but newline and tab: text laid out in lines for a terminal. */
const KEEP_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\p{Cf}\u2028\u2029]/gu;

// Per UTF-16 unit, as JSON writes a character past U+FFFF (a surrogate pair).
function escape(c: string): string {
  let out = '';
  for (let i = 0; i < c.length; i++) out += `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return out;
}

/** A node's words, safe in one line of a message: every control character escaped, newlines and tabs too. */
export function nodeText(text: string, opts: { keepLines?: boolean } = {}): string {
  return text.replace(opts.keepLines ? KEEP_LINES : ALL, escape);
}

/** Does it hold a character `nodeText` would escape? (for fields that must be plain: ids, labels) */
export function hasControl(text: string): boolean {
  ALL.lastIndex = 0;
  const found = ALL.test(text);
  ALL.lastIndex = 0;
  return found;
}
