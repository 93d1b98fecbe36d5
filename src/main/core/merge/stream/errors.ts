// The decoder's own refusals. Every one is a MatrixInputError (as parseNodeMatrix throws), so
// callers handle one error type; JSON syntax has its own subclass, as today's path words it apart.
import { MatrixInputError } from '../parse';

/** Bytes that are not JSON (JSON.parse would throw): `not valid JSON (…)`, as parseNodeMatrixText says. */
export class MatrixSyntaxError extends MatrixInputError {
  constructor(source: string, readonly reason: string) {
    super(source, `not valid JSON (${reason})`);
  }
}

/** One byte as a message shows it: printable ASCII quoted, anything else in hex. */
export function byteText(c: number): string {
  return c >= 0x20 && c < 0x7f ? JSON.stringify(String.fromCharCode(c)) : `byte 0x${c.toString(16).padStart(2, '0')}`;
}
