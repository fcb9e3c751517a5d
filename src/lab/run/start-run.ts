import { configurationsFor, defaultReference, isConfigId, type ConfigId } from '../../adapters/configurations';
import { describeIssues } from '../../core/describe-issues';
import { modelManifestSchema, type ModelManifest } from '../../core/model-manifest';
import type { RunResult } from '../../core/result-schema';
import { collectEnvironment } from './collect-environment';
import { localRuns } from '../storage/local-runs';
import { fileImages, folderImages, sampleImages } from '../images/image-sources';
import { resolveModel, resolveUserModel } from '../models/resolve-model';
import { userManifest, type UserModel } from '../user-model/user-model';
import { runLab, type LabProgress } from './run-lab';
import { zoo } from '../models/zoo';
import { version } from '../../../package.json';

/** Where the images come from: the embedded samples, a folder the server exposes, or the user's files. */
export type ImageChoice =
  | { kind: 'samples' }
  | { kind: 'folder'; url: string; name: string }
  | { kind: 'files'; files: File[]; name: string };

export interface RunOptions {
  /** A model of the zoo, or a manifest given whole (validated like the zoo's). */
  modelId?: string;
  manifest?: unknown;
  /** A model the person loaded (files or a URL they gave): runs from its bytes, needs no model id. */
  userModel?: UserModel;
  images: ImageChoice;
  /** Defaults to every configuration that runs the model's format. */
  configIds?: string[];
  referenceConfigId?: string;
  limit?: number;
  warmupRuns?: number;
  timedRuns?: number;
  timeoutMs?: number;
  /** The campaign the run contributes to, linked when the outbox uploads it. */
  campaignId?: string;
}

export const defaults = { warmupRuns: 3, timedRuns: 20, timeoutMs: 120_000 };

export function assetBaseUrl(): string {
  return new URL(import.meta.env.BASE_URL, location.href).href;
}

function chooseModel(options: RunOptions): ModelManifest {
  const given = options.userModel ? userManifest(options.userModel) : options.manifest;
  if (given !== undefined) {
    const parsed = modelManifestSchema.safeParse(given);
    if (!parsed.success) {
      throw new Error(`model manifest: ${describeIssues(parsed.error)}`);
    }
    return parsed.data;
  }
  const manifest = zoo.models.find((m) => m.id === options.modelId);
  if (!manifest)
    throw new Error(`unknown model "${options.modelId}" (known: ${zoo.models.map((m) => m.id).join(', ')})`);
  return manifest;
}

function chooseConfigs(options: RunOptions, manifest: ModelManifest): ConfigId[] {
  const { format } = manifest;
  const usable = configurationsFor(format, manifest.converted !== undefined).map((c) => c.id);
  if (!options.configIds?.length) return usable;
  const unknown = options.configIds.filter((id) => !isConfigId(id));
  if (unknown.length) throw new Error(`unknown configuration(s): ${unknown.join(', ')}`);
  const wrong = options.configIds.filter((id) => !usable.includes(id as ConfigId));
  if (wrong.length)
    throw new Error(`${wrong.join(', ')} cannot run ${format} models (use: ${usable.join(', ')})`);
  return options.configIds as ConfigId[];
}

/** Builds the plan from user choices (page or headless runner alike) and runs it. */
export async function startRun(
  options: RunOptions,
  onProgress?: (progress: LabProgress) => void,
  signal?: AbortSignal,
  betweenSteps?: () => Promise<void>,
): Promise<RunResult> {
  const manifest = chooseModel(options);
  const base = assetBaseUrl();
  const configIds = chooseConfigs(options, manifest);
  const referenceConfigId = (options.referenceConfigId ?? defaultReference(manifest.format)) as ConfigId;
  if (!configIds.includes(referenceConfigId)) {
    configIds.unshift(referenceConfigId);
  }
  const { images } = options;
  const [model, environment, sources] = await Promise.all([
    options.userModel ? resolveUserModel(manifest, options.userModel) : resolveModel(manifest, base),
    collectEnvironment(),
    images.kind === 'samples'
      ? sampleImages(base, options.limit)
      : images.kind === 'folder'
        ? folderImages(images.url, options.limit)
        : Promise.resolve(fileImages(images.files, options.limit)),
  ]);
  if (!sources.length)
    throw new Error('no images to run: the chosen folder or selection has no JPEG or PNG files');
  const result = await runLab(
    {
      model,
      imageSetName: images.kind === 'samples' ? 'crosscheck-samples' : images.name,
      images: sources,
      configIds,
      referenceConfigId,
      warmupRuns: options.warmupRuns ?? defaults.warmupRuns,
      timedRuns: options.timedRuns ?? defaults.timedRuns,
      timeoutMs: options.timeoutMs ?? defaults.timeoutMs,
      assetBaseUrl: base,
      environment,
      crosscheckVersion: version,
    },
    onProgress,
    signal,
    betweenSteps,
  );
  // Kept on the device before anyone looks at it: a closed tab or a failed upload cannot lose it.
  // Queued: the outbox sends it to the shared store when there is one.
  await localRuns().save(result, 'queued', options.campaignId ?? null);
  return result;
}
