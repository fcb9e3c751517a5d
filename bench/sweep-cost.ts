import type { RunResult } from '../src/core/result-schema';
import { summarizeLatency } from '../src/core/stats/summary';
import type { LabProgress } from '../src/lab/run/run-lab';
import type { BareLoopTiming } from './bare-loop-protocol';

export const sweepTarget = 1.1;

export interface SweepCost {
  wallMs: number;
  /**
   * What the run's work would take without a harness: loads, every inference at the runtime's own pace
   * (runtimePace) and each runtime's start-up (runtimeStartUp).
   */
  expectedMs: number;
  ratio: number;
  inferences: number;
  /** The runtimes' start-up within expectedMs, and the ratio without it (every inference at p50). */
  startUpMs: number;
  ratioAtPace: number;
}

/**
 * What a runtime's first inferences in a fresh worker take above its steady pace: the cold run and a
 * warm-up while V8 still optimises its wasm (ort-wasm: 0.7–0.9 s here), measured on a bare loop's whole
 * schedule. Never below 0: a schedule that came out faster than its own p50 had no start-up to price;
 * null without timed runs.
 */
export function startUpMs(timing: BareLoopTiming): number | null {
  // Without timed runs there is no steady pace to measure the start-up against.
  if (!timing.samplesMs.length) return null;
  const runs = 1 + timing.warmupRuns + timing.samplesMs.length;
  return Math.max(0, timing.scheduleMs - runs * summarizeLatency(timing.samplesMs).p50Ms);
}

/**
 * A sweep's wall time (the record's start to finish) against what its work costs without a harness:
 * for each configuration, its model load (fetch + compile), every inference it ran (cold, warm-up,
 * timed and one per image) at the runtime's own p50, and the runtime's own start-up above that pace in a
 * fresh worker, as a bare loop pays it. What is left over is the lab's own cost (decoding, worker start,
 * comparisons, checkpoints).
 */
export function sweepCost(
  run: RunResult,
  paceP50Ms: ReadonlyMap<string, number>,
  startUpByConfig: ReadonlyMap<string, number>,
): SweepCost {
  let atPaceMs = 0;
  let startUp = 0;
  let inferences = 0;
  for (const config of run.configs) {
    const p50 = paceP50Ms.get(config.configId);
    if (p50 === undefined) throw new Error(`sweep: no runtime p50 for ${config.configId}`);
    const images = run.images.filter((i) =>
      i.outcomes.some((o) => o.configId === config.configId && o.status === 'ok'),
    ).length;
    const timing = (config.firstInferMs === null ? 0 : 1) + config.warmupRuns + config.warmSamplesMs.length;
    inferences += images + timing;
    atPaceMs += (config.fetchMs ?? 0) + (config.compileMs ?? 0) + p50 * (images + timing);
    // Unmeasured (its bare loops failed), it is priced at nothing: the figure can only come out worse.
    startUp += startUpByConfig.get(config.configId) ?? 0;
  }
  const wallMs = Date.parse(run.finishedAt) - Date.parse(run.startedAt);
  const expectedMs = atPaceMs + startUp;
  return {
    wallMs,
    expectedMs,
    ratio: wallMs / expectedMs,
    inferences,
    startUpMs: startUp,
    ratioAtPace: wallMs / atPaceMs,
  };
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
   * what it would take at that pace, the timing loop with the runtime's start-up beside it: the lab's own
   * cost shows as span above these.
   */
  breakdown(
    run: RunResult,
    paceP50Ms: ReadonlyMap<string, number> = new Map(),
    startUpByConfig: ReadonlyMap<string, number> = new Map(),
  ): string {
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
      const startUp = startUpByConfig.get(config.configId);
      const notes = {
        load: '',
        timing: ` (cold + ${loopRuns} runs${atPace(loopRuns)}${startUp === undefined ? '' : ` + ${seconds(startUp)} start-up`})`,
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
