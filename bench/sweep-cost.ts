import type { RunResult } from '../src/core/result-schema';

export const sweepTarget = 1.1;

export interface SweepCost {
  wallMs: number;
  /** What the run's inferences and loads alone would take at the runtime's own pace (runtimePace). */
  expectedMs: number;
  ratio: number;
  inferences: number;
}

/**
 * A sweep's wall time (the record's start to finish) against what its work costs without a harness:
 * for each configuration, its model load (fetch + compile) plus every inference it ran (cold, warm-up,
 * timed and one per image) at the runtime's own p50. What is left over is the lab's own cost (decoding,
 * worker start, comparisons, checkpoints).
 */
export function sweepCost(run: RunResult, paceP50Ms: ReadonlyMap<string, number>): SweepCost {
  let expectedMs = 0;
  let inferences = 0;
  for (const config of run.configs) {
    const p50 = paceP50Ms.get(config.configId);
    if (p50 === undefined) throw new Error(`sweep: no runtime p50 for ${config.configId}`);
    const images = run.images.filter((i) =>
      i.outcomes.some((o) => o.configId === config.configId && o.status === 'ok'),
    ).length;
    const timing = (config.firstInferMs === null ? 0 : 1) + config.warmupRuns + config.warmSamplesMs.length;
    inferences += images + timing;
    expectedMs += (config.fetchMs ?? 0) + (config.compileMs ?? 0) + p50 * (images + timing);
  }
  const wallMs = Date.parse(run.finishedAt) - Date.parse(run.startedAt);
  return { wallMs, expectedMs, ratio: wallMs / expectedMs, inferences };
}
