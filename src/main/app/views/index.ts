export type { View } from './view';
export { LiveView } from './live-view';
export { SnapshotView } from './snapshot-view';
export { ReplayView } from './replay-view';
export { ComparisonView } from './comparison-view';
export { VIEW_CAN } from './can';
export { sideLabels } from './side';
export type { ViewSide } from './side';
