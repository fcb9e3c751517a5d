import { z } from 'zod';
import {
  candidates,
  chooseFastest,
  DEFAULT_AGREEMENT_THRESHOLD,
  evidence,
  type Candidate,
  type RecommendationInput,
} from '../recommend/recommend';
import { describeRecommendation } from '../recommend/describe-recommendation';
import {
  recommendationSchema,
  recommendedConfigSchema,
  type Recommendation,
} from '../recommend/recommendation-schema';
import type { StudyProgress } from './study-progress';

const variant = z.string();

/** The recommendation over a study's cells: the run's rule, with the variant beside each configuration. */
export const studyRecommendationSchema = recommendationSchema.extend({
  pick: recommendedConfigSchema.extend({ variant }).nullable(),
  runnerUp: recommendedConfigSchema.extend({ variant, overlaps: z.boolean() }).nullable(),
  rejected: z.array(z.object({ variant, configId: z.string(), p50Ms: z.number(), reason: z.string() })),
});
export type StudyRecommendation = z.infer<typeof studyRecommendationSchema>;

type Cell = Candidate & { variant: string };

/**
 * The rule of core/recommend over (variant, configuration) cells: the fastest measured cell whose verdict
 * against its run's reference (the original model on the reference configuration) agrees and whose top-1
 * agreement reaches `threshold`, with the runner-up and every faster cell passed over, with why.
 */
export function recommendStudy(
  progress: StudyProgress,
  runs: ReadonlyMap<string, RecommendationInput>,
  threshold: number = DEFAULT_AGREEMENT_THRESHOLD,
): StudyRecommendation {
  const measured: Cell[] = [];
  for (const [runId, run] of runs) {
    const cells = progress.cells.filter((c) => c.state === 'done' && c.runId === runId);
    if (!cells.length) continue;
    const inRun = (configId: string) => cells.some((c) => c.configId === configId);
    const { variant } = cells[0];
    measured.push(...candidates(run, threshold, inRun).map((c) => ({ ...c, variant })));
  }
  const { pick, runnerUp, overlaps, rejected, reason } = chooseFastest(measured, threshold, 'cells');
  return {
    threshold,
    pick: pick && { ...evidence(pick), variant: pick.variant },
    runnerUp: runnerUp && { ...evidence(runnerUp), variant: runnerUp.variant, overlaps },
    rejected: rejected.map((c) => ({
      variant: c.variant,
      configId: c.configId,
      p50Ms: c.p50Ms,
      reason: c.fails!,
    })),
    reason,
  };
}

/** A cell named for people: `fp16 on ort-wasm[threads=2]`. */
export const cellName = (cell: { variant: string; configId: string }) =>
  `${cell.variant} on ${cell.configId}`;

/** The study's recommendation in the run's form, each cell named (`fp16 on ort-wasm`): for the run's views. */
export function namedCells(r: StudyRecommendation): Recommendation {
  const named = <C extends { variant: string; configId: string }>(c: C) => ({ ...c, configId: cellName(c) });
  return {
    ...r,
    pick: r.pick && named(r.pick),
    runnerUp: r.runnerUp && named(r.runnerUp),
    rejected: r.rejected.map(named),
  };
}

/** The study's recommendation in plain lines, worded as the run's is. */
export const describeStudyRecommendation = (r: StudyRecommendation): string[] =>
  describeRecommendation(namedCells(r), 'cell');
