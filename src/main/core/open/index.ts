export { FileOpenError, type FileOpener, fileOpener, inlineOpener, type OpenOptions, WorkerOpener, type WorkerOpenerOptions } from './opener';
export type { OpenedFile } from './open-job';
