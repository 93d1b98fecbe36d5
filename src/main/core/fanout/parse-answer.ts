// A node's 200 answer, bytes → validated matrix. Pure, so it runs the same in a worker thread.
import type { Series } from '../../../shared/elastickv/wire';
import { MatrixInputError, type NodeMatrix, parseNodeMatrix } from '../merge';
import type { AnswerLimits } from '../merge/parse';
import { nodeText } from '../../../shared/node-text';
import { errorText } from '../../../shared/error-text';

export interface AnswerJob {
  bytes: Uint8Array;
  source: string;
  index: number;
  series: Series;
  /** What the request allowed (rows asked, its window): a larger answer is refused before the merge. */
  limits?: AnswerLimits;
}

export type AnswerOutcome =
  | { ok: true; matrix: NodeMatrix; warnings: string[]; bytes: Uint8Array }
  | { ok: false; error: string; bytes: Uint8Array };

const decoder = new TextDecoder();

export function parseAnswer(job: AnswerJob): AnswerOutcome {
  let json: unknown;
  try {
    json = JSON.parse(decoder.decode(job.bytes));
  } catch (err) {
    // V8's message quotes the node's bytes: escaped, as all node text is.
    return { ok: false, error: `the answer is not valid JSON (${nodeText(errorText(err))})`, bytes: job.bytes };
  }
  let bytes = job.bytes;
  // Go decodes {} (and null) into an empty matrix; so does elastickv's fan-out.
  if (json === null || (typeof json === 'object' && !Array.isArray(json) && Object.keys(json).length === 0)) {
    json = { column_unix_ms: [], rows: [], series: job.series };
    bytes = new TextEncoder().encode(JSON.stringify(json));
  }
  try {
    const parsed = parseNodeMatrix(json, job.source, job.index, job.limits);
    if (parsed.matrix.series !== job.series) {
      return { ok: false, error: `the node answered series ${parsed.matrix.series}, not ${job.series}`, bytes };
    }
    return { ok: true, matrix: parsed.matrix, warnings: parsed.warnings.map((w) => w.message), bytes };
  } catch (err) {
    if (!(err instanceof MatrixInputError)) throw err;
    return {
      ok: false, bytes,
      error: err.detail.includes('"fanout" block')
        ? 'the answer is already merged across nodes (it carries a fanout block: the node ignored X-Admin-Fanout-Peer); '
          + 'excluded so nothing is counted twice'
        : `the answer is not a KeyViz matrix: ${err.detail}`,
    };
  }
}

/** Every ArrayBuffer in an outcome, for a zero-copy postMessage. */
export function transferables(o: AnswerOutcome): ArrayBuffer[] {
  const set = new Set<ArrayBuffer>([o.bytes.buffer as ArrayBuffer]);
  if (o.ok) {
    set.add(o.matrix.columns.buffer as ArrayBuffer);
    for (const r of o.matrix.rows) {
      set.add(r.values.buffer as ArrayBuffer);
      if (r.groups) set.add(r.groups.buffer as ArrayBuffer);
      if (r.terms) set.add(r.terms.buffer as ArrayBuffer);
    }
  }
  return [...set];
}
