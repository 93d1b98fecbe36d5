// Text for a terminal: a node's words (an error body, a node_id, a key) reach stdout and stderr,
// and control characters in them could move the cursor, rewrite the line or hide text. Every
// control, format (bidi overrides, zero-width) and separator character becomes a visible \u
// escape; newlines and tabs stay. Inside JSON strings the escape means the same character.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\p{Cf}\u2028\u2029]/gu;

export function terminalText(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}
