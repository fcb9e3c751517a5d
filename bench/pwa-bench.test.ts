import { describe, expect, it } from 'vitest';
import { planRun } from '../src/lab/run/plan-run';
import { zoo } from '../src/lab/models/zoo';
import { coldStartOptions } from './pwa-bench';

describe('the offline cold start’s run', () => {
  it('runs the configuration it times and nothing before it', () => {
    const plan = planRun(coldStartOptions('tfjs-wasm'), zoo.models);
    expect(plan.configIds).toEqual(['tfjs-wasm']);
    expect(plan.referenceAdded).toBe(false);
  });
});
