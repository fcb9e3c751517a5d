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
 * runtime on baseline code while V8 optimises it on background threads: for ort-wasm that took 2–3 s
 * here with both cores busy compiling, longer than 30 runs at 20–45 ms each, and its runs meanwhile were
 * steady by the rule at about twice their time after it (34.6 against 19–22 ms in one traced sweep).
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
   * Warm-up time (the sum of its runs' times) before the runs may be called steady; a cap reached sooner
   * is extended, up to `floorExtension` times itself. 0 or absent: steady whenever, and the cap holds.
   */
  warmupMinMs?: number;
}

/** The most warm-up runs the plan allows: the cap, or its extension under a time floor. */
export function maxWarmupRuns(plan: TimingPlan): number {
  return plan.warmupMinMs ? floorExtension * plan.warmupCap : plan.warmupCap;
}

/**
 * Runs `runOnce` (one inference, resolving to its time) until the last two windows of times are steady
 * and the warm-up has lasted `warmupMinMs`: at most `warmupCap` times, or two windows past the run that
 * filled the floor, and at most `maxWarmupRuns` times in any case (the floor then no longer holds
 * steadiness back). A cap below two windows can never be steady; that is reported, not hidden.
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
  // The run at which the floor passed; past the cap, two more windows give steadiness a fair judgement.
  let floorRun: number | null = null;
  const goOn = (runs: number) =>
    runs < plan.warmupCap ||
    (minMs > 0 && runs < most && (floorRun === null || runs < floorRun + 2 * rule.window));
  while (goOn(samplesMs.length)) {
    const ms = await runOnce();
    samplesMs.push(ms);
    warmedMs += ms;
    if (floorRun === null && (warmedMs >= minMs || samplesMs.length >= most)) floorRun = samplesMs.length;
    if (floorRun !== null && isSteady(samplesMs, rule))
      return { runs: samplesMs.length, steady: true, samplesMs };
  }
  return { runs: samplesMs.length, steady: false, samplesMs };
}

export interface TimedLoop {
  /** Warm-up runs, timed runs that were retaken included. */
  warmupRuns: number;
  steady: boolean;
  samplesMs: number[];
}

/**
 * Timed runs whose median is off the level warm-up ended on (by more than the rule's median shift) are
 * retaken after a new warm-up, at most this many times: something else had the cores while they ran.
 * Only under a time floor (the default cap): a cap someone chose holds as chosen, retakes and all.
 */
const maxRetakes = 2;

function retakesAllowed(plan: TimingPlan): number {
  return plan.warmupMinMs ? maxRetakes : 0;
}

/** The most runs one timing loop makes: warm-up and timed runs, and every retake's. */
export function maxLoopRuns(plan: TimingPlan): number {
  return maxWarmupRuns(plan) + plan.timedRuns + retakesAllowed(plan) * (plan.warmupCap + plan.timedRuns);
}

/** Whether timed runs kept the level warm-up ended on: their median within the rule's median shift of it. */
function heldLevel(timedMs: readonly number[], warmUpMs: readonly number[], rule: SteadyStateRule): boolean {
  if (timedMs.length === 0) return true;
  const level = sortedMedian(warmUpMs.slice(-rule.window)).median;
  return Math.abs(sortedMedian([...timedMs]).median - level) / level <= rule.maxMedianShift;
}

/**
 * Warm-up until steady, then the timed runs, back to back with nothing between them: the loop a runtime
 * worker runs on its own, so no page round trip sits between two timed inferences. A retake's warm-up
 * has no time floor: what the floor waits out (the first optimisation) is over by then.
 */
export async function timeLoop(
  runOnce: () => Promise<number>,
  plan: TimingPlan,
  rule: SteadyStateRule = steadyStateRule,
): Promise<TimedLoop> {
  let warmUp = await warmUpUntilSteady(runOnce, plan, rule);
  let warmupRuns = warmUp.runs;
  for (let retake = 0; ; retake++) {
    const samplesMs: number[] = [];
    for (let i = 0; i < plan.timedRuns; i++) samplesMs.push(await runOnce());
    // A warm-up that never became steady has no level to hold; timed runs that never held it are not steady.
    const held = !warmUp.steady || heldLevel(samplesMs, warmUp.samplesMs, rule);
    if (held || retake === retakesAllowed(plan))
      return { warmupRuns, steady: warmUp.steady && held, samplesMs };
    warmupRuns += samplesMs.length;
    warmUp = await warmUpUntilSteady(runOnce, { warmupCap: plan.warmupCap }, rule);
    warmupRuns += warmUp.runs;
  }
}
