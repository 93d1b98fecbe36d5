export { CaptureReadError, CaptureReplay, looksLikeCapture, readCapture } from './read';
export type { CaptureFile, CapturePoll } from './read';
export { DEFAULT_RESERVE_BYTES, realClock, runCapture } from './run';
export type { CaptureClock, CaptureOptions, CaptureSummary } from './run';
export { aggregateOf, Segments } from './segments';
export { CaptureFileError, CaptureWriter, existsAlready, freeBytes } from './writer';
