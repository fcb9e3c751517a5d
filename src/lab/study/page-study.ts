import { parseConfigId } from '../../adapters/configurations';
import type { RunResult } from '../../core/result-schema';
import type { StudyDefinition } from '../../core/study/study-definition';
import { newStudyProgress, studyRunIds, type StudyProgress } from '../../core/study/study-progress';
import { sampleImages } from '../images/image-sources';
import { zoo } from '../models/zoo';
import { estimateRunMs } from '../run/estimate-run';
import { planRun } from '../run/plan-run';
import type { LabProgress } from '../run/run-lab';
import { assetBaseUrl, defaults, resumeRun, startRun, type RunOptions } from '../run/start-run';
import { localRuns } from '../storage/local-runs';
import { runCheckpoints } from '../storage/run-checkpoints';
import { runStudy } from './run-study';
import { deviceStudies } from './study-store';

/** A new study on this device: cells the model cannot run are skipped from the start, with the reason. */
export function beginStudy(definition: StudyDefinition): StudyProgress {
  const plan = planRun(
    {
      modelId: definition.model,
      configIds: definition.configurations,
      referenceConfigId: definition.reference,
      keepUnsupported: true,
    },
    zoo.models,
  );
  const cannotRun = (configId: string) => {
    const route = plan.configurations.find((c) => c.configId === configId)?.route;
    return route && 'unsupported' in route ? route.unsupported : null;
  };
  const now = new Date().toISOString();
  return newStudyProgress(crypto.randomUUID(), definition, plan.referenceConfigId, now, cannotRun);
}

const sameStep = (study: RunOptions['study'], progress: StudyProgress, variant: string) =>
  study?.studyId === progress.studyId && study.variant === variant;

/**
 * Runs (or carries on) a study in this page: each step's run is found finished in History, resumed from
 * its checkpoint, or started; the progress is kept in IndexedDB after every step.
 */
export async function continueStudy(
  start: StudyProgress,
  onProgress: (progress: StudyProgress, run: LabProgress | null) => void = () => {},
  signal?: AbortSignal,
): Promise<StudyProgress> {
  const { definition } = start;
  const base = assetBaseUrl();
  const images = (await sampleImages(base, definition.images.limit)).length;
  const size = { images, warmupRuns: definition.warmupRuns, timedRuns: definition.timedRuns };
  let current = start;
  const onRun = (run: LabProgress) => onProgress(current, run);
  return runStudy(
    start,
    {
      save: async (progress) => void (await deviceStudies().studies.put((current = progress))),
      estimateMs: (configIds) =>
        estimateRunMs({ configIds: configIds.map((id) => parseConfigId(id).id) }, size),
      now: () => new Date().toISOString(),
      runStep: async (progress, step) => {
        // Finished and kept before the study could note it (a reload in between): taken as it is. A
        // cancelled one is not: the person stopped it, and carrying on the study runs that step again.
        const kept = await localRuns()
          .runs.filter(
            (run) => run.record.status === 'complete' && sameStep(run.record.study, progress, step.variant),
          )
          .first();
        if (kept) return kept.record;
        const unfinished = await runCheckpoints().unfinished<RunOptions>();
        const begun = unfinished.find((run) => sameStep(run.options.study, progress, step.variant));
        if (begun) return resumeRun(begun.runId, onRun, signal);
        const options: RunOptions = {
          modelId: definition.model,
          configIds: step.configIds,
          referenceConfigId: progress.referenceConfigId,
          images: { kind: 'samples' },
          limit: definition.images.limit,
          warmupRuns: definition.warmupRuns,
          timedRuns: definition.timedRuns,
          timeoutMs: defaults.timeoutMs,
          variant: step.variant,
          study: { studyId: progress.studyId, name: definition.name, variant: step.variant },
        };
        return startRun(options, onRun, signal);
      },
    },
    (progress) => onProgress((current = progress), null),
  );
}

/** The runs a study made, from this device's History, by run id. */
export async function studyRuns(progress: StudyProgress): Promise<Map<string, RunResult>> {
  const kept = await localRuns().runs.bulkGet(studyRunIds(progress));
  return new Map(kept.flatMap((run) => (run ? [[run.runId, run.record]] : [])));
}

/** What a study ends with, as plain JSON for the headless runner: its progress and every run it made. */
export async function studyOutcome(
  progress: StudyProgress,
): Promise<{ progress: StudyProgress; runs: RunResult[] }> {
  return { progress, runs: [...(await studyRuns(progress)).values()] };
}
