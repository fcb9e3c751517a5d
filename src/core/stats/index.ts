export type { LatencySummary } from './summary';
export { percentile, summarizeLatency } from './summary';
export type { MannWhitneyResult } from './mann-whitney';
export { mannWhitneyU, erfc, normalCdf } from './mann-whitney';
