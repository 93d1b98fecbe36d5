export {
  DEMO_ACCESS_KEY, DEMO_DEFAULTS, DEMO_SECRET_KEY, DemoCluster, DemoClusterConfigError, MAX_HISTORY, MAX_NODES,
  startDemoCluster,
} from './cluster';
export type { DemoClusterOptions, ReadyInfo } from './cluster';
export type { DemoNode } from './node';
