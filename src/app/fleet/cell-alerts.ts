import type { FleetCell } from '../../core/store-api';

/** Below this top-1 agreement with the reference a cell stands out: more than 1 image in 20 flips. */
export const lowAgreement = 0.95;
/** A cell stands out when its accuracy trails the model's best cell by more than this (5 points). */
export const accuracyGap = 0.05;

export type CellAlert = 'failed-runs' | 'low-agreement' | 'low-accuracy';

export const alertNames: Record<CellAlert, string> = {
  'failed-runs': 'some runs failed',
  'low-agreement': `top-1 agreement under ${lowAgreement * 100}%`,
  'low-accuracy': `accuracy more than ${accuracyGap * 100} points under this model's best`,
};

/**
 * What makes a fleet cell stand out, against the other cells of the same model: accuracy is compared with
 * the model's best, since one model's 70 % is another's excellent.
 */
export function cellAlerts(cell: FleetCell, sameModel: readonly FleetCell[]): CellAlert[] {
  const alerts: CellAlert[] = [];
  if (cell.okRuns < cell.runs) alerts.push('failed-runs');
  if (cell.top1Agreement !== null && cell.top1Agreement < lowAgreement) alerts.push('low-agreement');
  const best = Math.max(...sameModel.map((c) => c.accuracyTop1 ?? -Infinity));
  if (cell.accuracyTop1 !== null && cell.accuracyTop1 < best - accuracyGap) alerts.push('low-accuracy');
  return alerts;
}
