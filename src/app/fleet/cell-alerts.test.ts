import { describe, expect, it } from 'vitest';
import type { FleetCell } from '../../core/store-api';
import { cellAlerts } from './cell-alerts';

const cell = (change: Partial<FleetCell>): FleetCell => ({
  modelId: 'm',
  device: 'd',
  browser: 'b',
  configId: 'ort-wasm',
  runs: 2,
  okRuns: 2,
  top1Agreement: 1,
  accuracyTop1: 0.7,
  latencyP50Ms: 10,
  ...change,
});

describe('cellAlerts', () => {
  it('lets a healthy cell be', () => {
    const c = cell({});
    expect(cellAlerts(c, [c, cell({ accuracyTop1: 0.72 })])).toEqual([]);
  });

  it('flags failed runs, low agreement, and accuracy well under the model’s best', () => {
    const bad = cell({ okRuns: 1, top1Agreement: 0.9, accuracyTop1: 0.1 });
    expect(cellAlerts(bad, [bad, cell({})])).toEqual(['failed-runs', 'low-agreement', 'low-accuracy']);
  });

  it('never flags accuracy or agreement it does not know', () => {
    const c = cell({ top1Agreement: null, accuracyTop1: null });
    expect(cellAlerts(c, [c, cell({})])).toEqual([]);
  });
});
