import { planRun, type RunPlan } from '../../lab/run/plan-run';
import { estimateRunMs } from '../../lab/run/estimate-run';
import type { RunOptions } from '../../lab/run/start-run';
import { zoo } from '../../lab/models/zoo';

/**
 * The first visit's run: the built-in model on a few built-in images, on the two fastest configurations
 * without a GPU (wasm), with few runs, so it ends in well under 30 s on a 2-core machine.
 */
export const quickRunOptions: RunOptions = {
  modelId: 'nsfw-mobilenet-v2',
  images: { kind: 'samples' },
  configIds: ['ort-wasm'],
  // Not ticked: the planner adds it, and the offer says so.
  referenceConfigId: 'tfjs-wasm',
  limit: 4,
  warmupRuns: 2,
  timedRuns: 3,
};

export interface QuickRunOffer {
  plan: RunPlan;
  estimateMs: number;
}

export function quickRunOffer(): QuickRunOffer | null {
  if (!zoo.models.some((m) => m.id === quickRunOptions.modelId)) return null;
  const plan = planRun(quickRunOptions, zoo.models);
  const estimateMs = estimateRunMs(plan, {
    images: quickRunOptions.limit ?? 1,
    warmupRuns: quickRunOptions.warmupRuns ?? 0,
    timedRuns: quickRunOptions.timedRuns ?? 1,
  });
  return { plan, estimateMs };
}
