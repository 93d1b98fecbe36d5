// A capture's lines, each decoded only once it is whole. Bytes are counted as they arrive, so a
// line past the limit fails before any string of it is built: V8 has a longest string, and
// readline, which builds the line as the bytes come, throws a RangeError there that nothing
// catches (and scans every chunk with a regular expression, slow on a line of hundreds of MB).
import { StringDecoder } from 'node:string_decoder';

/**
 * The lines of `source` ('\n' or '\r\n'; a last line without one is given as well). A line longer
 * than `max` bytes, its newline included, throws `tooLong(its number, from 1)`.
 */
export async function* readLines(source: AsyncIterable<Buffer>, max: number, tooLong: (line: number) => Error): AsyncGenerator<string> {
  for await (const parts of lineParts(source, max, tooLong)) yield decode(parts);
}

/** The same lines as bytes, each one Buffer (its line break dropped). */
export async function* readLineBytes(source: AsyncIterable<Buffer>, max: number, tooLong: (line: number) => Error): AsyncGenerator<Buffer> {
  for await (const parts of lineParts(source, max, tooLong)) {
    const line = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    yield line[line.length - 1] === 0x0d ? line.subarray(0, -1) : line;
  }
}

/** A line's text as readLines gives it. */
export function lineText(line: Buffer): string {
  return decode([line]);
}

async function* lineParts(source: AsyncIterable<Buffer>, max: number, tooLong: (line: number) => Error): AsyncGenerator<Buffer[]> {
  let parts: Buffer[] = [];
  let run = 0; // bytes of the current line so far
  let line = 1;
  for await (const chunk of source) {
    let from = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, from);
      const end = nl < 0 ? chunk.length : nl + 1;
      if (run + end - from > max) throw tooLong(line);
      if (nl < 0) {
        if (from < chunk.length) parts.push(chunk.subarray(from));
        run += chunk.length - from;
        break;
      }
      parts.push(chunk.subarray(from, nl));
      const whole = parts;
      parts = []; // not held while the caller works on the line
      run = 0;
      line++;
      from = end;
      yield whole;
    }
  }
  if (run > 0) yield parts;
}

function decode(parts: Buffer[]): string {
  // Part by part: a line is never in memory twice as bytes (no concatenated copy).
  const d = new StringDecoder('utf8');
  let text = '';
  for (const p of parts) text += d.write(p);
  text += d.end();
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}
