import { configVerdict } from '../report/config-verdict';
import type { RunResult } from '../result-schema';
import type { RecommendedConfig, Recommendation } from './recommendation-schema';

/** The default least top-1 agreement with the reference: 99 %. */
export const DEFAULT_AGREEMENT_THRESHOLD = 0.99;

/** What the rule reads from a finished run; a stored record (with or without a recommendation) has it all. */
export type RecommendationInput = Pick<RunResult, 'configs' | 'images' | 'settings' | 'model'>;

/** One measured configuration as the rule sees it. */
export interface Candidate extends RecommendedConfig {
  /** Why it does not qualify; null when it does. */
  fails: string | null;
}

const percent = (rate: number) => `${(rate * 100).toFixed(1)} %`;

/**
 * The run's measured configurations (those `include` keeps), each with why it does not qualify, in the run's
 * order; a study ranks several runs' candidates together (core/study/recommend-study.ts).
 */
export function candidates(
  run: RecommendationInput,
  threshold: number,
  include: (configId: string) => boolean = () => true,
): Candidate[] {
  const measured: Candidate[] = [];
  for (const config of run.configs) {
    if (config.status !== 'ok' || !config.warm || !include(config.configId)) continue;
    const { verdict, detail } = configVerdict(run, config);
    // The reference agrees with itself by definition.
    const isReference = verdict === 'reference';
    const top1Agreement = isReference ? 1 : (config.agreement?.top1AgreementRate ?? null);
    let fails: string | null = null;
    if (!isReference && verdict !== 'agrees') fails = `verdict ${verdict}: ${detail}`;
    else if (top1Agreement === null) fails = 'no top-1 agreement with the reference was measured';
    else if (top1Agreement < threshold)
      fails = `top-1 agreement ${percent(top1Agreement)} is below ${percent(threshold)}`;
    measured.push({
      configId: config.configId,
      p50Ms: config.warm.p50Ms,
      p50IntervalMs: config.p50IntervalMs,
      top1Agreement: top1Agreement ?? 0,
      fails,
    });
  }
  return measured;
}

export const evidence = ({
  configId,
  p50Ms,
  p50IntervalMs,
  top1Agreement,
}: Candidate): RecommendedConfig => ({
  configId,
  p50Ms,
  p50IntervalMs,
  top1Agreement,
});

/** The rule's choice among candidates: the fastest that qualifies, the next one, and every faster one passed over. */
export interface Choice<C extends Candidate> {
  pick: C | null;
  runnerUp: C | null;
  /** The runner-up's p50 interval overlaps the pick's: it may be as fast. */
  overlaps: boolean;
  rejected: C[];
  /** Why there is no pick; null with one. `noun` names what was measured ("configurations", "cells"). */
  reason: string | null;
}

export function chooseFastest<C extends Candidate>(
  measured: C[],
  threshold: number,
  noun: string,
): Choice<C> {
  // Fastest first; a tie keeps the given order.
  const ranked = [...measured].sort((a, b) => a.p50Ms - b.p50Ms);
  const qualifying = ranked.filter((c) => c.fails === null);
  const pick = qualifying[0] ?? null;
  const rejected = pick ? ranked.slice(0, ranked.indexOf(pick)) : ranked;
  const second = qualifying[1] ?? null;
  const overlaps =
    pick !== null &&
    second !== null &&
    pick.p50IntervalMs !== null &&
    second.p50IntervalMs !== null &&
    second.p50IntervalMs.low <= pick.p50IntervalMs.high;
  const reason = pick
    ? null
    : ranked.length
      ? `none of the ${ranked.length} measured ${noun} agrees with the reference at ${percent(threshold)} top-1`
      : `no ${noun.replace(/s$/, '')} was measured`;
  return { pick, runnerUp: second, overlaps, rejected, reason };
}

/**
 * The rule: of the configurations that ran on this device, the fastest (steady-state p50) whose verdict
 * agrees with the reference (the whole-model tolerance, docs/tolerances.md) and whose top-1 agreement is at
 * least `threshold`. A faster configuration that drifts, disagrees or agrees too rarely is never picked;
 * each is listed with its reason. Pure: the page, the CLI, the fleet and the bench all call this one.
 */
export function recommend(
  run: RecommendationInput,
  threshold: number = DEFAULT_AGREEMENT_THRESHOLD,
): Recommendation {
  const { pick, runnerUp, overlaps, rejected, reason } = chooseFastest(
    candidates(run, threshold),
    threshold,
    'configurations',
  );
  return {
    threshold,
    pick: pick && evidence(pick),
    runnerUp: runnerUp && { ...evidence(runnerUp), overlaps },
    rejected: rejected.map((c) => ({ configId: c.configId, p50Ms: c.p50Ms, reason: c.fails! })),
    reason,
  };
}
