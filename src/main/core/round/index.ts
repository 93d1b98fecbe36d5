export { fanoutBlock, leaveOutOversized, outcomeOf, outcomeOfStatuses } from './outcome';
export type { Outcome } from './outcome';
export { appendColumns, keptWindow, trimColumns } from './keep';
