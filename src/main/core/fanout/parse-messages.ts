// What the fan-out's thread and its parse workers say to each other: one decoding session per
// answer body, fed as the body arrives (parse-pool.ts sends, parse-worker.ts answers).
import type { AnswerOutcome, SessionJob } from './parse-answer';

export type ToWorker =
  | { op: 'open'; id: number; job: SessionJob }
  /** Body bytes, in order (a copy the worker owns: transferred). */
  | { op: 'push'; id: number; chunk: Uint8Array }
  | { op: 'end'; id: number }
  /** Drop the session's decoder (cap, deadline, transport error). */
  | { op: 'abort'; id: number }
  /** How many sessions the worker holds (tests: an aborted session must not stay). */
  | { op: 'count'; id: number };

export type FromWorker =
  /** The decoder refused: the answer is refused whatever follows (sent once, before `end`'s answer). */
  | { op: 'failed'; id: number }
  /**
   * A pushed chunk was read (decoded, or ignored after a refusal): the sender's backlog shrinks,
   * and its buffer comes back (transferred) for the next batch, so none is left for the GC.
   */
  | { op: 'took'; id: number; bytes: number; buffer: ArrayBuffer }
  /**
   * The outcome. `body`: its `bytes` stand for the body as received, which the sender kept (the
   * worker never had it whole); otherwise they are the worker's own (the empty matrix of `{}`).
   */
  | { op: 'done'; id: number; out: AnswerOutcome; body: boolean }
  | { op: 'count'; id: number; sessions: number };
