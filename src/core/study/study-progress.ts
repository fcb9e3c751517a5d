import { z } from 'zod';
import { ORIGINAL_VARIANT, studyDefinitionSchema, type StudyDefinition } from './study-definition';

/** One cell of the cross product: one variant of the model on one configuration. */
export const studyCellSchema = z.object({
  variant: z.string(),
  configId: z.string(),
  /** `done`: measured by run `runId`; `skipped`: not run, `reason` says why. */
  state: z.enum(['pending', 'done', 'skipped']),
  runId: z.string().nullable(),
  reason: z.string().nullable(),
});
export type StudyCell = z.infer<typeof studyCellSchema>;

/**
 * Where a study stands, written after every step (IndexedDB in the page, a folder in the CLI): which cells
 * are done and by which run, which were skipped and why, and the time spent, so a reload or a kill carries
 * on without measuring anything twice.
 */
export const studyProgressSchema = z.object({
  studyId: z.uuid(),
  definition: studyDefinitionSchema,
  /** The reference configuration every run compares with (the original model runs on it). */
  referenceConfigId: z.string(),
  startedAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** What the finished runs took, and what they had been estimated to take: the budget's calibration. */
  spentMs: z.number().nonnegative(),
  estimatedMs: z.number().nonnegative(),
  cells: z.array(studyCellSchema),
});
export type StudyProgress = z.infer<typeof studyProgressSchema>;

/** The cross product, variant-major (`original` first), every cell pending. */
export function studyCells(definition: StudyDefinition): StudyCell[] {
  return definition.variants.flatMap((variant) =>
    definition.configurations.map((configId) => ({
      variant,
      configId,
      state: 'pending' as const,
      runId: null,
      reason: null,
    })),
  );
}

/**
 * A new study's bookkeeping. `cannotRun` gives the reason a configuration cannot run this model (null when
 * it can): those cells are skipped from the start. A variant's run compares with the original model on the
 * reference, so the reference configuration is a cell of the original only.
 */
export function newStudyProgress(
  studyId: string,
  definition: StudyDefinition,
  referenceConfigId: string,
  now: string,
  cannotRun: (configId: string) => string | null,
): StudyProgress {
  const cells = studyCells(definition).map((cell): StudyCell => {
    const why = cannotRun(cell.configId);
    if (why) return { ...cell, state: 'skipped', reason: `cannot run: ${why}` };
    if (cell.configId === referenceConfigId && cell.variant !== ORIGINAL_VARIANT)
      return {
        ...cell,
        state: 'skipped',
        reason: `${referenceConfigId} is the reference: it runs the original model in every run`,
      };
    return cell;
  });
  return {
    studyId,
    definition,
    referenceConfigId,
    startedAt: now,
    updatedAt: now,
    finishedAt: null,
    spentMs: 0,
    estimatedMs: 0,
    cells,
  };
}

/** The next variant's run: the pending cells that fit in the budget, and the ones that do not (with why). */
export interface StudyStep {
  variant: string;
  configIds: string[];
  /** The run's estimate (reference included), calibrated by the runs done so far. */
  estimatedMs: number;
  /** The uncalibrated estimate, kept to calibrate later steps. */
  rawEstimateMs: number;
  overBudget: { configId: string; reason: string }[];
}

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

/**
 * The next run a study makes, or null when no cell is pending. `estimateMs` is the planner's estimate for a
 * run of these configurations (lab/run/estimate-run.ts); it is scaled by what the finished runs actually took
 * against their estimates, and cells are taken in order while the run still fits in what is left.
 */
export function nextStudyStep(
  progress: StudyProgress,
  estimateMs: (configIds: readonly string[]) => number,
): StudyStep | null {
  const pending = progress.cells.filter((c) => c.state === 'pending');
  if (!pending.length) return null;
  const { variant } = pending[0];
  const scale = progress.estimatedMs > 0 ? progress.spentMs / progress.estimatedMs : 1;
  const leftMs = progress.definition.budgetMinutes * 60_000 - progress.spentMs;
  const withReference = (ids: readonly string[]) => [
    progress.referenceConfigId,
    ...ids.filter((id) => id !== progress.referenceConfigId),
  ];
  const configIds: string[] = [];
  const overBudget: StudyStep['overBudget'] = [];
  for (const cell of pending.filter((c) => c.variant === variant)) {
    const wouldTake = estimateMs(withReference([...configIds, cell.configId])) * scale;
    if (wouldTake <= leftMs) configIds.push(cell.configId);
    else
      overBudget.push({
        configId: cell.configId,
        reason: `over the time budget: the run would take about ${seconds(wouldTake)}, ${seconds(Math.max(0, leftMs))} of ${progress.definition.budgetMinutes} min left`,
      });
  }
  const rawEstimateMs = configIds.length ? estimateMs(withReference(configIds)) : 0;
  return { variant, configIds, estimatedMs: rawEstimateMs * scale, rawEstimateMs, overBudget };
}

/** What the study keeps of one finished run: its id, how long it took, and each configuration's outcome. */
export interface FinishedStudyRun {
  runId: string;
  tookMs: number;
  configs: readonly { configId: string; status: string; reason: string | null }[];
}

const setCells = (cells: StudyCell[], match: (cell: StudyCell) => boolean, change: Partial<StudyCell>) =>
  cells.map((cell) => (match(cell) ? { ...cell, ...change } : cell));

/** Marks a step's cells over the budget as skipped (before its run, so a reload does not reconsider them). */
export function skipOverBudget(progress: StudyProgress, step: StudyStep, now: string): StudyProgress {
  let cells = progress.cells;
  for (const { configId, reason } of step.overBudget)
    cells = setCells(cells, (c) => c.variant === step.variant && c.configId === configId, {
      state: 'skipped',
      reason,
    });
  return { ...progress, cells, updatedAt: now };
}

/**
 * Records a step's finished run: its cells are done (by that run), except a configuration that answered
 * unsupported, which is skipped with the reason; unsupported on the original, the device cannot run it at
 * all, so it is skipped in every later variant too (a variant's own refusal, e.g. made as ONNX only, is not).
 */
export function recordStudyRun(
  progress: StudyProgress,
  step: StudyStep,
  run: FinishedStudyRun,
  now: string,
): StudyProgress {
  let cells = progress.cells;
  for (const configId of step.configIds) {
    const result = run.configs.find((c) => c.configId === configId);
    const inStep = (c: StudyCell) => c.variant === step.variant && c.configId === configId;
    if (result?.status === 'unsupported') {
      const reason = `unsupported: ${result.reason ?? 'no reason given'}`;
      const everywhere = step.variant === ORIGINAL_VARIANT;
      const skip = (c: StudyCell) =>
        inStep(c) || (everywhere && c.configId === configId && c.state === 'pending');
      cells = setCells(cells, skip, {
        state: 'skipped',
        reason,
      });
    } else {
      cells = setCells(cells, inStep, { state: 'done', runId: run.runId });
    }
  }
  return {
    ...progress,
    cells,
    spentMs: progress.spentMs + run.tookMs,
    estimatedMs: progress.estimatedMs + step.rawEstimateMs,
    updatedAt: now,
  };
}

/** The runs a study made, one per variant that ran, in order. */
export function studyRunIds(progress: StudyProgress): string[] {
  return [...new Set(progress.cells.flatMap((c) => (c.runId ? [c.runId] : [])))];
}

export const studyFinished = (progress: StudyProgress) => progress.cells.every((c) => c.state !== 'pending');
