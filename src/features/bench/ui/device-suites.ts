/**
 * The suites the Bench page runs on this device: the same measuring code as `npm run bench`,
 * minus the peers (which the app never ships), on the models stored here. One file per suite in
 * ./suites/; each turns its own result into the page's rows with a tested builder in ../shared/.
 */
import type { DeviceSuite } from './suites/common';
import { faceSuite } from './suites/face';
import { healthSuite } from './suites/health';
import { quantSuite } from './suites/quant';
import { translateSuite } from './suites/translate';

export type { DeviceSuite, SuiteRunOptions } from './suites/common';

/** Every suite the page offers, in the order shown and run. */
export const DEVICE_SUITES: readonly DeviceSuite[] = [faceSuite, quantSuite, healthSuite, translateSuite];
