import type { RunResult } from '../../core/result-schema';
import { collectEnvironment } from './collect-environment';
import { localRuns } from '../storage/local-runs';
import { runCheckpoints } from '../storage/run-checkpoints';
import type { RestoredRun } from './run-journal';
import { fileImages, folderImages, sampleImages } from '../images/image-sources';
import { resolveModel, resolveUserModel } from '../models/resolve-model';
import { resolveVariant } from '../models/resolve-variant';
import { planRun, type PlanOptions } from './plan-run';
import { runLab, type LabProgress } from './run-lab';
import { asRun } from './runs-in-progress';
import { defaultWarmupCap, warmupFloorMs } from '../../core/stats/steady-state';
import { zoo } from '../models/zoo';
import { localizeRun } from '../localize/localize-run';
import type { ReproBundle } from '../repro/make-bundle';
import { traceRun } from '../localize/trace-run';
import { version } from '../../../package.json';
import { errorText } from './config-lane';

/** Where the images come from: the embedded samples, a folder the server exposes, or the user's files. */
export type ImageChoice =
  | { kind: 'samples' }
  | { kind: 'folder'; url: string; name: string }
  | { kind: 'files'; files: File[]; name: string };

/** The model and configurations (see `planRun`), the images, and the timing settings. */
export interface RunOptions extends PlanOptions {
  images: ImageChoice;
  limit?: number;
  warmupRuns?: number;
  timedRuns?: number;
  timeoutMs?: number;
  /** A profiling pass per configuration after its images: time per op (docs/fuzzing-and-profiling.md). */
  profile?: boolean;
  /** The campaign the run contributes to, linked when the outbox uploads it. */
  campaignId?: string;
  /** Localize each configuration that does not agree, on its first disagreeing image (docs/localization.md). */
  localize?: boolean;
  /** With `localize`: make each localization's repro bundle (docs/repro-bundles.md), handed to `onReproBundle`. */
  repro?: boolean;
  /** Keep every node output's summary on the first image, per configuration (docs/cross-device-localization.md). */
  trace?: boolean;
  /** The study this run is one variant's run of, kept in the record (docs/studies.md). */
  study?: NonNullable<RunResult['study']>;
}

/** Told each repro bundle a run with `repro` makes, or why one could not be made. */
export type ReproSink = (bundle: ReproBundle | { suspectId: string; failed: string }) => void;

/** warmupRuns is a cap: warm-up ends as soon as the times are steady (two windows of five agree). */
export const defaults = { warmupRuns: defaultWarmupCap, timedRuns: 20, timeoutMs: 120_000, profileRuns: 5 };

export function assetBaseUrl(): string {
  return new URL(import.meta.env.BASE_URL, location.href).href;
}

/**
 * Builds the plan from user choices (page or headless runner alike) and runs it, checkpointing as it goes;
 * `restored` carries on an interrupted attempt of the same run.
 */
async function execute(
  options: RunOptions,
  restored: RestoredRun | null,
  onProgress?: (progress: LabProgress) => void,
  signal?: AbortSignal,
  betweenSteps?: () => Promise<void>,
  onReproBundle?: ReproSink,
): Promise<RunResult> {
  const { manifest, configIds, referenceConfigId, variant: spec } = planRun(options, zoo.models);
  const base = assetBaseUrl();
  const { images } = options;
  // Collected while the first model loads (run-lab waits for it before timing): GPU probes can take a
  // second on some devices, which a person would otherwise wait through before the first labels.
  const environment = collectEnvironment();
  environment.catch(() => {}); // a failure surfaces where run-lab awaits it
  const [model, sources] = await Promise.all([
    options.userModel ? resolveUserModel(manifest, options.userModel) : resolveModel(manifest, base),
    images.kind === 'samples'
      ? sampleImages(base, options.limit)
      : images.kind === 'folder'
        ? folderImages(images.url, options.limit)
        : Promise.resolve(fileImages(images.files, options.limit)),
  ]);
  if (!sources.length)
    throw new Error('no images to run: the chosen folder or selection has no JPEG or PNG files');
  const variant = spec ? await resolveVariant(model, spec) : undefined;
  const warmupRuns = options.warmupRuns ?? defaults.warmupRuns;
  const checkpoints = runCheckpoints();
  const journal = checkpoints.journal(options, { modelId: manifest.id, configIds }, restored);
  let result: RunResult;
  try {
    result = await runLab(
      {
        model,
        imageSetName: images.kind === 'samples' ? 'crosscheck-samples' : images.name,
        images: sources,
        configIds,
        referenceConfigId,
        warmupRuns,
        warmupMinMs: warmupFloorMs(warmupRuns),
        timedRuns: options.timedRuns ?? defaults.timedRuns,
        timeoutMs: options.timeoutMs ?? defaults.timeoutMs,
        profileRuns: options.profile ? defaults.profileRuns : 0,
        assetBaseUrl: base,
        environment,
        crosscheckVersion: version,
        journal,
        variant,
      },
      onProgress,
      signal,
      betweenSteps,
    );
  } catch (error) {
    // A cancelled run is not offered for resuming; one that failed or was cut off is.
    if (signal?.aborted && journal.runId) await checkpoints.discard(journal.runId);
    throw error;
  }
  const context = () => ({
    result,
    model: async () => model,
    image: (name: string) => sources.find((s) => s.name === name) ?? null,
    assetBaseUrl: base,
    timeoutMs: options.timeoutMs ?? defaults.timeoutMs,
  });
  if (options.localize) {
    const makers: { suspectId: string; make: () => Promise<ReproBundle> }[] = [];
    const keep = options.repro
      ? (record: { suspectId: string }, make: () => Promise<ReproBundle>) =>
          makers.push({ suspectId: record.suspectId, make })
      : undefined;
    result = { ...result, localizations: await localizeRun(context(), undefined, keep) };
    for (const { suspectId, make } of makers)
      onReproBundle?.(await make().catch((error: unknown) => ({ suspectId, failed: errorText(error) })));
  }
  if (options.trace) result = { ...result, trace: await traceRun(context()) };
  if (options.study) result = { ...result, study: options.study };
  // Kept on the device before anyone looks at it: a closed tab or a failed upload cannot lose it.
  // Queued: the outbox sends it to the shared store when there is one.
  await localRuns().save(result, 'queued', options.campaignId ?? null);
  await checkpoints.discard(result.runId);
  return result;
}

/** Runs the user's choices (page or headless runner alike). */
export function startRun(
  options: RunOptions,
  onProgress?: (progress: LabProgress) => void,
  signal?: AbortSignal,
  betweenSteps?: () => Promise<void>,
  onReproBundle?: ReproSink,
): Promise<RunResult> {
  return asRun(() => execute(options, null, onProgress, signal, betweenSteps, onReproBundle));
}

/** Carries on a run that stopped (reload, crash, killed tab) from its last checkpoint, keeping all it measured. */
export async function resumeRun(
  runId: string,
  onProgress?: (progress: LabProgress) => void,
  signal?: AbortSignal,
  betweenSteps?: () => Promise<void>,
  onReproBundle?: ReproSink,
): Promise<RunResult> {
  return asRun(async () => {
    const found = await runCheckpoints().restore<RunOptions>(runId);
    if (!found) throw new Error(`no unfinished run ${runId} on this device`);
    return execute(found.run.options, found.restored, onProgress, signal, betweenSteps, onReproBundle);
  });
}
