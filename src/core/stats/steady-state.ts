export interface SteadyStateRule {
  /** Samples per window; the last two windows are compared. */
  window: number;
  /** Largest (max − min) ÷ median within the last window. */
  maxRelativeSpread: number;
  /** Largest change of the median from the window before to the last one, relative to the last. */
  maxMedianShift: number;
}

/**
 * Two windows of five runs: the last within 20 % of its median, and its median within 10 % of the one
 * before. One window alone calls a slow plateau steady just before a tier-up (see the tests); two
 * catch a level that is still moving, and stay loose enough for a browser's noise.
 */
export const steadyStateRule: SteadyStateRule = { window: 5, maxRelativeSpread: 0.2, maxMedianShift: 0.1 };

function sortedMedian(values: number[]): { median: number; spread: number } {
  const sorted = values.sort((a, b) => a - b);
  return { median: sorted[sorted.length >> 1], spread: sorted[sorted.length - 1] - sorted[0] };
}

/** Whether the last two windows of samples are steady. */
export function isSteady(samplesMs: readonly number[], rule: SteadyStateRule = steadyStateRule): boolean {
  const { window } = rule;
  if (samplesMs.length < 2 * window) return false;
  const before = sortedMedian(samplesMs.slice(-2 * window, -window));
  const last = sortedMedian(samplesMs.slice(-window));
  if (!(last.median > 0)) return last.spread === 0 && before.median === last.median;
  return (
    last.spread / last.median <= rule.maxRelativeSpread &&
    Math.abs(last.median - before.median) / last.median <= rule.maxMedianShift
  );
}

export interface WarmUp {
  /** Warm-up runs it took (the cap when steady state was not reached). */
  runs: number;
  /** Whether the window became steady before the cap. */
  steady: boolean;
  samplesMs: number[];
}

/** The lab's cap of warm-up runs unless someone chooses another. */
export const defaultWarmupCap = 30;
/**
 * The time floor under the default cap (TimingPlan.warmupMinMs). A fresh browser first runs a wasm
 * runtime on baseline code and optimises it in the background: ort-wasm took 2–3 s of that here, longer
 * than 30 runs at 20–45 ms each, so it often reached the timed runs while still speeding up.
 */
export const defaultWarmupMinMs = 3000;

/** The floor that goes with a cap: the default cap's; a cap someone chose (a quick look) holds as chosen. */
export function warmupFloorMs(warmupCap: number): number {
  return warmupCap === defaultWarmupCap ? defaultWarmupMinMs : 0;
}

/** However fast the runs, a warm-up extended by the time floor stops at this many times the cap. */
const floorExtension = 10;

/** How long one configuration is timed: warm-up until steady (see `maxWarmupRuns`), then timed runs. */
export interface TimingPlan {
  warmupCap: number;
  timedRuns: number;
  /**
   * A cap reached in less warm-up time than this (the sum of its runs' times) is extended, up to
   * `floorExtension` times itself, while the runs are not yet steady; 0 or absent: the cap holds.
   */
  warmupMinMs?: number;
}

/** The most warm-up runs the plan allows: the cap, or its extension under a time floor. */
export function maxWarmupRuns(plan: TimingPlan): number {
  return plan.warmupMinMs ? floorExtension * plan.warmupCap : plan.warmupCap;
}

/**
 * Runs `runOnce` (one inference, resolving to its time) until the last two windows of times are steady: at
 * most `warmupCap` times once the warm-up has lasted `warmupMinMs`, and at most `maxWarmupRuns` times in
 * any case. A cap below two windows can never be steady; that is reported, not hidden.
 */
export async function warmUpUntilSteady(
  runOnce: () => Promise<number>,
  plan: Pick<TimingPlan, 'warmupCap' | 'warmupMinMs'>,
  rule: SteadyStateRule = steadyStateRule,
): Promise<WarmUp> {
  const samplesMs: number[] = [];
  let warmedMs = 0;
  const most = maxWarmupRuns({ ...plan, timedRuns: 0 });
  const minMs = plan.warmupMinMs ?? 0;
  while (samplesMs.length < plan.warmupCap || (warmedMs < minMs && samplesMs.length < most)) {
    const ms = await runOnce();
    samplesMs.push(ms);
    warmedMs += ms;
    if (isSteady(samplesMs, rule)) return { runs: samplesMs.length, steady: true, samplesMs };
  }
  return { runs: samplesMs.length, steady: false, samplesMs };
}

export interface TimedLoop {
  warmupRuns: number;
  steady: boolean;
  samplesMs: number[];
}

/**
 * Warm-up until steady, then the timed runs, back to back with nothing between them: the loop a runtime
 * worker runs on its own, so no page round trip sits between two timed inferences.
 */
export async function timeLoop(runOnce: () => Promise<number>, plan: TimingPlan): Promise<TimedLoop> {
  const warmUp = await warmUpUntilSteady(runOnce, plan);
  const samplesMs: number[] = [];
  for (let i = 0; i < plan.timedRuns; i++) samplesMs.push(await runOnce());
  return { warmupRuns: warmUp.runs, steady: warmUp.steady, samplesMs };
}
