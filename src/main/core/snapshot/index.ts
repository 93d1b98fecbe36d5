export { DEFAULT_MAX_SNAPSHOT_BYTES, isGzip, parseSnapshot, readSnapshotFile, SnapshotReadError } from './read';
export { snapshotChunks, wantsGzip, writeSnapshotFile } from './write';
export type { SnapshotInput, SnapshotRequest } from './write';
