import type { RunResult } from '../../core/result-schema';
import {
  nextStudyStep,
  recordStudyRun,
  skipOverBudget,
  type StudyProgress,
  type StudyStep,
} from '../../core/study/study-progress';

/** What a study needs from the lab; the page gives the real ones (page-study.ts), tests give fakes. */
export interface StudyDeps {
  /** Writes the study's progress (IndexedDB in the page). */
  save: (progress: StudyProgress) => Promise<void>;
  /** The planner's estimate for one run of these configurations (lab/run/estimate-run.ts). */
  estimateMs: (configIds: readonly string[]) => number;
  /**
   * One step's run: carried on from its checkpoint when an earlier attempt began it, taken as it is when an
   * earlier attempt finished it, else started. Resolves with the finished (or cancelled) record.
   */
  runStep: (progress: StudyProgress, step: StudyStep) => Promise<RunResult>;
  now: () => string;
}

/**
 * Runs a study's remaining cells, one variant's run at a time, recording each step before and after its run
 * so an interruption anywhere loses at most the step in flight (and that step's run has its own checkpoints).
 * Ends when no cell is pending, or early when a run was cancelled (the progress says what is left).
 */
export async function runStudy(
  start: StudyProgress,
  deps: StudyDeps,
  onProgress: (progress: StudyProgress, step: StudyStep | null) => void = () => {},
): Promise<StudyProgress> {
  let progress = start;
  for (
    let step = nextStudyStep(progress, deps.estimateMs);
    step;
    step = nextStudyStep(progress, deps.estimateMs)
  ) {
    progress = skipOverBudget(progress, step, deps.now());
    await deps.save(progress);
    if (!step.configIds.length) continue;
    onProgress(progress, step);
    const run = await deps.runStep(progress, step);
    if (run.status === 'cancelled') return progress;
    const tookMs = Math.max(0, Date.parse(run.finishedAt) - Date.parse(run.startedAt));
    progress = recordStudyRun(progress, step, { runId: run.runId, tookMs, configs: run.configs }, deps.now());
    await deps.save(progress);
  }
  progress = { ...progress, finishedAt: deps.now(), updatedAt: deps.now() };
  await deps.save(progress);
  onProgress(progress, null);
  return progress;
}
