// `kind` and `can` of an open answer, for the renderer tests' fake bridges: the app's own table, so
// a fake never claims what the app would not.
import { VIEW_CAN } from '../../src/main/app/views/can';

export const LIVE = { kind: 'live', can: VIEW_CAN.live } as const;
export const SNAPSHOT = { kind: 'snapshot', can: VIEW_CAN.snapshot } as const;
export const REPLAY = { kind: 'replay', can: VIEW_CAN.replay } as const;
export const COMPARISON = { kind: 'comparison', can: VIEW_CAN.comparison } as const;
