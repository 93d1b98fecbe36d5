// A node's matrix answer decoded as its bytes arrive: push chunks (split anywhere), then end().
// The result is parseNodeMatrix's (matrix + warnings) for the same bytes decoded and JSON.parse'd;
// see README.md for the few inputs refused where today's path would not be.
import type { Series } from '../../../../shared/elastickv/wire';
import type { AnswerLimits, Parsed } from '../parse';
import { finishMatrix, isEmptyAnswer } from './finish';
import { MatrixShape } from './shape';
import { JsonTokenizer } from './tokenizer';

export { MatrixSyntaxError } from './errors';

export interface MatrixDecoder {
  /** Throws MatrixInputError as soon as the bytes so far cannot be a valid answer (syntax, a cap passed). */
  push(chunk: Uint8Array): void;
  /** The body is complete: the matrix, or a MatrixInputError. */
  end(): Parsed;
  /** Bytes pushed so far. */
  readonly bytes: number;
  /** After end(): the document was `{}` or `null`, read as an empty matrix of `series`. */
  readonly emptyAnswer: boolean;
  /** A push or end() has thrown: the rest of the body need not be read. */
  readonly failed: boolean;
}

/**
 * `series`: the series asked, when decoding a fan-out answer: then `{}` and `null` are an empty matrix
 * of it, as Go decodes them (parseAnswer's rule). Without it the document must be a matrix (parseNodeMatrix).
 */
export function createMatrixDecoder(source: string, index = 0, limits: AnswerLimits = {}, series?: Series): MatrixDecoder {
  // Dropped at the first refusal: a refused answer's rows need not stay in memory while its body ends.
  let shape: MatrixShape | null = new MatrixShape(source, limits);
  let tokens: JsonTokenizer | null = new JsonTokenizer(shape, source);
  let failed: unknown = null;
  let ended = false;
  let bytes = 0;
  const guard = <T>(fn: (tokens: JsonTokenizer, shape: MatrixShape) => T): T => {
    if (failed !== null) throw failed;
    if (ended) throw new Error('the matrix decoder has ended');
    try {
      return fn(tokens!, shape!);
    } catch (err) {
      failed = err;
      bytes = tokens!.bytes;
      tokens = null;
      shape = null;
      throw err;
    }
  };
  const finish = (t: JsonTokenizer, read: MatrixShape): Parsed => {
    t.end();
    ended = true;
    return finishMatrix(read.read, source, index, limits, series);
  };
  return {
    push: (chunk) => guard((t) => t.push(chunk)),
    end: () => guard(finish),
    get bytes() {
      return tokens?.bytes ?? bytes;
    },
    get emptyAnswer() {
      return ended && series !== undefined && shape !== null && isEmptyAnswer(shape.read);
    },
    get failed() {
      return failed !== null;
    },
  };
}

/** A whole body at once (a file's bytes): the same decoder, one chunk. */
export function decodeMatrixBytes(bytes: Uint8Array, source: string, index = 0, limits: AnswerLimits = {}, series?: Series): Parsed {
  const d = createMatrixDecoder(source, index, limits, series);
  d.push(bytes);
  return d.end();
}
