export {
  DEMO_ACCESS_KEY, DEMO_DEFAULTS, DEMO_SECRET_KEY, DemoCluster, DemoClusterConfigError, MAX_HISTORY, MAX_NODES,
  startDemoCluster,
} from './cluster';
export type { ClusterSummary, DemoClusterOptions, KeyPair, ReadyInfo } from './cluster';
export { FAULT_HELP, FaultSpecError, parseFault, parseNodeFault } from './faults';
export type { Fault, FaultKind } from './faults';
export type { DemoNode, DemoRequest, HotKeysMode } from './node';
export { HOTKEYS_MODES } from './node';
