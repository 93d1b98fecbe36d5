export { checkSnapshotHead, damaged, DEFAULT_MAX_SNAPSHOT_BYTES, isGzip, parseSnapshot, readSnapshotFile, readSnapshotJson, SnapshotReadError } from './read';
export { snapshotChunks, wantsGzip, writeSnapshotFile } from './write';
export type { SnapshotInput, SnapshotRequest } from './write';
export { openSnapshot, snapshotFromJson } from './view';
export type { OpenedSnapshot, SnapshotMeta } from './view';
export { keyRedactor } from './redact';
