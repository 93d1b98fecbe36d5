// Text for a terminal: a node's words (an error body, a node_id, a key) reach stdout and stderr.
// The core already escapes node text in its messages; this is the last guard for everything
// printed, with the one shared definition (src/shared/node-text.ts). Newlines and tabs stay.
import { nodeText } from '../shared/node-text';

export function terminalText(text: string): string {
  return nodeText(text, { keepLines: true });
}
