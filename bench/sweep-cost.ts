import type { RunResult } from '../src/core/result-schema';
import type { LabProgress } from '../src/lab/run/run-lab';

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

/**
 * When each step of a run began, as its progress events arrive here (wall clock, the same clock as the
 * record's startedAt and finishedAt on this machine).
 */
export class StepClock {
  readonly #starts: { step: string; at: number }[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  onProgress = (progress: LabProgress): void => {
    const step = `${progress.configId} ${progress.phase}`;
    if (this.#starts.at(-1)?.step !== step) this.#starts.push({ step, at: this.now() });
  };

  /**
   * Where the sweep's wall time went: reading and decoding the images (the run's start to its first
   * load), then each configuration's load, timing loops and images, the images' inference time beside
   * them (the record's per-image times). With the runtime's pace, each timing and images span also says
   * what it would take at that pace: the runtime's own slow runs (a JIT still tiering up) show as
   * inference above it, the lab's own cost as span above the inference.
   */
  breakdown(run: RunResult, paceP50Ms: ReadonlyMap<string, number> = new Map()): string {
    const end = Date.parse(run.finishedAt);
    const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    const first = this.#starts[0]?.at ?? end;
    const parts = [
      `reading and decoding ${run.images.length} images ${seconds(first - Date.parse(run.startedAt))}`,
    ];
    for (const config of run.configs) {
      const p50 = paceP50Ms.get(config.configId);
      const atPace = (runs: number) => (p50 === undefined ? '' : `, ${seconds(runs * p50)} at p50`);
      const timed = run.images
        .flatMap((i) => i.outcomes)
        .filter((o) => o.configId === config.configId && o.inferMs !== null);
      const inferMs = timed.reduce((sum, o) => sum + o.inferMs!, 0);
      const loopRuns = config.warmupRuns + config.warmSamplesMs.length;
      const notes = {
        load: '',
        timing: ` (cold + ${loopRuns} runs${atPace(loopRuns)})`,
        images: ` (inference ${seconds(inferMs)}${atPace(timed.length)})`,
      };
      const spans = (['load', 'timing', 'images'] as const).map((phase) => {
        const index = this.#starts.findIndex((s) => s.step === `${config.configId} ${phase}`);
        if (index < 0) return `${phase} —`;
        const until = this.#starts[index + 1]?.at ?? end;
        return `${phase} ${seconds(until - this.#starts[index].at)}${notes[phase]}`;
      });
      parts.push(`${config.configId}: ${spans.join(', ')}`);
    }
    return parts.join('; ');
  }
}
