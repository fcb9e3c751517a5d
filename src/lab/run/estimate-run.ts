import { configuration } from '../../adapters/configurations';
import type { RunPlan } from './plan-run';

/**
 * Rough per-configuration costs of a MobileNetV2-sized model (224×224, ~3 M parameters) on a quiet 2-core
 * machine without a GPU, rounded up: what a first visitor is told before pressing Run (larger models take
 * longer: the form says the estimate is for a MobileNetV2-sized one).
 */
const costMs: Record<string, { load: number; infer: number }> = {
  cpu: { load: 800, infer: 500 },
  wasm: { load: 1_500, infer: 80 },
  webgl: { load: 3_000, infer: 300 },
  webgpu: { load: 4_000, infer: 300 },
  'webgpu-native': { load: 4_000, infer: 300 },
  webnn: { load: 2_000, infer: 100 },
};
/** Page set-up, decoding and resizing the images, saving the record. */
const overheadMs = 2_000;

export interface RunSize {
  images: number;
  warmupRuns: number;
  timedRuns: number;
}

/**
 * How long a planned run should take, in ms, from the planner's configurations: each loads once, then runs
 * every image once, up to `warmupRuns` warm-up runs (fewer when the times settle) and `timedRuns` timed ones.
 */
export function estimateRunMs(plan: Pick<RunPlan, 'configIds'>, size: RunSize): number {
  const runs = size.images + size.warmupRuns + size.timedRuns;
  return plan.configIds.reduce((total, id) => {
    const cost = costMs[configuration(id).backend] ?? costMs.cpu;
    return total + cost.load + runs * cost.infer;
  }, overheadMs);
}
